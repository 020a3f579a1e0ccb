// examples/pytorch: compiled, then trained and tuned for real with Debian's
// CPU-only python3-torch (.ci/run installs it; there is no PyPI here).

import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, describe, repoRoot, run, scratch } from './support';

const root = repoRoot();
const example = path.join(root, 'examples', 'pytorch');

/** A python3 that can import torch, or undefined. */
function torchPython(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return python;
  }
  return undefined;
}

test('examples/pytorch/train.py compiles', async () => {
  const box = scratch();
  try {
    const r = await run('python3', ['-c', 'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)', path.join(example, 'train.py'), box.file('train.pyc')], {
      cwd: box.dir,
      env: cleanEnv(),
    });
    assert.equal(r.code, 0, describe(r));
  } finally {
    box.cleanup();
  }
});

test('examples/pytorch tunes two short trials with the Python helper', async () => {
  const python = torchPython();
  assert.ok(python, 'no Python with PyTorch here: apt-get install python3-torch (as .ci/run does)');
  const box = scratch();
  try {
    // A copy with a short budget: 4 epochs instead of 30.
    const dir = box.file('pytorch');
    mkdirSync(dir);
    copyFileSync(path.join(example, 'train.py'), path.join(dir, 'train.py'));
    const config = readFileSync(path.join(example, 'config.yaml'), 'utf8').replace(/^epochs: 30 +# @tune fidelity\(3, 30\)$/m, 'epochs: 4    # @tune fidelity(2, 4)');
    assert.match(config, /fidelity\(2, 4\)/);
    writeFileSync(path.join(dir, 'config.yaml'), config);
    // `python3` in the command is the one with torch.
    const bin = box.file('bin');
    mkdirSync(bin);
    symlinkSync(spawnSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim(), path.join(bin, 'python3'));
    const env = cleanEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });
    const tuned = await run(process.execPath, [path.join(root, 'bin', 'hyperlens.js'), 'tune', path.join(dir, 'config.yaml'), '--trials', '2', '--runs-dir', box.file('runs'), '--json'], {
      cwd: dir,
      env,
      timeoutMs: 300_000,
    });
    assert.equal(tuned.code, 0, describe(tuned));
    const summary = JSON.parse(tuned.stdout.trim().split('\n').at(-1)!);
    assert.deepEqual(summary.trials, { complete: 2, pruned: 0, failed: 0 }, describe(tuned));
    for (const n of [0, 1]) {
      const trialDir = path.join(summary.dir, 'trials', String(n));
      const lines = readFileSync(path.join(trialDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
      assert.equal(lines.length, 4);
      assert.match(readFileSync(path.join(trialDir, 'stdout.log'), 'utf8'), /^MLP 2-[\d-]+-3, .* on .+ \(torch /m);
      assert.ok(readFileSync(path.join(trialDir, 'checkpoints', 'model.pt')).length > 0);
    }
  } finally {
    box.cleanup();
  }
});
