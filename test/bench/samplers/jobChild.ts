// A forked benchmark child: takes jobs from the pool one at a time and keeps
// one Optuna worker for all of them (Python starts once per child).
import { serveJobs } from '../common/pool';
import { SAMPLER_JOBS } from './pool';

serveJobs(SAMPLER_JOBS);
