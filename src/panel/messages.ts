// The messages between host and webview, and their validation: every
// message either side receives goes through parseWebviewMessage or
// parseHostMessage, which never throw and name the field at fault.
import type { ParamValue } from '../engine/space';
import { isCount, isPlainObject, PARAM_KINDS, RUN_STATES, TRIAL_STATES, type RunView, type TrialView } from './views';

// ------------------------------------------------------------- the messages

export interface SnapshotMessage {
  type: 'snapshot';
  /** 0: the updates after it count up from 1. */
  seq: number;
  /** null while the panel shows no run. */
  run: RunView | null;
  trials: TrialView[];
  /**
   * Trials sent here without their intermediate values, which follow in
   * updates (a big run's curves come after its table); absent when none.
   */
  curvesPending?: number;
}

export interface UpdateMessage {
  type: 'update';
  /** One more than the last update (or the snapshot's 0); a gap means the webview should ask for a snapshot. */
  seq: number;
  run?: RunView;
  /** Upserts by trial number. */
  trials: TrialView[];
  /** While a snapshot's curves follow: how many trials' curves are still to come (0 on the last). */
  curvesPending?: number;
}

export interface ParamChange {
  name: string;
  /** The file's current value. */
  from: ParamValue;
  /** The trial's. */
  to: ParamValue;
}

export interface TrialDetailMessage {
  type: 'trialDetail';
  runId: string;
  trial: TrialView;
  logTail: { stdout: string; stderr: string };
  /** The trial's rendered config file, where it kept one. */
  configText?: string;
  /** Parameters whose value differs from the file's. */
  diff?: ParamChange[];
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

/** Host -> webview. */
export type HostMessage = SnapshotMessage | UpdateMessage | TrialDetailMessage | ErrorMessage;

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'requestSnapshot' }
  | { type: 'stopRun'; runId: string }
  | { type: 'resumeRun'; runId: string }
  | { type: 'addTrials'; runId: string; count: number }
  | { type: 'selectTrial'; runId: string; trial: number }
  | { type: 'acceptTrial'; runId: string; trial: number }
  | { type: 'acceptAll'; runId: string; trial: number }
  | { type: 'showDiff'; runId: string; trial: number }
  | { type: 'rerunTrial'; runId: string; trial: number }
  | { type: 'openLog'; runId: string; trial: number; stream: LogStream };

export type LogStream = 'stdout' | 'stderr';

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

/** addTrials: how many at most in one go. */
export const MAX_ADD_TRIALS = 10_000;
/** Longer than any id runId() makes (8+1+6+1+40+1+4). */
export const MAX_RUN_ID_LENGTH = 64;
/**
 * The ids store/runDir.ts runId() makes: `20261123-191500-quickstart-a1b2`,
 * UTC stamp, a slug of [a-z0-9] words joined by single dashes, 4 hex digits.
 * Nothing else reaches the host: a run id never becomes `../` in a path.
 */
