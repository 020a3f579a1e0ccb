// A forked benchmark child: takes seed jobs from the pool one at a time and
// keeps one Optuna worker for all of them (Python starts once per child).
import { serveJobs } from '../common/pool';
import { SEED_JOBS } from './pool';

serveJobs(SEED_JOBS);
