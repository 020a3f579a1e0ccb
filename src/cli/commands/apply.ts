// `hyperlens apply <run> [--trial N]`: write a trial's values into the
// annotated file, changing only those values' text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, renderConfig } from '../../annotations';
import type { ParamValue, Params } from '../../engine/space';
import { bestTrial } from '../../engine/study';
import { RunJournal } from '../../store/runJournal';
import { readRun } from '../../tuner/runFiles';
import { UsageError } from '../errors';
import { intFlag, parseFlags } from '../flags';
import { findRun } from './resume';

export const APPLY_USAGE = 'hyperlens apply <run> [--trial N] [--file PATH] [--runs-dir DIR] [--dry-run]';

export function applyCommand(argv: string[]): number {
  const { values, args } = parseFlags(
    argv,
    { trial: { type: 'string' }, file: { type: 'string' }, 'runs-dir': { type: 'string' }, 'dry-run': { type: 'boolean' } },
    ['run'],
  );
  const runDir = findRun(args[0], values['runs-dir'] as string | undefined);
  const run = readRun(runDir);
  const trials = RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials;
  const number = intFlag(values, 'trial', 0);
  const trial = number === undefined ? bestTrial(trials, run.directions) : trials.find((t) => t.number === number);
  if (!trial) throw new UsageError(number === undefined ? `run ${run.id} has no complete trial to apply` : `run ${run.id} has no trial ${number}`);
  if (trial.state !== 'complete') throw new UsageError(`trial ${trial.number} of run ${run.id} is ${trial.state}, not complete`);

  const file = path.resolve((values.file as string | undefined) ?? run.source);
  if (!fs.existsSync(file)) throw new UsageError(`${file}: the annotated file is gone; pass --file with its new path`);
  const text = fs.readFileSync(file, 'utf8');
  const parsed = parseConfig(text, file);
  const present = new Set(parsed.values.map((v) => v.name));
  const update: Params = {};
  const missing: string[] = [];
  for (const [name, value] of Object.entries(trial.params)) {
    if (present.has(name)) update[name] = value;
    else missing.push(name);
  }
  const changes = parsed.values.filter((v) => v.name in update && v.current !== update[v.name]);
  for (const v of changes) {
    process.stdout.write(`${path.basename(file)}:${v.line}: ${v.name}: ${exact(v.current)} -> ${exact(update[v.name])}\n`);
  }
  for (const name of missing) process.stderr.write(`warning: ${name} is no longer annotated in ${file}; left out\n`);
  if (changes.length === 0) {
    process.stdout.write(`${path.basename(file)} already holds the values of trial #${trial.number}.\n`);
    return 0;
  }
  if (values['dry-run']) return 0;
  const rendered = renderConfig(parsed, update);
  // Write beside and rename, so a crash never leaves a half-written config.
  const tmp = `${file}.hyperlens-${process.pid}.tmp`;
  fs.writeFileSync(tmp, rendered, { mode: fs.statSync(file).mode });
  fs.renameSync(tmp, file);
  process.stdout.write(`Applied trial #${trial.number} of run ${run.id} to ${file} (${changes.length} value(s)).\n`);
  return 0;
}

/** The value as it will be written: exact, not rounded for display. */
function exact(v: ParamValue): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
