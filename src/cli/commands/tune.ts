// `hyperlens tune <file>`: start a run of an annotated file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatAnnotationError, parseConfig, runProblems, spaceOf, type ParsedConfig } from '../../annotations';
import { createPruner } from '../../engine/pruners';
import { createSampler } from '../../engine/samplers';
import { defaultRunsDir } from '../../store/runDir';
import { createRun } from '../../tuner/runFiles';
import { resolveSettings, type RunSettings } from '../../tuner/settings';
import { UsageError } from '../errors';
import { durationFlag, intFlag, parseFlags } from '../flags';
import { findRun } from './resume';
import { runAndReport } from './runCommon';

export const TUNE_USAGE =
  'hyperlens tune <file> [--trials N] [--parallel N] [--sampler NAME] [--pruner NAME] [--pbt "interval=N population=P"] [--seed N] [--timeout DUR] [--trial-timeout DUR] [--gpus-per-trial K] [--trials-per-gpu M] [--skip-busy-gpus MIB] [--warm-start RUN[,RUN...]] [--runs-dir DIR] [--json]';

export async function tuneCommand(argv: string[]): Promise<number> {
  const { values, args } = parseFlags(
    argv,
    {
      trials: { type: 'string', short: 'n' },
      parallel: { type: 'string', short: 'p' },
      sampler: { type: 'string' },
      pruner: { type: 'string' },
      pbt: { type: 'string' },
      seed: { type: 'string' },
      timeout: { type: 'string' },
      'trial-timeout': { type: 'string' },
      'gpus-per-trial': { type: 'string' },
      'trials-per-gpu': { type: 'string' },
      'skip-busy-gpus': { type: 'string' },
      'runs-dir': { type: 'string' },
      'warm-start': { type: 'string' },
      json: { type: 'boolean' },
    },
    ['file'],
  );
  const file = path.resolve(args[0]);
  const parsed = loadAnnotatedFile(file);
  let settings: RunSettings;
  try {
    settings = resolveSettings(
      parsed.directives,
      {
        trials: intFlag(values, 'trials', 1),
        parallel: intFlag(values, 'parallel', 1),
        sampler: values.sampler as string | undefined,
        pruner: values.pruner as string | undefined,
        pbt: values.pbt as string | undefined,
        seed: intFlag(values, 'seed', 0),
        timeoutSeconds: durationFlag(values, 'timeout'),
        trialTimeoutSeconds: durationFlag(values, 'trial-timeout'),
        gpusPerTrial: intFlag(values, 'gpus-per-trial', 1),
        trialsPerGpu: intFlag(values, 'trials-per-gpu', 1),
        skipBusyGpusMiB: intFlag(values, 'skip-busy-gpus', 0),
      },
      spaceOf(parsed),
    );
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file}: ${(err as Error).message}`);
  }
  try {
    createSampler(settings.sampler);
    const pruner = createPruner(settings.pruner ?? 'none');
    if (pruner.name !== 'none' && parsed.directives.objectives.length > 1) {
      throw new Error(`the ${pruner.name} pruner needs a single objective (${path.basename(file)} has ${parsed.directives.objectives.length}); use --pruner none`);
    }
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const runsDir = path.resolve((values['runs-dir'] as string | undefined) ?? defaultRunsDir(process.cwd()));
  // Earlier runs (ids or directories) whose completed trials that fit this space are kept.
  const warmStart = String(values['warm-start'] ?? '').split(',').filter((ref) => ref.trim()).map((ref) => findRun(ref.trim(), runsDir));
  const run = createRun(runsDir, parsed, parsed.directives.command!, parsed.directives.objectives, settings, warmStart);
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
  const problems = [...parsed.errors, ...runProblems(parsed)].map(formatAnnotationError);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return parsed;
}