export const RUN_ID_PATTERN = /^\d{8}-\d{6}-[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{4}$/;

/** The fields each webview message has besides `type`. */
const WEBVIEW_FIELDS = {
  ready: [],
  requestSnapshot: [],
  stopRun: ['runId'],
  resumeRun: ['runId'],
  addTrials: ['runId', 'count'],
  selectTrial: ['runId', 'trial'],
  acceptTrial: ['runId', 'trial'],
  acceptAll: ['runId', 'trial'],
  showDiff: ['runId', 'trial'],
  rerunTrial: ['runId', 'trial'],
  openLog: ['runId', 'trial', 'stream'],
} as const satisfies Record<WebviewMessage['type'], readonly string[]>;

export const WEBVIEW_MESSAGE_TYPES = Object.keys(WEBVIEW_FIELDS) as Array<WebviewMessage['type']>;

/** Thrown inside the parsers only; the parsers return it (or anything else thrown, say by a getter) as `{ ok: false }`. */
class Invalid extends Error {}

function invalid(field: string, why: string): never {
  throw new Invalid(`${field}: ${why}`);
}

/**
 * Checks a message from the webview before the host acts on it. Strict: an
 * unknown type, a missing or mistyped field, and a field the type does not
 * have are all refused (host and webview ship together, so anything else is a
 * bug or a hostile page). The error names the field: `addTrials.count: ...`.
 */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewMessage> {
  try {
    return { ok: true, message: webviewMessage(raw) };
  } catch (err) {
    return { ok: false, error: err instanceof Invalid ? err.message : `message: unreadable (${String(err)})` };
  }
}

function webviewMessage(raw: unknown): WebviewMessage {
  const m = object(raw, 'message');
  const type = m.type;
  if (type === undefined) invalid('type', 'missing');
  if (typeof type !== 'string') invalid('type', `expected a string, got ${kindOf(type)}`);
  if (!Object.prototype.hasOwnProperty.call(WEBVIEW_FIELDS, type)) invalid('type', `unknown message type ${quote(type)}`);
  const t = type as WebviewMessage['type'];
  const allowed: readonly string[] = WEBVIEW_FIELDS[t];
  for (const key of Object.keys(m)) if (key !== 'type' && !allowed.includes(key)) invalid(`${t}.${key.slice(0, 40)}`, 'not a field of this message');
  switch (t) {
    case 'ready':
    case 'requestSnapshot':
      return { type: t };
    case 'stopRun':
    case 'resumeRun':
      return { type: t, runId: runId(m.runId, `${t}.runId`) };
    case 'addTrials':
      return { type: t, runId: runId(m.runId, `${t}.runId`), count: integer(m.count, `${t}.count`, 1, MAX_ADD_TRIALS) };
    case 'selectTrial':
    case 'acceptTrial':
    case 'acceptAll':
    case 'showDiff':
    case 'rerunTrial':
      return { type: t, runId: runId(m.runId, `${t}.runId`), trial: integer(m.trial, `${t}.trial`, 0, Number.MAX_SAFE_INTEGER) };
    case 'openLog': {
      const stream = m.stream;
      if (stream !== 'stdout' && stream !== 'stderr') invalid(`${t}.stream`, stream === undefined ? 'missing' : `expected "stdout" or "stderr", got ${describe(stream)}`);
      return { type: t, runId: runId(m.runId, `${t}.runId`), trial: integer(m.trial, `${t}.trial`, 0, Number.MAX_SAFE_INTEGER), stream };
    }
  }
}

function runId(v: unknown, field: string): string {
  if (v === undefined) invalid(field, 'missing');
  if (typeof v !== 'string') invalid(field, `expected a string, got ${kindOf(v)}`);
  if (v.length > MAX_RUN_ID_LENGTH) invalid(field, `longer than ${MAX_RUN_ID_LENGTH} characters (${v.length})`);
  if (!RUN_ID_PATTERN.test(v)) invalid(field, `not a run id like 20261123-191500-quickstart-a1b2 (got ${quote(v)})`);
  return v;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (v === undefined) invalid(field, 'missing');
  if (typeof v !== 'number') invalid(field, `expected an integer, got ${kindOf(v)}`);
  if (!Number.isInteger(v)) invalid(field, `expected an integer, got ${v}`);
  if (v < min) invalid(field, `must be ${min} or more (got ${v})`);
  if (v > max) invalid(field, max === Number.MAX_SAFE_INTEGER ? `too large (got ${v})` : `must be ${max} or less (got ${v})`);
  return v;
}

/**
 * Checks a message from the host before the webview uses it: the structure
 * and every type the UI reads, so a malformed message is dropped (and
 * reported) rather than breaking the panel. Fields it does not know are
 * ignored; the message is returned as it came, not copied, since a snapshot
 * may hold a million numbers.
 */
export function parseHostMessage(raw: unknown): Parsed<HostMessage> {
  try {
    return { ok: true, message: hostMessage(raw) };
  } catch (err) {
    return { ok: false, error: err instanceof Invalid ? err.message : `message: unreadable (${String(err)})` };
  }
}

function hostMessage(raw: unknown): HostMessage {
  const m = object(raw, 'message');
  switch (m.type) {
    case 'snapshot':
      count(m.seq, 'snapshot.seq');
      if (m.run !== null) checkRun(m.run, 'snapshot.run');
      checkTrials(m.trials, 'snapshot.trials');
      if (m.curvesPending !== undefined) count(m.curvesPending, 'snapshot.curvesPending');
      return m as unknown as SnapshotMessage;
    case 'update':
      count(m.seq, 'update.seq');
      if (m.run !== undefined) checkRun(m.run, 'update.run');
      checkTrials(m.trials, 'update.trials');
      if (m.curvesPending !== undefined) count(m.curvesPending, 'update.curvesPending');
      return m as unknown as UpdateMessage;
    case 'trialDetail': {
      str(m.runId, 'trialDetail.runId');
      checkTrial(m.trial, 'trialDetail.trial');
      const tail = object(m.logTail, 'trialDetail.logTail');
      str(tail.stdout, 'trialDetail.logTail.stdout');
      str(tail.stderr, 'trialDetail.logTail.stderr');
      if (m.configText !== undefined) str(m.configText, 'trialDetail.configText');
      if (m.diff !== undefined) {
        array(m.diff, 'trialDetail.diff').forEach((c, i) => {
          const at = `trialDetail.diff[${i}]`;
          const change = object(c, at);
          str(change.name, `${at}.name`);
          paramValue(change.from, `${at}.from`);
          paramValue(change.to, `${at}.to`);
        });
      }
      return m as unknown as TrialDetailMessage;
    }
    case 'error':
      str(m.message, 'error.message');
      return m as unknown as ErrorMessage;
    default:
      if (m.type === undefined) invalid('type', 'missing');
      return invalid('type', typeof m.type === 'string' ? `unknown message type ${quote(m.type)}` : `expected a string, got ${kindOf(m.type)}`);
  }
}

function checkRun(raw: unknown, at: string): void {
  const r = object(raw, at);
  for (const key of ['id', 'source', 'fileName', 'settings', 'startedAt'] as const) str(r[key], `${at}.${key}`);
  oneOf(r.state, RUN_STATES, `${at}.state`);
  array(r.objectives, `${at}.objectives`).forEach((o, i) => {
    const obj = object(o, `${at}.objectives[${i}]`);
    str(obj.metric, `${at}.objectives[${i}].metric`);
    oneOf(obj.direction, ['minimize', 'maximize'], `${at}.objectives[${i}].direction`);
  });
  array(r.params, `${at}.params`).forEach((p, i) => {
    const col = object(p, `${at}.params[${i}]`);
    str(col.name, `${at}.params[${i}].name`);
    oneOf(col.kind, PARAM_KINDS, `${at}.params[${i}].kind`);
    for (const key of ['low', 'high'] as const) if (col[key] !== undefined) num(col[key], `${at}.params[${i}].${key}`);
    if (col.log !== undefined && typeof col.log !== 'boolean') invalid(`${at}.params[${i}].log`, `expected a boolean, got ${kindOf(col.log)}`);
    if (col.choices !== undefined) array(col.choices, `${at}.params[${i}].choices`).forEach((c, j) => paramValue(c, `${at}.params[${i}].choices[${j}]`));
  });
  for (const key of ['budget', 'done', 'running', 'elapsedS'] as const) num(r[key], `${at}.${key}`);
  if (r.bestTrial !== undefined) count(r.bestTrial, `${at}.bestTrial`);
  if (r.endedAt !== undefined) str(r.endedAt, `${at}.endedAt`);
  if (r.etaS !== undefined) num(r.etaS, `${at}.etaS`);
  if (r.gpu !== undefined) {
    const g = object(r.gpu, `${at}.gpu`);
    num(g.wh, `${at}.gpu.wh`);
    num(g.gpuHours, `${at}.gpu.gpuHours`);
  }
  if (typeof r.pbt !== 'boolean') invalid(`${at}.pbt`, `expected a boolean, got ${kindOf(r.pbt)}`);
  if (r.importance !== undefined) {
    array(r.importance, `${at}.importance`).forEach((e, i) => {
      const item = object(e, `${at}.importance[${i}]`);
      str(item.name, `${at}.importance[${i}].name`);
      num(item.importance, `${at}.importance[${i}].importance`);
    });
  }
  if (r.fileValues !== undefined) {
    const values = object(r.fileValues, `${at}.fileValues`);
    for (const key of Object.keys(values)) paramValue(values[key], `${at}.fileValues.${key}`);
  }
}

function checkTrials(raw: unknown, at: string): void {
  const list = array(raw, at);
  for (let i = 0; i < list.length; i++) checkTrial(list[i], `${at}[${i}]`);
}

function checkTrial(raw: unknown, at: string): void {
  const t = object(raw, at);
  count(t.number, `${at}.number`);
  oneOf(t.state, TRIAL_STATES, `${at}.state`);
  const params = object(t.params, `${at}.params`);
  for (const key of Object.keys(params)) paramValue(params[key], `${at}.params.${key}`);
  const values = array(t.values, `${at}.values`);
  for (let i = 0; i < values.length; i++) if (values[i] !== null) num(values[i], `${at}.values[${i}]`);
  const inter = object(t.intermediate, `${at}.intermediate`);
  const steps = array(inter.steps, `${at}.intermediate.steps`);
  const points = array(inter.values, `${at}.intermediate.values`);
  if (steps.length !== points.length) invalid(`${at}.intermediate`, `${steps.length} steps but ${points.length} values`);
  // A snapshot may hold a million points: check them without building a field name, name it only on failure.
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const point = points[i];
    if (typeof step !== 'number' || !Number.isFinite(step)) num(step, `${at}.intermediate.steps[${i}]`);
    if (typeof point !== 'number' || !Number.isFinite(point)) num(point, `${at}.intermediate.values[${i}]`);
  }
  if (t.start !== undefined) str(t.start, `${at}.start`);
  if (t.durationS !== undefined) num(t.durationS, `${at}.durationS`);
  if (t.reason !== undefined) str(t.reason, `${at}.reason`);
  if (t.feasible !== undefined && typeof t.feasible !== 'boolean') invalid(`${at}.feasible`, `expected a boolean, got ${kindOf(t.feasible)}`);
  const attrs = object(t.attrs, `${at}.attrs`);
  if (attrs.gpus !== undefined) array(attrs.gpus, `${at}.attrs.gpus`).forEach((g, i) => count(g, `${at}.attrs.gpus[${i}]`));
  for (const key of ['gpu_energy_wh', 'gpu_hours', 'fidelity_budget'] as const) if (attrs[key] !== undefined) num(attrs[key], `${at}.attrs.${key}`);
  for (const key of ['pbt_member', 'pbt_generation', 'pbt_parent', 'pbt_exploited_from', 'promoted_from'] as const) {
    if (attrs[key] !== undefined) count(attrs[key], `${at}.attrs.${key}`);
  }
  if (attrs.pbt_schedule !== undefined) {
    array(attrs.pbt_schedule, `${at}.attrs.pbt_schedule`).forEach((e, i) => {
      const where = `${at}.attrs.pbt_schedule[${i}]`;
      const entry = object(e, where);
      count(entry.from_step, `${where}.from_step`);
      count(entry.to_step, `${where}.to_step`);
      object(entry.params, `${where}.params`);
    });
  }
  if (attrs.warm_start_from !== undefined) str(attrs.warm_start_from, `${at}.attrs.warm_start_from`);
}

