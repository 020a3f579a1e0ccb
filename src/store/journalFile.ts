// The journal on disk: JSON lines, only ever appended. Every append happens
// under the same lock file Optuna 3.1 uses (`<journal>.lock`, created as a
// symlink or with O_EXCL), so a Hyperlens writer and an Optuna writer can
// share one journal. A line is committed once its newline is on disk; a
// writer killed mid-line leaves a torn tail that the next append cuts away.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { JournalOp, parseJournalLine, serializeOp, toJournalOp } from './optunaFormat';

export interface JournalFileOptions {
  /** A lock older than this is taken to be left by a dead writer and broken. */
  staleLockMs?: number;
  /** How long `append` waits for the lock before giving up. */
  lockTimeoutMs?: number;
}

export interface ReadResult {
  ops: JournalOp[];
  /** Byte offset just past the last complete line read; pass it to the next `readSince`. */
  next: number;
  /** True when the file got shorter than the offset asked for (replaced): `ops` are then from the start. */
  reset: boolean;
}

const NEWLINE = 0x0a;

export class JournalFile {
  readonly lockPath: string;
  private readonly staleLockMs: number;
  private readonly lockTimeoutMs: number;

  constructor(readonly path: string, options: JournalFileOptions = {}) {
    this.lockPath = path + '.lock';
    this.staleLockMs = options.staleLockMs ?? 30_000;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 120_000;
  }

  /** Creates the file (and its folder) if absent. */
  ensure(): void {
    if (fs.existsSync(this.path)) return;
    const dir = path.dirname(this.path);
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.closeSync(fs.openSync(this.path, 'wx'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw err;
    }
    fsyncDir(dir); // the new name itself must survive a crash
  }

  /** Every complete op in the file; a torn or unparsable last line is ignored. */
  read(): JournalOp[] {
    return this.readSince(0).ops;
  }

  /** The complete ops that start at byte `offset` (an earlier `next`). */
  readSince(offset: number): ReadResult {
    let buf: Buffer;
    let reset = false;
    try {
      const fd = fs.openSync(this.path, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size < offset) {
          reset = true;
          offset = 0;
        }
        buf = Buffer.alloc(size - offset);
        let got = 0;
        while (got < buf.length) {
          const n = fs.readSync(fd, buf, got, buf.length - got, offset + got);
          if (n === 0) break;
          got += n;
        }
        buf = buf.subarray(0, got);
      } finally {
        fs.closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ops: [], next: 0, reset: offset > 0 };
      throw err;
    }
    const ops: JournalOp[] = [];
    let start = 0;
    let lineNo = 0;
    for (;;) {
      const end = buf.indexOf(NEWLINE, start);
      if (end < 0) break; // no newline yet: being written, or torn
      lineNo++;
      const text = buf.toString('utf8', start, end);
      if (text.trim() !== '') {
        let op: JournalOp;
        try {
          op = toJournalOp(parseJournalLine(text));
        } catch (err) {
          // An unparsable last line is a torn write, not a corrupt journal.
          if (buf.indexOf(NEWLINE, end + 1) < 0 && isTorn(text)) break;
          throw new Error(`${this.path}: line ${lineNo} after byte ${offset} is not a journal op: ${(err as Error).message}`);
        }
        ops.push(op);
      }
      start = end + 1;
    }
    return { ops, next: offset + start, reset };
  }

  /** Appends ops durably (fsync) under the lock, cutting away a torn last line first. */
  append(ops: JournalOp[]): void {
    this.update(() => ops);
  }

  /**
   * Holds the lock, repairs the tail, then appends whatever `plan` returns.
   * `plan` may read the file: nothing else that honours the lock writes meanwhile.
   */
  update(plan: () => JournalOp[]): void {
    this.ensure();
    const lock = acquireLock(this.lockPath, path.basename(this.path), this.staleLockMs, this.lockTimeoutMs);
    try {
      const fd = fs.openSync(this.path, 'a+'); // O_APPEND: lands at the end whatever the offset
      try {
        repairTail(fd);
        const ops = plan();
        if (ops.length === 0) return;
        const text = ops.map(serializeOp).join('\n') + '\n';
        const bytes = Buffer.from(text, 'utf8');
        let written = 0;
        const at = fs.fstatSync(fd).size;
        while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written, at + written);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } finally {
      releaseLock(this.lockPath, lock);
    }
  }
}

