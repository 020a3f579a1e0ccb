// `hyperlens ask-tell`: the study over stdio as JSON lines, one answer per
// request and in order, so a program in any language can drive the engine.
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { MemoryStorage } from '../../engine/memoryStorage';
import { budgetOf, createPruner } from '../../engine/pruners';
import { createSampler } from '../../engine/samplers';
import { spaceFromJson, type Direction } from '../../engine/space';
import { Study } from '../../engine/study';
import { UsageError } from '../errors';
import { intFlag, parseFlags } from '../flags';

export const ASK_TELL_USAGE = 'hyperlens ask-tell --space FILE [--sampler NAME] [--pruner NAME] [--seed N] [--directions minimize[,maximize...]]';

export async function askTellCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(
    argv,
    { space: { type: 'string' }, sampler: { type: 'string' }, pruner: { type: 'string' }, seed: { type: 'string' }, directions: { type: 'string' } },
    [],
  );
  if (!values.space) throw new UsageError('--space FILE is required');
  const file = String(values.space);
  let spaceJson: unknown;
  try {
    spaceJson = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
  let study: Study;
  try {
    const space = spaceFromJson(spaceJson, file);
    const directions = parseDirections(String(values.directions ?? 'minimize'));
    const seed = intFlag(values, 'seed', 0);
    study = new Study({
      space,
      directions,
      sampler: createSampler(String(values.sampler ?? 'auto'), seed),
      storage: new MemoryStorage('ask-tell', directions),
      seed,
      // A fidelity parameter in the space is the budget axis the caller reports steps along.
      pruner: createPruner(String(values.pruner ?? 'none'), { ...budgetOf(space), seed }),
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message);
  }

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(JSON.stringify(answer(study, line)) + '\n');
  }
  return 0;
}

function parseDirections(text: string): Direction[] {
  return text.split(',').map((d) => {
    const t = d.trim().toLowerCase();
    if (t === 'minimize' || t === 'min') return 'minimize';
    if (t === 'maximize' || t === 'max') return 'maximize';
    throw new UsageError(`--directions: "${d}" is not minimize or maximize`);
  });
}

/** One request -> one answer; a bad request gets {"error"} and the session goes on. */
export function answer(study: Study, line: string): Record<string, unknown> {
  let req: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'a request must be a JSON object' };
    req = parsed as Record<string, unknown>;
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  try {
    switch (req.op) {
      case 'ask': {
        const t = study.ask();
        return { trial: t.number, params: t.params };
      }
      case 'tell': {
        if (typeof req.trial !== 'number' || !Number.isInteger(req.trial)) return { error: 'tell needs an integer "trial"' };
        const state = req.state ?? 'complete';
        if (state === 'complete') {
          const values = typeof req.value === 'number' ? [req.value] : req.values;
          if (!Array.isArray(values) || !values.every((v) => typeof v === 'number')) {
            return { error: 'tell needs "values": [number, ...] (or "state": "fail")' };
          }
          if (req.constraints !== undefined) {
            const c = req.constraints;
            if (!Array.isArray(c) || !c.every((v) => typeof v === 'number')) return { error: '"constraints" must be [number, ...] (feasible when <= 0)' };
            study.setConstraints(req.trial, c as number[]);
          }
          study.tell(req.trial, 'complete', values as number[]);
        } else if (state === 'fail' || state === 'failed') {
          study.tell(req.trial, 'failed');
        } else if (state === 'pruned' || state === 'prune') {
          study.tell(req.trial, 'pruned');
        } else {
          return { error: `unknown state ${JSON.stringify(state)} (complete, fail, pruned)` };
        }
        return { ok: true };
      }
      case 'report': {
        if (typeof req.trial !== 'number' || !Number.isInteger(req.trial)) return { error: 'report needs an integer "trial"' };
        if (typeof req.step !== 'number' || !Number.isInteger(req.step) || req.step < 0) return { error: 'report needs "step": a whole number >= 0' };
        // NaN and infinities cannot travel in JSON; a caller that has one sends null (or the string).
        const value = req.value === null || req.value === 'NaN' ? NaN : req.value === 'Infinity' ? Infinity : req.value === '-Infinity' ? -Infinity : req.value;
        if (typeof value !== 'number') return { error: 'report needs "value": a number (null for NaN)' };
        const current = study.trials().find((t) => t.number === req.trial);
        if (!current) return { error: `no trial ${req.trial}` };
        if (current.state !== 'running') return { error: `trial ${req.trial} is already ${current.state}` };
        const decision = study.report(req.trial, req.step, value);
        return decision.prune ? { prune: true, reason: decision.reason } : { prune: false };
      }
      case 'best': {
        const best = study.best();
        if (!best) return { error: 'no complete trial yet' };
        return { trial: best.number, params: best.params, values: best.values };
      }
      default:
        return { error: `unknown op ${JSON.stringify(req.op)} (ask, tell, report, best)` };
    }
  } catch (err) {
    return { error: (err as Error).message };
  }
}
