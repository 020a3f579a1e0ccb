import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JournalFile } from '../../../src/store/journalFile';
import { JournalOp, serializeOp } from '../../../src/store/optunaFormat';
import { runNode } from './processes';

function withTemp(fn: (file: string) => void | Promise<void>) {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-journal-'));
    try {
      await fn(path.join(dir, 'journal.jsonl'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

const attr = (i: number): JournalOp => ({ op_code: 2, worker_id: 'w', study_id: 0, user_attr: { i } });

test('appended ops read back in order, one line each', withTemp((file) => {
  const j = new JournalFile(file);
  j.append([attr(1), attr(2)]);
  j.append([attr(3)]);
  assert.deepEqual(j.read(), [attr(1), attr(2), attr(3)]);
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text.split('\n').length, 4);
  assert.ok(text.endsWith('\n'));
  assert.equal(fs.existsSync(j.lockPath), false, 'the lock is released');
}));

test('a torn last line is ignored by read and cut away by the next append', withTemp((file) => {
  const j = new JournalFile(file);
  j.append([attr(1)]);
  const torn = serializeOp(attr(2));
  fs.appendFileSync(file, torn.slice(0, torn.length >> 1));
  assert.deepEqual(j.read(), [attr(1)]);
  j.append([attr(3)]);
  assert.deepEqual(j.read(), [attr(1), attr(3)]);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  assert.equal(lines.at(-1), '');
  for (const line of lines.slice(0, -1)) assert.doesNotThrow(() => JSON.parse(line), line);
}));

test('a whole op without its newline is not committed and is cut away', withTemp((file) => {
  const j = new JournalFile(file);
  j.append([attr(1)]);
  fs.appendFileSync(file, serializeOp(attr(2)));
  assert.deepEqual(j.read(), [attr(1)]);
  j.append([attr(3)]);
  assert.deepEqual(j.read(), [attr(1), attr(3)]);
}));

test('an unparsable last line with a newline (zeros from a crash) is cut away', withTemp((file) => {
  const j = new JournalFile(file);
  j.append([attr(1)]);
  fs.appendFileSync(file, Buffer.concat([Buffer.alloc(12), Buffer.from('\n')]));
  assert.deepEqual(j.read(), [attr(1)]);
  j.append([attr(2)]);
  assert.deepEqual(j.read(), [attr(1), attr(2)]);
  assert.equal(fs.readFileSync(file).includes(0), false);
}));

test('a file holding only a torn line becomes valid on append', withTemp((file) => {
  fs.writeFileSync(file, '{"op_code": 0, "worker_');
  const j = new JournalFile(file);
  assert.deepEqual(j.read(), []);
  j.append([attr(1)]);
  assert.equal(fs.readFileSync(file, 'utf8'), serializeOp(attr(1)) + '\n');
}));

test('a corrupt line in the middle is an error naming the line', withTemp((file) => {
  const j = new JournalFile(file);
  j.append([attr(1)]);
  fs.appendFileSync(file, 'garbage\n');
  j.append([attr(2)]); // the garbage was the last line: repaired
  fs.appendFileSync(file, '{"op_code": 77}\n');
  fs.appendFileSync(file, serializeOp(attr(3)) + '\n');
  assert.throws(() => j.read(), /line 3 .*unknown op_code 77/);
}));

test('readSince returns only the ops after an offset', withTemp((file) => {
  const j = new JournalFile(file);
  j.append([attr(1)]);
  const first = j.readSince(0);
  j.append([attr(2), attr(3)]);
  const later = j.readSince(first.next);
  assert.deepEqual(later.ops, [attr(2), attr(3)]);
  assert.equal(later.reset, false);
  assert.equal(later.next, fs.statSync(file).size);
}));

test('a lock held by a live writer (Optuna\'s symlink lock) makes append wait', withTemp((file) => {
  const j = new JournalFile(file, { lockTimeoutMs: 150 });
  j.append([attr(1)]);
  fs.symlinkSync(file, j.lockPath); // what optuna.storages.JournalFileSymlinkLock creates
  const started = Date.now();
  assert.throws(() => j.append([attr(2)]), /timed out .* waiting for the journal lock/);
  assert.ok(Date.now() - started >= 140);
  assert.deepEqual(j.read(), [attr(1)], 'nothing was written without the lock');
  fs.unlinkSync(j.lockPath);
  j.append([attr(2)]);
  assert.deepEqual(j.read(), [attr(1), attr(2)]);
}));

test('Optuna\'s O_EXCL lock file blocks an append too', withTemp((file) => {
  const j = new JournalFile(file, { lockTimeoutMs: 100 });
  fs.writeFileSync(j.lockPath, ''); // what JournalFileOpenLock creates
  assert.throws(() => j.append([attr(1)]), /timed out/);
}));

test('a lock older than the stale limit is broken', withTemp((file) => {
  const j = new JournalFile(file, { staleLockMs: 5_000, lockTimeoutMs: 1_000 });
  fs.symlinkSync(file, j.lockPath);
  const old = new Date(Date.now() - 60_000);
  fs.lutimesSync(j.lockPath, old, old);
  j.append([attr(1)]);
  assert.deepEqual(j.read(), [attr(1)]);
  assert.equal(fs.existsSync(j.lockPath), false);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['journal.jsonl'], 'no stray lock files are left');
}));

test('a fresh lock left by a dead Hyperlens process on this host is broken at once', withTemp(async (file) => {
  const j = new JournalFile(file, { lockTimeoutMs: 2_000 });
  const pid = Number(await runNode(['-e', 'process.stdout.write(String(process.pid))']));
  fs.symlinkSync(`journal.jsonl#hyperlens-lock:${os.hostname()}:${pid}:abcd`, j.lockPath);
  const started = Date.now();
  j.append([attr(1)]);
  assert.ok(Date.now() - started < 1_000, 'did not wait for the stale limit');
  assert.deepEqual(j.read(), [attr(1)]);
}));

test('concurrent appends from separate processes give exactly N*k valid lines', withTemp(async (file) => {
  const modulePath = path.resolve(__dirname, '..', '..', '..', 'src', 'store', 'journalFile.js');
  const script = `
    const { JournalFile } = require(process.argv[1]);
    const j = new JournalFile(process.argv[2]);
    const worker = process.argv[3];
    const pad = 'x'.repeat(2000); // long lines make interleaving visible if the lock failed
    for (let i = 0; i < Number(process.argv[4]); i++) {
      j.append([{ op_code: 2, worker_id: worker, study_id: 0, user_attr: { i, pad } }]);
    }`;
  const n = 6;
  const k = 40;
  await Promise.all(Array.from({ length: n }, (_, w) => runNode(['-e', script, modulePath, file, `w${w}`, String(k)])));
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  assert.equal(lines.length, n * k);
  const seen = new Map<string, number[]>();
  for (const line of lines) {
    const op = JSON.parse(line) as { worker_id: string; user_attr: { i: number } };
    seen.set(op.worker_id, [...(seen.get(op.worker_id) ?? []), op.user_attr.i]);
  }
  for (let w = 0; w < n; w++) {
    assert.deepEqual(seen.get(`w${w}`), Array.from({ length: k }, (_, i) => i), `worker ${w} appended in order`);
  }
  assert.equal(fs.existsSync(file + '.lock'), false);
}));