function object(v: unknown, field: string): Record<string, unknown> {
  if (v === undefined) invalid(field, 'missing');
  if (!isPlainObject(v)) invalid(field, `expected an object, got ${kindOf(v)}`);
  return v;
}

function array(v: unknown, field: string): unknown[] {
  if (v === undefined) invalid(field, 'missing');
  if (!Array.isArray(v)) invalid(field, `expected an array, got ${kindOf(v)}`);
  return v;
}

function str(v: unknown, field: string): string {
  if (v === undefined) invalid(field, 'missing');
  if (typeof v !== 'string') invalid(field, `expected a string, got ${kindOf(v)}`);
  return v;
}

function num(v: unknown, field: string): number {
  if (v === undefined) invalid(field, 'missing');
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(field, `expected a finite number, got ${describe(v)}`);
  return v;
}

function count(v: unknown, field: string): number {
  num(v, field);
  if (!isCount(v)) invalid(field, `expected a non-negative integer, got ${v}`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (v === undefined) invalid(field, 'missing');
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) invalid(field, `expected one of ${allowed.join(', ')}, got ${describe(v)}`);
  return v as T;
}

function paramValue(v: unknown, field: string): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number' && Number.isFinite(v)) return;
  invalid(field, `expected a number, string, boolean or null, got ${describe(v)}`);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return kindOf(v);
}

/** A value for an error message: quoted, and cut short so a huge string cannot flood the log. */
function quote(s: string, max = 80): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}...` : s);
}
