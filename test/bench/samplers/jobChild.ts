// A forked benchmark child: takes jobs from the pool one at a time and keeps
// one Optuna worker for all of them (Python starts once per child).
import { OptunaWorker } from './optunaClient';
import type { FromChild, ToChild } from './pool';
import { runOne } from './pool';

const worker = new OptunaWorker(process.argv[2]);

process.on('message', (m: ToChild) => {
  if (m.type === 'stop') {
    worker.stop();
    process.disconnect();
    return;
  }
  void runOne(m.job, () => worker).then((result) => process.send!({ type: 'result', result } satisfies FromChild));
});
