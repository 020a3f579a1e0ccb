// Times our samplers' asks in a fresh process: the benchmark's main process
// holds every run's results, and its garbage collector would be timed with
// the asks (a random ask read 0.24 ms there and 9 µs here).
import { measureOverhead, type OverheadRow } from './overhead';
import type { BenchSampler } from './samplers';

interface Request {
  samplers: BenchSampler[];
  sizes: number[];
  capS: number;
}

process.once('message', (m) => {
  const req = m as Request;
  measureOverhead(req.samplers, {
    sizes: req.sizes,
    capS: req.capS,
    worker: () => {
      throw new Error('the overhead child times only our samplers');
    },
    log: (line) => process.send?.({ log: line }),
  }).then(
    (rows: OverheadRow[]) => process.send?.({ rows }, () => process.exit(0)),
    (err: Error) => process.send?.({ error: err.message }, () => process.exit(1)),
  );
});
