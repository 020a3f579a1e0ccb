import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliAsync, lastJsonLine, tempDir, writeObjectiveConfig } from './cliHarness';

test('--timeout stops starting trials once the run budget is spent; --trial-timeout fails a slow trial', () => {
  const dir = tempDir('timeout');
  const file = writeObjectiveConfig(dir);
  // Each trial takes about 1 s (three steps, 500 ms apart); the run may start trials for 1.5 s.
  const r = cli(['tune', file, '-n', '50', '--timeout', '1.5s', '--json'], { cwd: dir, env: { SLEEP_MS: '500' } });
  assert.equal(r.code, 0, r.stderr);
  const s = lastJsonLine(r.stdout);
  const total = s.trials.complete + s.trials.failed;
  assert.ok(total >= 1 && total <= 3, `${total} trials ran within a 1.5 s budget`);
  assert.match(r.stderr, /time budget is spent/);

  const slow = cli(['tune', file, '-n', '1', '--trial-timeout', '0.5s', '--json'], { cwd: dir, env: { SLEEP_MS: '2000' } });
  assert.equal(slow.code, 0, slow.stderr);
  const t = lastJsonLine(cli(['show', lastJsonLine(slow.stdout).run, '--json'], { cwd: dir }).stdout).trialList[0];
  assert.equal(t.state, 'failed');
  assert.match(String(t.userAttrs.fail_reason), /timed out/);
});

test('Ctrl-C stops the running trials, marks the run interrupted and exits 1', async () => {
  const dir = tempDir('sigint');
  const file = writeObjectiveConfig(dir);
  const runsDir = path.join(dir, 'runs');
  const child = cliAsync(['tune', file, '-n', '20', '--parallel', '2', '--runs-dir', runsDir], { cwd: dir, env: { SLEEP_MS: '400' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.resume();
  while (!/#\d+ {2}loss=/.test(out)) await new Promise((r) => setTimeout(r, 30));
  child.kill('SIGINT');
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 1);
  assert.match(out, /SIGINT: stopping the running trials/);
  const [id] = fs.readdirSync(runsDir);
  const shown = lastJsonLine(cli(['show', id, '--runs-dir', runsDir, '--json'], { cwd: dir }).stdout);
  assert.equal(shown.state, 'interrupted');
  const trials = shown.trialList as Array<{ state: string; userAttrs: Record<string, unknown> }>;
  assert.ok(trials.every((t) => t.state !== 'running'));
  assert.ok(trials.some((t) => t.state === 'failed' && t.userAttrs.fail_reason === 'interrupted'), 'the trials running at Ctrl-C are failed as interrupted');
});
