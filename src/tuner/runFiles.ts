// A run as the tuner keeps it on disk: run.json (what to run and how), a
// snapshot of the annotated file as it was at the start (so a resume renders
// the same trials even after the person edits the file), and the journal.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Constraint, EntrySpec, HostLanguage, MetricPattern, Objective, ParsedConfig } from '../annotations';
import { spaceOf } from '../annotations';
import type { Direction, SearchSpace } from '../engine/space';
import { createRunDir, readRunInfo } from '../store/runDir';
import type { RunSettings } from './settings';

export type RunState = 'running' | 'finished' | 'interrupted' | 'failed';

/** run.json as the tuner writes it: the store's RunInfo with the tuner's fields typed. */
export interface HyperlensRun {
  id: string;
  dir: string;
  createdAt: string;
  source: string;
  sourceHash: string;
  language: HostLanguage;
  /** The file name of the snapshot of the source inside the run directory. */
  snapshot: string;
  /** The `@tune.command` template; '' for a TensorFlow.js run (`entry`). */
  command: string;
  /** `@tune.entry`: the module (relative to `source`'s folder) and function the trial host calls; absent in command runs and older runs. */
  entry?: EntrySpec;
  settings: RunSettings;
  space: SearchSpace;
  directions: Direction[];
  objectives: Objective[];
  metricPatterns: MetricPattern[];
  /** `@tune.constraint` lines; absent in runs made before constraints existed. */
  constraints?: Constraint[];
  state: RunState;
  /** Earlier runs whose compatible trials this run starts from (see warmStart.ts). */
  warmStartFrom?: string[];
  pid?: number;
  endedAt?: string;
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Creates the run directory for a parsed, error-free file (a `@tune.entry` file has no command; its entry is taken from `parsed`). */
export function createRun(runsDir: string, parsed: ParsedConfig, command: string | undefined, objectives: Objective[], settings: RunSettings, warmStartFrom?: string[]): HyperlensRun {
  const source = path.resolve(parsed.file);
  const snapshot = `source${path.extname(source) || '.txt'}`;
  const info = createRunDir(
    runsDir,
    {
      source,
      sourceHash: sha256(parsed.text),
      language: parsed.language,
      snapshot,
      command: command ?? '',
      ...(parsed.directives.entry ? { entry: { ...parsed.directives.entry } } : {}),
      settings: { ...settings } as unknown as Record<string, unknown>,
      space: spaceOf(parsed),
      directions: objectives.map((o) => o.direction),
      objectives,
      metricPatterns: parsed.directives.metrics,
      constraints: parsed.directives.constraints,
      ...(warmStartFrom?.length ? { warmStartFrom } : {}),
      state: 'running',
    },
    runStem(source),
  );
  fs.writeFileSync(path.join(info.dir, snapshot), parsed.text);
  return info as unknown as HyperlensRun;
}

/** `quickstart-config` for examples/quickstart/config.yaml: a bare `config` says little in a list of runs. */
function runStem(source: string): string {
  const stem = path.basename(source, path.extname(source)).replace(/^\./, '') || 'run';
  const generic = ['config', 'configs', 'params', 'hparams', 'hyperparams', 'settings', 'env', 'train', 'default'];
  return generic.includes(stem.toLowerCase()) ? `${path.basename(path.dirname(source))}-${stem}` : stem;
}

export function readRun(runDir: string): HyperlensRun {
  return readRunInfo(runDir) as unknown as HyperlensRun;
}

export function snapshotPath(run: HyperlensRun): string {
  return path.join(run.dir, run.snapshot);
}