/** Cuts a last line that has no newline, or that does not parse, off the file. */
function repairTail(fd: number): void {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return;
  const lastByte = Buffer.alloc(1);
  fs.readSync(fd, lastByte, 0, 1, size - 1);
  if (lastByte[0] !== NEWLINE) {
    fs.ftruncateSync(fd, lastNewlineBefore(fd, size) + 1);
    return;
  }
  const lineStart = lastNewlineBefore(fd, size - 1) + 1;
  const line = Buffer.alloc(size - 1 - lineStart);
  fs.readSync(fd, line, 0, line.length, lineStart);
  const text = line.toString('utf8');
  if (text.trim() === '') return;
  try {
    toJournalOp(parseJournalLine(text));
  } catch {
    if (isTorn(text)) fs.ftruncateSync(fd, lineStart);
  }
}

/**
 * A line that is not an op because it is cut short or filled with the zeros
 * a crash can leave, as opposed to a whole JSON object of the wrong shape
 * (which is kept, so that a reader reports it).
 */
function isTorn(text: string): boolean {
  try {
    JSON.parse(text.replace(/\bNaN\b|-?\bInfinity\b/g, '0'));
    return false;
  } catch {
    return true;
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not every filesystem can fsync a directory */
  }
}

/** Offset of the last newline strictly before `end`, or -1. */
function lastNewlineBefore(fd: number, end: number): number {
  const chunk = Buffer.alloc(8 * 1024); // journal lines are short: one chunk nearly always does
  let pos = end;
  while (pos > 0) {
    const from = Math.max(0, pos - chunk.length);
    const n = fs.readSync(fd, chunk, 0, pos - from, from);
    const i = chunk.subarray(0, n).lastIndexOf(NEWLINE);
    if (i >= 0) return from + i;
    pos = from;
  }
  return -1;
}

// ---------------------------------------------------------------------------
// The lock. Optuna's JournalFileSymlinkLock creates `<journal>.lock` as a
// symlink, JournalFileOpenLock as a file with O_EXCL; either blocks the other
// and us. Our symlink's target names the holder (host and pid) so a lock left
// by a dead Hyperlens process on this host is broken at once; any other lock
// is broken once it is older than `staleMs`, since a live writer holds it for
// one fsync only.

interface HeldLock { tag: string }

const HOLDER_PREFIX = 'hyperlens-lock:';

function acquireLock(lockPath: string, target: string, staleMs: number, timeoutMs: number): HeldLock {
  const tag = `${target}#${HOLDER_PREFIX}${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  for (;;) {
    if (tryCreateLock(lockPath, tag)) return { tag };
    if (breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for the journal lock ${lockPath}; ` +
          'if no process is writing this journal, delete the lock file',
      );
    }
    sleepSync(wait);
    wait = Math.min(wait * 2, 50);
  }
}

function tryCreateLock(lockPath: string, tag: string): boolean {
  try {
    fs.symlinkSync(tag, lockPath);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
  }
  // A filesystem without symlinks: the O_EXCL lock file, holder inside.
  try {
    const fd = fs.openSync(lockPath, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY);
    try {
      fs.writeSync(fd, tag);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function lockHolder(lockPath: string, isSymlink: boolean): string | undefined {
  try {
    return isSymlink ? fs.readlinkSync(lockPath) : fs.readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
}

/** True when the lock is gone (broken by us or released meanwhile): try again at once. */
function breakIfStale(lockPath: string, staleMs: number): boolean {
  let seen: fs.Stats;
  try {
    seen = fs.lstatSync(lockPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const holder = lockHolder(lockPath, seen.isSymbolicLink());
  const deadHolder = holder !== undefined && holderIsDead(holder);
  if (!deadHolder && Date.now() - seen.mtimeMs < staleMs) return false;
  // Rename first so that exactly one waiter breaks it, then make sure what
  // was renamed is the lock judged stale and not a fresh one taken meanwhile.
  const aside = `${lockPath}.${randomBytes(6).toString('hex')}.stale`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  const moved = fs.lstatSync(aside);
  if (moved.ino !== seen.ino || moved.mtimeMs !== seen.mtimeMs) {
    try {
      fs.linkSync(aside, lockPath); // put the live lock back, unless yet another was taken
    } catch {
      /* the lock path is taken again; nothing to restore */
    }
  }
  fs.rmSync(aside, { force: true });
  return true;
}

function holderIsDead(holder: string): boolean {
  const at = holder.indexOf(HOLDER_PREFIX);
  if (at < 0) return false;
  const [host, pid] = holder.slice(at + HOLDER_PREFIX.length).split(':');
  if (host !== os.hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function releaseLock(lockPath: string, lock: HeldLock): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(lockPath);
  } catch {
    return; // broken as stale by someone else; nothing of ours to remove
  }
  // Only remove our own lock: if ours was broken and another writer holds it now, leave theirs.
  if (lockHolder(lockPath, st.isSymbolicLink()) !== lock.tag) return;
  const aside = `${lockPath}.${randomBytes(6).toString('hex')}.rename`;
  try {
    fs.renameSync(lockPath, aside);
    fs.unlinkSync(aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}
