// `hyperlens tune <file>`: start a run of an annotated file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatAnnotationError, parseConfig, type ParsedConfig } from '../../annotations';
import { createSampler } from '../../engine/samplers';
import { splitCommandLine } from '../../executors/commandLine';
import { defaultRunsDir } from '../../store/runDir';
import { createRun } from '../../tuner/runFiles';
import { resolveSettings } from '../../tuner/settings';
import { UsageError } from '../errors';
import { durationFlag, intFlag, parseFlags } from '../flags';
import { runAndReport } from './runCommon';

export const TUNE_USAGE =
  'hyperlens tune <file> [--trials N] [--parallel N] [--sampler NAME] [--seed N] [--timeout DUR] [--trial-timeout DUR] [--runs-dir DIR] [--json]';

export async function tuneCommand(argv: string[]): Promise<number> {
  const { values, args } = parseFlags(
    argv,
    {
      trials: { type: 'string', short: 'n' },
      parallel: { type: 'string', short: 'p' },
      sampler: { type: 'string' },
      seed: { type: 'string' },
      timeout: { type: 'string' },
      'trial-timeout': { type: 'string' },
      'runs-dir': { type: 'string' },
      json: { type: 'boolean' },
    },
    ['file'],
  );
  const file = path.resolve(args[0]);
  const parsed = loadAnnotatedFile(file);
  const settings = resolveSettings(parsed.directives, {
    trials: intFlag(values, 'trials', 1),
    parallel: intFlag(values, 'parallel', 1),
    sampler: values.sampler as string | undefined,
    seed: intFlag(values, 'seed', 0),
    timeoutSeconds: durationFlag(values, 'timeout'),
    trialTimeoutSeconds: durationFlag(values, 'trial-timeout'),
  });
  try {
    createSampler(settings.sampler);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const runsDir = path.resolve((values['runs-dir'] as string | undefined) ?? defaultRunsDir(process.cwd()));
  const run = createRun(runsDir, parsed, parsed.directives.command!, parsed.directives.objectives, settings);
  return runAndReport(run.dir, Boolean(values.json));
}

/** Reads and parses a file, turning every problem into one UsageError naming file:line:col. */
export function loadAnnotatedFile(file: string): ParsedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let parsed: ParsedConfig;
  try {
    parsed = parseConfig(text, file);
  } catch (err) {
    throw new UsageError(`${file}:1:1: ${(err as Error).message}`);
  }
  const problems = parsed.errors.map(formatAnnotationError);
  const d = parsed.directives;
  if (parsed.values.length === 0 && parsed.errors.length === 0) {
    problems.push(`${file}:1:1: no value is annotated: mark one with a comment like \`lr: 0.001  # @tune float(1e-5, 1e-1, log)\``);
  }
  if (!d.command) {
    problems.push(`${file}:1:1: command: no @tune.command directive: add a comment line like \`# @tune.command python train.py --config {config}\``);
  } else {
    try {
      splitCommandLine(d.command);
    } catch (err) {
      problems.push(`${file}:${d.commandLine ?? 1}:1: command: ${(err as Error).message}`);
    }
  }
  if (d.objectives.length === 0) {
    problems.push(`${file}:1:1: objective: no @tune.objective directive: add a comment line like \`# @tune.objective val_loss min\``);
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return parsed;
}
