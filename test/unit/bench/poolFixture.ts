// A job kind for the shared pool's tests (common.test.ts): doubles numbers,
// and a child given a negative one dies, as a crashing benchmark child would.
import * as path from 'node:path';
import type { JobKind } from '../../bench/common/pool';

export const DOUBLING: JobKind<number, number | string, { stop(): void }> = {
  childScript: path.join(__dirname, 'poolFixtureChild.js'),
  newWorker: () => ({ stop: () => undefined }),
  run: async (n) => {
    if (n < 0) process.exit(3);
    return 2 * n;
  },
  lost: (n, error) => `lost ${n}: ${error.message}`,
};
