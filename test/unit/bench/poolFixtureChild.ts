// The forked child of DOUBLING (poolFixture.ts).
import { serveJobs } from '../../bench/common/pool';
import { DOUBLING } from './poolFixture';

serveJobs(DOUBLING);
