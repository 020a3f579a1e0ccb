import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createRunDir,
  defaultRunsDir,
  journalPath,
  listRuns,
  NewRun,
  readRunInfo,
  resolveRun,
  runId,
  trialDir,
  updateRunInfo,
} from '../../../src/store/runDir';

const info: NewRun = {
  source: '/work/config.yaml',
  sourceHash: 'sha256:abc',
  command: 'python train.py --config {config}',
  settings: { trials: 60, parallel: 4 },
  space: { lr: { type: 'float', low: 1e-5, high: 0.1, log: true } },
  directions: ['minimize'],
  objectives: [{ metric: 'val_loss', direction: 'minimize' }],
};

function withRuns(fn: (runsDir: string) => void) {
  return () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-runs-'));
    try {
      fn(defaultRunsDir(root));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  };
}

test('run ids read as UTC time, file stem and 4 hex digits', () => {
  const at = new Date(Date.UTC(2026, 10, 23, 19, 15, 0));
  assert.match(runId(at, 'quickstart'), /^20261123-191500-quickstart-[0-9a-f]{4}$/);
  assert.match(runId(at, 'My Config.v2'), /^20261123-191500-my-config-v2-[0-9a-f]{4}$/);
  assert.match(runId(at, '***'), /^20261123-191500-run-[0-9a-f]{4}$/);
});

test('a new run directory has run.json, a trials folder and a journal path', withRuns((runsDir) => {
  const run = createRunDir(runsDir, info, 'config');
  assert.equal(path.dirname(run.dir), path.resolve(runsDir));
  assert.equal(path.basename(run.dir), run.id);
  assert.ok(fs.statSync(path.join(run.dir, 'trials')).isDirectory());
  assert.equal(journalPath(run.dir), path.join(run.dir, 'journal.jsonl'));
  const stored = JSON.parse(fs.readFileSync(path.join(run.dir, 'run.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(stored.dir, undefined, 'the location is not stored');
  assert.deepEqual(readRunInfo(run.dir), run);
  assert.ok(!Number.isNaN(Date.parse(run.createdAt)));
  assert.deepEqual(fs.readdirSync(run.dir).sort(), ['run.json', 'trials'], 'no temporary files are left');
}));

test('updateRunInfo merges and keeps id and dir', withRuns((runsDir) => {
  const run = createRunDir(runsDir, info, 'config');
  const updated = updateRunInfo(run.dir, { status: 'finished', id: 'other', settings: { trials: 10 } });
  assert.equal(updated.id, run.id);
  assert.equal(updated.status, 'finished');
  assert.deepEqual(updated.settings, { trials: 10 });
  assert.deepEqual(readRunInfo(run.dir), updated);
}));

test('a moved run directory reads with its new place and id', withRuns((runsDir) => {
  const run = createRunDir(runsDir, info, 'config');
  const moved = path.join(runsDir, 'renamed-run');
  fs.renameSync(run.dir, moved);
  const read = readRunInfo(moved);
  assert.equal(read.dir, moved);
  assert.equal(read.id, 'renamed-run');
}));

test('listRuns is newest first and reports a broken run.json without failing', withRuns((runsDir) => {
  const a = createRunDir(runsDir, info, 'a');
  const b = createRunDir(runsDir, info, 'b');
  updateRunInfo(a.dir, { createdAt: '2020-01-01T00:00:00.000Z' });
  updateRunInfo(b.dir, { createdAt: '2030-01-01T00:00:00.000Z' });
  fs.mkdirSync(path.join(runsDir, 'broken'));
  fs.writeFileSync(path.join(runsDir, 'broken', 'run.json'), '{"source": ');
  fs.writeFileSync(path.join(runsDir, 'stray-file'), '');
  const broken: string[] = [];
  const runs = listRuns(runsDir, (dir, err) => broken.push(`${path.basename(dir)}: ${err.message}`));
  assert.deepEqual(runs.map((r) => r.id), [b.id, a.id]);
  assert.equal(broken.length, 1);
  assert.match(broken[0], /^broken: cannot read .*run\.json/);
  assert.deepEqual(listRuns(path.join(runsDir, 'missing')), []);
}));

test('resolveRun accepts an id, a unique prefix or a path, and says why otherwise', withRuns((runsDir) => {
  const run = createRunDir(runsDir, { ...info }, 'alpha');
  fs.mkdirSync(path.join(runsDir, 'x-one'));
  fs.writeFileSync(path.join(runsDir, 'x-one', 'run.json'), JSON.stringify({ source: 's', createdAt: 'c' }));
  fs.mkdirSync(path.join(runsDir, 'x-two'));
  fs.writeFileSync(path.join(runsDir, 'x-two', 'run.json'), JSON.stringify({ source: 's', createdAt: 'c' }));
  assert.equal(resolveRun(run.id, runsDir), run.dir);
  assert.equal(resolveRun(run.id.slice(0, 10), runsDir), run.dir);
  assert.equal(resolveRun(run.dir, runsDir), run.dir);
  assert.equal(resolveRun(path.relative(process.cwd(), run.dir), runsDir), run.dir);
  assert.throws(() => resolveRun('x-', runsDir), /"x-" matches 2 runs .*x-one, x-two/);
  assert.throws(() => resolveRun('nope', runsDir), /no run "nope" in .*runs/);
  assert.throws(() => resolveRun(os.tmpdir(), runsDir), /is not a run directory/);
  assert.throws(() => resolveRun('nope', path.join(runsDir, 'missing')), /no run "nope"/);
}));

test('trialDir creates trials/<n> and refuses a bad number', withRuns((runsDir) => {
  const run = createRunDir(runsDir, info, 'config');
  const dir = trialDir(run.dir, 7);
  assert.equal(dir, path.join(run.dir, 'trials', '7'));
  assert.ok(fs.statSync(dir).isDirectory());
  assert.equal(trialDir(run.dir, 7), dir, 'again is fine');
  assert.throws(() => trialDir(run.dir, -1), /non-negative integer/);
}));

test('defaultRunsDir is .hyperlens/runs under the workspace', () => {
  assert.equal(defaultRunsDir('/ws'), path.join('/ws', '.hyperlens', 'runs'));
});
