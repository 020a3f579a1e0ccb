// The `ctx` a TensorFlow.js train function gets: the trial's parameters,
// TensorFlow.js itself, report() and shouldStop() as the Python helper has
// them (python/hyperlens/__init__.py), and the checkpoint folders. Reports
// are the same JSON lines the helper writes to HYPERLENS_METRICS_FILE, or
// `@tune {...}` on stdout when run by hand.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendInfo } from './record';

export interface TrainContext {
  /** The TensorFlow.js namespace, with the backend the trial got already set. */
  tf: unknown;
  /** name -> value, from HYPERLENS_PARAMS ({} when run by hand); also train's first argument. */
  params: Record<string, unknown>;
  trial: number | undefined;
  trialDir: string | undefined;
  /** Save checkpoints here (created): HYPERLENS_CHECKPOINT_DIR, or ./checkpoints by hand. */
  checkpointDir: string;
  /** A checkpoint folder to start from (PBT, promoted rung trials), or undefined. */
  restoreFrom: string | undefined;
  backend: BackendInfo;
  /** One set of metrics, e.g. after an epoch: report(3, { val_loss: 0.41 }) or report({ val_loss: 0.41 }). */
  report(step: number | Record<string, unknown>, metrics?: Record<string, unknown>): void;
  /** True when Hyperlens asks the trial to end early (pruned, end of a PBT segment, SIGTERM). */
  shouldStop(): boolean;
}

type Env = Record<string, string | undefined>;

/** HYPERLENS_PARAMS: a JSON object, or the path of a file holding one. */
export function readParams(env: Env): Record<string, unknown> {
  let raw = (env.HYPERLENS_PARAMS ?? '').trim();
  if (raw === '') return {};
  let source = 'HYPERLENS_PARAMS';
  if (!raw.startsWith('{') && fs.existsSync(raw)) {
    source = raw;
    raw = fs.readFileSync(raw, 'utf8');
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${source} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** A metric as a number: numbers, booleans, bigints, and one-element tensors (anything with dataSync()). */
function metricNumber(name: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  const dataSync = (v as { dataSync?: () => ArrayLike<number> } | null)?.dataSync;
  if (typeof dataSync === 'function') {
    const data = dataSync.call(v);
    if (data.length === 1) return Number(data[0]);
    throw new TypeError(`ctx.report: metric ${name} is a tensor of ${data.length} values; report one number`);
  }
  throw new TypeError(`ctx.report: metric ${name} is a ${v === null ? 'null' : typeof v}, not a number`);
}

function numberText(v: number): string {
  // Bare NaN / Infinity, as Python's json writes them: Hyperlens fails the trial instead of losing the value.
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return JSON.stringify(v);
}

/** `{"step": 3, "val_loss": 0.41}`, the Python helper's spacing. */
export function metricLine(step: number | undefined, metrics: Record<string, unknown>): string {
  const parts: string[] = [];
  if (step !== undefined) parts.push(`"step": ${numberText(step)}`);
  for (const [k, v] of Object.entries(metrics)) {
    if (k === 'step') continue;
    parts.push(`${JSON.stringify(k)}: ${numberText(metricNumber(k, v))}`);
  }
  return `{${parts.join(', ')}}`;
}

export interface ContextOptions {
  tf: unknown;
  backend: BackendInfo;
  env?: Env;
  cwd?: string;
  /** Where `@tune` lines go when there is no metrics file; stdout by default. */
  print?: (line: string) => void;
}

export function createContext(opts: ContextOptions): TrainContext {
  const env = opts.env ?? process.env;
  const params = readParams(env);
  const checkpointDir = env.HYPERLENS_CHECKPOINT_DIR || path.join(opts.cwd ?? process.cwd(), 'checkpoints');
  fs.mkdirSync(checkpointDir, { recursive: true });
  const trialText = env.HYPERLENS_TRIAL?.trim();
  let lastStep: number | undefined;
  let sigterm = false;
  let handlerInstalled = false;

  const report: TrainContext['report'] = (step, metrics) => {
    let s: number | undefined;
    let m: Record<string, unknown>;
    if (typeof step === 'object' && step !== null) {
      m = step;
      s = typeof step.step === 'number' ? step.step : undefined;
    } else {
      if (typeof step !== 'number') throw new TypeError('ctx.report: the step must be a number, e.g. ctx.report(epoch, { val_loss })');
      s = step;
      m = metrics ?? {};
    }
    if (Object.keys(m).filter((k) => k !== 'step').length === 0) throw new TypeError('ctx.report: give at least one metric, e.g. ctx.report(3, { val_loss: 0.41 })');
    const line = metricLine(s, m);
    if (s !== undefined) lastStep = s;
    const file = env.HYPERLENS_METRICS_FILE;
    if (!file) {
      (opts.print ?? ((l: string) => process.stdout.write(l + '\n')))(`@tune ${line}`);
      return;
    }
    // Appended, flushed and synced per line, so a trial killed a moment later loses nothing.
    const fd = fs.openSync(file, 'a');
    try {
      fs.writeSync(fd, line + '\n');
      try {
        fs.fsyncSync(fd);
      } catch {
        // not a regular file: nothing to sync
      }
    } finally {
      fs.closeSync(fd);
    }
  };

  const shouldStop = (): boolean => {
    // The first call takes over SIGTERM (unless the script has its own handler):
    // the trial then ends after its current step; a second SIGTERM ends it at once.
    if (!handlerInstalled) {
      handlerInstalled = true;
      if (process.listenerCount('SIGTERM') === 0) {
        const onTerm = (): void => {
          if (sigterm) process.exit(143);
          sigterm = true;
        };
        process.on('SIGTERM', onTerm);
      }
    }
    if (sigterm) return true;
    const end = Number(env.HYPERLENS_END_STEP);
    if (env.HYPERLENS_END_STEP && Number.isFinite(end) && lastStep !== undefined && lastStep >= end) return true;
    const stopFile = env.HYPERLENS_STOP_FILE;
    return Boolean(stopFile) && fs.existsSync(stopFile!);
  };

  return {
    tf: opts.tf,
    params,
    trial: trialText && /^-?\d+$/.test(trialText) ? Number(trialText) : undefined,
    trialDir: env.HYPERLENS_TRIAL_DIR || undefined,
    checkpointDir,
    restoreFrom: env.HYPERLENS_RESTORE_FROM || undefined,
    backend: opts.backend,
    report,
    shouldStop,
  };
}
