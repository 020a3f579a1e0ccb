// A forked benchmark child: takes seed jobs from the pool one at a time and
// keeps one Optuna worker for all of them (Python starts once per child).
import { OptunaPrunerWorker } from './optunaPrunerClient';
import type { FromChild, ToChild } from './pool';
import { runSeed } from './runSeed';

const worker = new OptunaPrunerWorker(process.argv[2]);

process.on('message', (m: ToChild) => {
  if (m.type === 'stop') {
    worker.stop();
    process.disconnect();
    return;
  }
  void runSeed(m.job, () => worker).then((result) => process.send!({ type: 'result', result } satisfies FromChild));
});
