// The shapes the annotation parser hands to the rest of Hyperlens: annotated
// values with their exact text spans, the file's directives, and the problems
// found, each pinned to a line and column for diagnostics.

import type { Direction, Distribution, ParamValue } from '../engine/space';

export type HostLanguage = 'yaml' | 'toml' | 'json' | 'python' | 'env' | 'ini';

/** UTF-16 offsets into the text; `end` is exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface AnnotatedValue {
  /** From the key path, or the annotation's `name=` option. */
  name: string;
  distribution: Distribution;
  /** The literal's value in the file, typed as the host language types it. */
  current: ParamValue;
  /** The value literal only: replacing this text changes the value and nothing else. */
  span: Span;
  /** 1-based, of the value literal. */
  line: number;
  column: number;
  /** The `@tune ...` text inside the comment. */
  annotation: Span;
}

export interface Objective {
  metric: string;
  direction: Direction;
}

/** `@tune.metric name /regex/flags`: the first capture group (or the whole match) is the number. */
export interface MetricPattern {
  name: string;
  pattern: string;
  flags: string;
}

/** A module (relative to the annotated file) and the function it exports, called by the trial host. */
export interface EntrySpec {
  file: string;
  export: string;
}

export interface Constraint {
  metric: string;
  op: '<=' | '>=';
  value: number;
}

export interface Directives {
  /** Raw template text after `@tune.command`. */
  command?: string;
  commandLine?: number;
  /** `@tune.entry train.js#train`: a TensorFlow.js trial instead of a command. */
  entry?: EntrySpec;
  entryLine?: number;
  /** Several `@tune.objective` lines make a multi-objective study. */
  objectives: Objective[];
  metrics: MetricPattern[];
  constraints: Constraint[];
  trials?: number;
  parallel?: number;
  /** The whole run's time budget. */
  timeoutSeconds?: number;
  /** Each trial's time limit. */
  trialTimeoutSeconds?: number;
  sampler?: string;
  pruner?: string;
  /** The text after `@tune.pbt` (`interval=5 population=8`), checked when parsed. */
  pbt?: string;
  executor?: string;
  seed?: number;
  /** `@tune.gpus-per-trial K`: distinct GPUs each trial gets. */
  gpusPerTrial?: number;
  /** `@tune.trials-per-gpu M`: trials that share one GPU. */
  trialsPerGpu?: number;
  /** `@tune.skip-busy-gpus MIB`: leave out GPUs with more memory than this in use. */
  skipBusyGpusMiB?: number;
}

export interface AnnotationError {
  file: string;
  line: number;
  column: number;
  /** The part of the annotation at fault (`low`, `step`, `choices`, `trials`, ...). */
  field?: string;
  message: string;
  span?: Span;
}

export interface ParsedConfig {
  file: string;
  language: HostLanguage;
  text: string;
  /** Only annotations without errors, in file order. */
  values: AnnotatedValue[];
  directives: Directives;
  errors: AnnotationError[];
}
