// One run: one pruner on one task and seed, trials one after another, each
// running configuration k of the seed's stream step by step until the
// pruner stops it or it reaches maxStep, until the step budget is spent.
import type { ConfigStream } from './configStream';
import type { Contender, PrunerHandle } from './contenders';
import type { TrialOutcome } from './metrics';
import type { PrunerTask, SeedCurves } from './tasks';

export interface RunResult {
  task: string;
  pruner: string;
  seed: number;
  /** Steps the run could spend. */
  budget: number;
  trials: TrialOutcome[];
  wallMs: number;
  error?: string;
}

export async function runOne(task: PrunerTask, c: Contender, seed: number, budget: number, stream: ConfigStream, curves: SeedCurves, handle: PrunerHandle): Promise<RunResult> {
  const started = performance.now();
  const trials: TrialOutcome[] = [];
  let spent = 0;
  try {
    while (spent < budget) {
      const index = await handle.ask();
      const params = stream.get(index);
      let state: TrialOutcome['state'] = 'cut';
      let steps = 0;
      let last = NaN;
      for (let t = 1; t <= task.maxStep && spent < budget; t++) {
        last = curves.value(index, params, t);
        spent++;
        steps = t;
        // A trial at its last step has spent its budget: stopping it would save nothing.
        const prune = await handle.report(index, t, last, t < task.maxStep);
        if (t === task.maxStep) state = 'complete';
        else if (prune) state = 'pruned';
        if (state !== 'cut') break;
      }
      // 'cut': the run's budget ran out mid-trial; the run ends with it.
      await handle.tell(index, state === 'cut' ? 'failed' : state, state === 'complete' ? last : undefined);
      trials.push({ index, steps, state, final: state === 'complete' ? last : undefined, endedAt: spent });
    }
    return { task: task.name, pruner: c.id, seed, budget, trials, wallMs: performance.now() - started };
  } catch (e) {
    return { task: task.name, pruner: c.id, seed, budget, trials, wallMs: performance.now() - started, error: (e as Error).message };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
