import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArgReader } from '../../bench/common/args';
import { findRepoFile, JsonLinesWorker } from '../../bench/common/jsonLinesWorker';
import { DEFAULT_PYTHON } from '../../bench/common/optuna';
import { runPool } from '../../bench/common/pool';
import { markdownTable, reportOpening, targetsSection } from '../../bench/common/report';
import { parseArgs as parsePrunerArgs } from '../../bench/pruners/args';
import { parseArgs as parseSamplerArgs } from '../../bench/samplers/args';
import { DOUBLING } from './poolFixture';

test('the arg reader hands each flag its value and names the flag in errors', () => {
  const args = new ArgReader(['--seeds', '4', '--tasks', ' a, ,b ', '--quick', '--jobs']);
  const seen: Array<[string, unknown]> = [];
  assert.throws(() => {
    for (const flag of args.flags()) {
      if (flag === '--seeds') seen.push([flag, args.count()]);
      else if (flag === '--tasks') seen.push([flag, args.list()]);
      else if (flag === '--quick') seen.push([flag, true]);
      else seen.push([flag, args.count()]);
    }
  }, /^Error: --jobs needs a value$/);
  assert.deepEqual(seen, [
    ['--seeds', 4],
    ['--tasks', ['a', 'b']],
    ['--quick', true],
  ]);
  const zero = new ArgReader(['--jobs', '0']);
  assert.throws(() => {
    for (const _ of zero.flags()) zero.count();
  }, /^Error: --jobs needs a positive integer$/);
});

test('the sampler benchmark reads its flags and the shared ones as before', () => {
  const quick = parseSamplerArgs(['--quick', '--jobs', '2', '--python', '/opt/py', '--out', 'here', '--samplers', 'tpe,optuna:tpe']);
  assert.equal(quick.seeds, 3);
  assert.deepEqual(quick.overheadSizes, [100, 1000]);
  assert.equal(quick.jobs, 2);
  assert.equal(quick.python, '/opt/py');
  assert.equal(quick.outDir, 'here');
  assert.deepEqual(quick.samplers, ['tpe', 'optuna:tpe']);
  const full = parseSamplerArgs(['--seeds', '5', '--overhead-cap', '30', '--with-slow', '--dry-run', '-h']);
  assert.deepEqual([full.seeds, full.overheadCapS, full.withSlow, full.dryRun, full.help, full.quick, full.jobs, full.python], [5, 30, true, true, true, false, 1, DEFAULT_PYTHON]);
  assert.deepEqual(parseSamplerArgs(['--quick', '--seeds', '7']).seeds, 7);
  assert.throws(() => parseSamplerArgs(['--jobs', '0']), /--jobs needs a positive integer/);
  assert.throws(() => parseSamplerArgs(['--pruners', 'x']), /^Error: unknown option --pruners\n\nUsage: node out\/test\/bench\/samplers\/main\.js/);
});

test('the pruner benchmark reads its flags and the shared ones as before', () => {
  const o = parsePrunerArgs(['--quick', '--jobs', '2', '--no-cache', '--pruners', 'asha,curve', '--tasks', 'mnist', '--out', 'there']);
  assert.deepEqual(o, { quick: true, jobs: 2, python: DEFAULT_PYTHON, diskCache: false, help: false, pruners: ['asha', 'curve'], tasks: ['mnist'], outDir: 'there' });
  assert.equal(parsePrunerArgs([]).seeds, undefined);
  assert.equal(parsePrunerArgs(['--seeds', '3']).seeds, 3);
  assert.throws(() => parsePrunerArgs(['--seeds', '1.5']), /--seeds needs a positive integer/);
  assert.throws(() => parsePrunerArgs(['--samplers', 'x']), /^Error: unknown option --samplers\n\nUsage: node out\/test\/bench\/pruners\/main\.js/);
});

test('report pieces: opening with notes, a table, the targets block', () => {
  assert.deepEqual(reportOpening('T', ['a', 'b'], []), ['# T', '', '- a', '- b', '']);
  assert.deepEqual(reportOpening('T', ['a'], ['n']), ['# T', '', '- a', '', 'Notes:', '', '- n', '']);
  assert.equal(markdownTable(['x', 'y'], [['1', '2']]), '| x | y |\n| --- | --- |\n| 1 | 2 |');
  assert.deepEqual(targetsSection([{ status: 'OK', text: 'short status padded' }]), ['## Targets', '', '```', 'OK    short status padded', '```', '']);
});

test('the pool runs jobs in process or in children, and records a job whose child died', async () => {
  const here: Array<number | string> = [];
  assert.deepEqual(await runPool([1, 2, 3], DOUBLING, { jobs: 1, python: 'unused', onResult: (r) => here.push(r) }), [2, 4, 6]);
  assert.deepEqual(here, [2, 4, 6]);
  const forked = await runPool([1, -1, 2, 3, 4], DOUBLING, { jobs: 2, python: 'unused', onResult: () => undefined });
  assert.deepEqual(
    forked.map(String).sort(),
    ['2', '4', '6', '8', 'lost -1: benchmark child exited (3)'],
  );
});

/** A Python that runs the shared loop, or undefined where none is installed. */
function python(): string | undefined {
  for (const p of [DEFAULT_PYTHON, 'python3']) if (spawnSync(p, ['-c', 'pass']).status === 0) return p;
  return undefined;
}

test('a JSON-lines worker answers in order, reports errors and survives them, and times out', async (t) => {
  const py = python();
  if (!py) return t.skip('no python3 here');
  const common = path.dirname(findRepoFile(path.join('test', 'bench', 'common', 'jsonlines_worker.py')));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsonlines-'));
  const script = path.join(dir, 'echo_worker.py');
  fs.writeFileSync(
    script,
    [
      'import sys, time',
      `sys.path.insert(0, ${JSON.stringify(common)})`,
      'from jsonlines_worker import serve',
      'def handle(msg):',
      '    if msg["op"] == "fail": raise ValueError("no")',
      '    if msg["op"] == "sleep": time.sleep(5)',
      '    return {"echo": msg["x"]}',
      'serve(handle)',
    ].join('\n'),
  );
  const worker = new JsonLinesWorker(py, () => script, 'echo worker');
  try {
    const replies = await Promise.all([worker.request({ op: 'echo', x: 1 }), worker.request({ op: 'echo', x: 2 })]);
    assert.deepEqual(replies, [{ echo: 1 }, { echo: 2 }]);
    await assert.rejects(worker.request({ op: 'fail' }), /^Error: echo worker: ValueError: no$/);
    assert.deepEqual(await worker.request({ op: 'echo', x: 3 }), { echo: 3 });
    await assert.rejects(worker.request({ op: 'sleep' }, 200), /echo worker: "sleep" took over 200 ms/);
    // The timed-out process is gone; the next request starts a fresh one.
    assert.deepEqual(await worker.request({ op: 'echo', x: 4 }), { echo: 4 });
  } finally {
    worker.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
