// Ask overhead: the median time of one ask on a study that already holds
// 100, 1000 or 10000 complete trials, d = 10, for every sampler, ours and
// Optuna's. Studies are filled with the same random trials without asking the
// sampler, so only the asks under the clock cost sampler time.
import { MemoryStorage } from '../../../src/engine/memoryStorage';
import { Rng } from '../../../src/engine/random';
import { createSampler } from '../../../src/engine/samplers';
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';
import { Study } from '../../../src/engine/study';
import type { OptunaWorker } from './optunaClient';
import type { BenchSampler } from './samplers';
import { median } from './stats';

export const OVERHEAD_DIM = 10;

export interface OverheadCell {
  /** Median ms of one ask, when measured. */
  ms?: number;
  asks?: number;
  /** Why it was not measured (over the time cap). */
  skipped?: string;
}

export interface OverheadRow {
  sampler: string;
  objectives: number;
  /** Study size -> cell. */
  cells: Record<number, OverheadCell>;
}

export interface OverheadOptions {
  sizes: number[];
  /** Seconds one sampler may spend at one size (asks only); larger sizes are skipped once over it. */
  capS: number;
  worker: () => OptunaWorker;
  log(line: string): void;
}

const SPACE: SearchSpace = Object.fromEntries(
  Array.from({ length: OVERHEAD_DIM }, (_, i) => [`x${i}`, { type: 'float', low: -5, high: 5, log: false }]),
);

/** Sphere for one objective; sphere and a shifted sphere for two. */
function evaluate(p: Params, objectives: number): number[] {
  let a = 0;
  let b = 0;
  for (let i = 0; i < OVERHEAD_DIM; i++) {
    const x = p[`x${i}`] as number;
    a += x * x;
    b += (x - 1) ** 2;
  }
  return objectives === 1 ? [a] : [a, b];
}

function randomTrials(n: number, objectives: number): Array<{ params: Params; values: number[] }> {
  const rng = new Rng(7 + n);
  return Array.from({ length: n }, () => {
    const params: Params = {};
    for (let i = 0; i < OVERHEAD_DIM; i++) params[`x${i}`] = -5 + 10 * rng.next();
    return { params, values: evaluate(params, objectives) };
  });
}

function minAsks(size: number): number {
  return size <= 100 ? 9 : size <= 1000 ? 5 : 3;
}

/** Keep timing cheap asks a while longer: their medians are noisier. */
function maxAsks(size: number): number {
  return Math.max(minAsks(size), Math.min(200, size / 2));
}

export async function measureOverhead(samplers: readonly BenchSampler[], options: OverheadOptions): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  for (const s of samplers) {
    const objectives = s.objectives === 'multi' ? 2 : 1;
    const row: OverheadRow = { sampler: s.id, objectives, cells: {} };
    const seen: Array<[number, number]> = [];
    let skipRest: string | undefined;
    for (const size of options.sizes) {
      if (skipRest) {
        row.cells[size] = { skipped: skipRest };
        continue;
      }
      const expected = expectedMs(seen, size);
      if (expected !== undefined && (expected * (minAsks(size) + 1)) / 1000 > options.capS) {
        skipRest = `skipped: ~${formatMs(expected)} an ask expected, over the ${options.capS} s cap`;
        row.cells[size] = { skipped: skipRest };
        options.log(`overhead ${s.id} @${size}: ${skipRest}`);
        continue;
      }
      try {
        const times = s.engine === 'optuna' ? await timeOptuna(s, size, objectives, options) : timeOurs(s, size, objectives, options.capS);
        const ms = median(times);
        row.cells[size] = { ms, asks: times.length };
        seen.push([size, ms]);
        options.log(`overhead ${s.id} @${size}: ${formatMs(ms)} an ask (median of ${times.length})`);
      } catch (e) {
        skipRest = `failed: ${(e as Error).message}`;
        row.cells[size] = { skipped: skipRest };
        options.log(`overhead ${s.id} @${size}: ${skipRest}`);
      }
    }
    rows.push(row);
  }
  return rows;
}

/** Extrapolates from the sizes measured so far, assuming at least linear growth. */
export function expectedMs(seen: ReadonlyArray<[number, number]>, size: number): number | undefined {
  if (seen.length === 0) return undefined;
  const [n1, t1] = seen[seen.length - 1];
  let exponent = 1;
  if (seen.length >= 2) {
    const [n0, t0] = seen[seen.length - 2];
    if (t0 > 0 && t1 > 0) exponent = Math.min(3, Math.max(1, Math.log(t1 / t0) / Math.log(n1 / n0)));
  }
  return t1 * (size / n1) ** exponent;
}

function timeOurs(s: BenchSampler, size: number, objectives: number, capS: number): number[] {
  const directions: Direction[] = new Array<Direction>(objectives).fill('minimize');
  const storage = new MemoryStorage('overhead', directions);
  for (const t of randomTrials(size, objectives)) {
    const n = storage.createTrial(t.params, SPACE);
    storage.finishTrial(n, 'complete', t.values);
  }
  const study = new Study({ space: SPACE, directions, sampler: createSampler(s.name, 0), storage, seed: 0 });
  const times: number[] = [];
  let spent = 0;
  // Settle the heap the fill just grew (collected now, not during the timed
  // asks; the overhead child runs with --expose-gc), then warm up: the
  // first asks compile code and fill caches and are not counted.
  (globalThis as { gc?: () => void }).gc?.();
  const warmUp = 10;
  for (let i = 0; times.length < maxAsks(size); i++) {
    const start = performance.now();
    const asked = study.ask();
    const ms = performance.now() - start;
    study.tell(asked.number, 'complete', evaluate(asked.params, objectives));
    if (i < warmUp && ms < 1000) continue;
    times.push(ms);
    spent += ms;
    if (times.length >= minAsks(size) && spent > 300) break;
    if (spent > capS * 1000) break;
  }
  return times;
}

async function timeOptuna(s: BenchSampler, size: number, objectives: number, options: OverheadOptions): Promise<number[]> {
  const w = options.worker();
  const directions: Direction[] = new Array<Direction>(objectives).fill('minimize');
  const study = await w.createStudy(s.name, 0, directions, SPACE);
  try {
    const trials = randomTrials(size, objectives);
    for (let i = 0; i < trials.length; i += 2500) await w.addTrials(study, trials.slice(i, i + 2500), 300_000);
    const times: number[] = [];
    let spent = 0;
    for (let i = 0; times.length < maxAsks(size); i++) {
      const asked = await w.ask(study, 2 * options.capS * 1000);
      await w.tell(study, asked.number, evaluate(asked.params, objectives));
      if (i === 0) continue;
      times.push(asked.askMs);
      spent += asked.askMs;
      if (times.length >= minAsks(size) && spent > 300) break;
      if (spent > options.capS * 1000) break;
    }
    return times;
  } finally {
    await w.closeStudy(study).catch(() => undefined);
  }
}

export function formatMs(ms: number): string {
  if (ms < 0.1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
