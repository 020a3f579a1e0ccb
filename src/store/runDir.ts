// Where a run lives: `<runsDir>/<run-id>/` holding `journal.jsonl` (the
// trials, Optuna's format), `run.json` (what was tuned and how) and
// `trials/<n>/` (each trial's logs, metrics, rendered config, checkpoints).
// Run ids sort by time and read at a glance: `20261123-191500-quickstart-a1b2`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Direction, SearchSpace } from '../engine/space';

/** What the caller knows about a new run (`Omit<RunInfo, ...>` would lose the named fields to the index signature). */
export interface NewRun {
  /** The annotated file the run tunes. */
  source: string;
  sourceHash: string;
  command?: string;
  settings: Record<string, unknown>;
  space: SearchSpace;
  directions: Direction[];
  objectives: { metric: string; direction: Direction }[];
  [k: string]: unknown;
}

export interface RunInfo extends NewRun {
  id: string;
  /** Absolute path of the run directory (where it was read from, not stored). */
  dir: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export const RUN_FILE = 'run.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const TRIALS_DIR = 'trials';

export function defaultRunsDir(cwd: string): string {
  return path.join(cwd, '.hyperlens', 'runs');
}

export function journalPath(runDir: string): string {
  return path.join(runDir, JOURNAL_FILE);
}

/** Makes a new run directory with its run.json; the id comes from the time and `stem`. */
export function createRunDir(runsDir: string, info: NewRun, stem: string): RunInfo {
  fs.mkdirSync(runsDir, { recursive: true });
  const now = new Date();
  for (let attempt = 0; ; attempt++) {
    const id = runId(now, stem);
    const dir = path.resolve(runsDir, id);
    try {
      fs.mkdirSync(dir); // fails if taken: ids are claimed by creating the folder
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 20) continue;
      throw err;
    }
    fs.mkdirSync(path.join(dir, TRIALS_DIR));
    const full: RunInfo = { ...info, id, dir, createdAt: now.toISOString() };
    writeRunFile(dir, full);
    return full;
  }
}

export function runId(at: Date, stem: string): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}` +
    `-${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
  const slug =
    stem
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'run';
  return `${stamp}-${slug}-${randomBytes(2).toString('hex')}`;
}

export function readRunInfo(dir: string): RunInfo {
  const abs = path.resolve(dir);
  const file = path.join(abs, RUN_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file}: expected a JSON object`);
  }
  const r = parsed as Record<string, unknown>;
  for (const key of ['source', 'createdAt'] as const) {
    if (typeof r[key] !== 'string') throw new Error(`${file}: "${key}" must be a string`);
  }
  // The folder is the truth for where the run is, even if it was moved.
  const defaults = { settings: {}, space: {}, directions: [], objectives: [], sourceHash: '' };
  return { ...defaults, ...(r as Partial<RunInfo>), source: r.source as string, createdAt: r.createdAt as string, id: path.basename(abs), dir: abs };
}

/** Merges `patch` into run.json (atomically) and returns the result; id and dir do not change. */
export function updateRunInfo(dir: string, patch: Partial<RunInfo>): RunInfo {
  const current = readRunInfo(dir);
  const next: RunInfo = { ...current, ...patch, id: current.id, dir: current.dir };
  writeRunFile(current.dir, next);
  return next;
}

/** The runs under `runsDir`, newest first. A run whose run.json is unreadable is skipped and passed to `onBroken`. */
export function listRuns(runsDir: string, onBroken?: (dir: string, error: Error) => void): RunInfo[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(runsDir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const runs: RunInfo[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const dir = path.resolve(runsDir, e.name);
    try {
      runs.push(readRunInfo(dir));
    } catch (err) {
      onBroken?.(dir, err as Error);
    }
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** A run id, a unique prefix of one, or a path to a run directory -> the absolute run directory. */
export function resolveRun(ref: string, runsDir: string): string {
  if (ref.trim() === '') throw new Error('no run given');
  const byId = path.resolve(runsDir, ref);
  if (!ref.includes('/') && !ref.includes(path.sep) && isRunDir(byId)) return byId;
  const byPath = path.resolve(ref);
  if (isRunDir(byPath)) return byPath;
  if (fs.existsSync(byPath) && (ref.includes('/') || ref.includes(path.sep))) {
    throw new Error(`${byPath} is not a run directory (it has no ${RUN_FILE})`);
  }
  let names: string[] = [];
  try {
    names = fs.readdirSync(runsDir).filter((n) => n.startsWith(ref) && isRunDir(path.join(runsDir, n)));
  } catch {
    /* no runs directory: nothing matches */
  }
  if (names.length === 1) return path.resolve(runsDir, names[0]);
  if (names.length > 1) {
    const shown = names.sort().slice(0, 5).join(', ');
    throw new Error(`"${ref}" matches ${names.length} runs in ${runsDir} (${shown}${names.length > 5 ? ', ...' : ''}); give more of the id`);
  }
  throw new Error(`no run "${ref}" in ${runsDir} (give a run id, a unique prefix of one, or a run directory)`);
}

/** Where trial `n`'s folder is (readers: it may not exist yet). */
export function trialPath(runDir: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`trial number must be a non-negative integer (got ${n})`);
  return path.join(runDir, TRIALS_DIR, String(n));
}

/** The folder of trial `n`, created if absent. */
export function trialDir(runDir: string, n: number): string {
  const dir = trialPath(runDir, n);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A trial's captured output streams, in its folder. */
export function trialLogFile(folder: string, stream: 'stdout' | 'stderr'): string {
  return path.join(folder, `${stream}.log`);
}

function isRunDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, RUN_FILE));
}

/** Write to a temporary file, fsync, rename over: a reader sees the old or the new run.json, never half. */
function writeRunFile(dir: string, info: RunInfo): void {
  const { dir: _where, ...stored } = info; // the location is not stored: runs may be moved
  void _where;
  const target = path.join(dir, RUN_FILE);
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(stored, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    /* some filesystems cannot fsync a directory; the rename is still atomic */
  }
}
