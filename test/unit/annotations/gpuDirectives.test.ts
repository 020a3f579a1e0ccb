import test from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/annotations';
import { resolveSettings } from '../../../src/tuner/settings';

test('@tune.gpus-per-trial, @tune.trials-per-gpu and @tune.skip-busy-gpus are read, several to a line', () => {
  const parsed = parseConfig('# @tune.gpus-per-trial 2   @tune.trials-per-gpu 3\n# @tune.skip-busy-gpus 1000 @tune.trials 8\nx: 1  # @tune float(0, 1)\n', 'c.yaml');
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.directives.gpusPerTrial, 2);
  assert.equal(parsed.directives.trialsPerGpu, 3);
  assert.equal(parsed.directives.skipBusyGpusMiB, 1000);
  assert.equal(parsed.directives.trials, 8);
});

test('the underscore spellings are aliases; a repeat under either spelling is an error', () => {
  const parsed = parseConfig('# @tune.gpus_per_trial 2 @tune.trials_per_gpu 4 @tune.skip_busy_gpus 0\n# @tune.trial-timeout 10m\n', 'c.yaml');
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.directives.gpusPerTrial, 2);
  assert.equal(parsed.directives.trialsPerGpu, 4);
  assert.equal(parsed.directives.skipBusyGpusMiB, 0);
  assert.equal(parsed.directives.trialTimeoutSeconds, 600);

  const twice = parseConfig('# @tune.gpus-per-trial 2\n# @tune.gpus_per_trial 1\n', 'c.yaml');
  assert.equal(twice.errors.length, 1);
  assert.match(twice.errors[0].message, /@tune\.gpus-per-trial is set twice \(first on line 1\)/);
});

test('bad GPU directives say what they need', () => {
  const parsed = parseConfig('# @tune.gpus-per-trial 0\n# @tune.trials-per-gpu two\n# @tune.skip-busy-gpus -5\n', 'c.yaml');
  assert.deepEqual(
    parsed.errors.map((e) => [e.line, e.field, e.message]),
    [
      [1, 'gpus-per-trial', '@tune.gpus-per-trial needs a whole number of at least 1 (got "0")'],
      [2, 'trials-per-gpu', '@tune.trials-per-gpu needs a whole number of at least 1 (got "two")'],
      [3, 'skip-busy-gpus', '@tune.skip-busy-gpus needs a whole number (got "-5")'],
    ],
  );
});

test('misspelt directives suggest the GPU names, hyphens or underscores', () => {
  const cases: Array<[string, string]> = [
    ['gpus-per-trail', 'gpus-per-trial'],
    ['gpu-per-trial', 'gpus-per-trial'],
    ['gpus_per_trail', 'gpus-per-trial'],
    ['trials-per-gpus', 'trials-per-gpu'],
    ['trial_per_gpu', 'trials-per-gpu'],
    ['skip-busy-gpu', 'skip-busy-gpus'],
    ['paralel', 'parallel'],
  ];
  for (const [typo, meant] of cases) {
    const parsed = parseConfig(`# @tune.${typo} 2\n`, 'c.yaml');
    assert.equal(parsed.errors.length, 1, typo);
    assert.equal(parsed.errors[0].message, `unknown directive @tune.${typo}; did you mean @tune.${meant}?`);
  }
  // A hyphen never ends a name: "@tune.trials- 5" is @tune.trials with "- 5".
  assert.match(parseConfig('# @tune.trials- 5\n', 'c.yaml').errors[0].message, /@tune\.trials needs a whole number/);
});

test('settings: flags win over GPU directives; parallel is automatic unless a flag or directive sets it', () => {
  const parsed = parseConfig('# @tune.gpus-per-trial 2 @tune.trials-per-gpu 3 @tune.skip-busy-gpus 500\n', 'c.yaml');
  const fromFile = resolveSettings(parsed.directives, { seed: 1 });
  assert.equal(fromFile.gpusPerTrial, 2);
  assert.equal(fromFile.trialsPerGpu, 3);
  assert.equal(fromFile.skipBusyGpusMiB, 500);
  assert.equal(fromFile.parallel, 1);
  assert.equal(fromFile.parallelAuto, true);

  const flagged = resolveSettings(parsed.directives, { seed: 1, gpusPerTrial: 1, trialsPerGpu: 1, skipBusyGpusMiB: 0, parallel: 4 });
  assert.deepEqual([flagged.gpusPerTrial, flagged.trialsPerGpu, flagged.skipBusyGpusMiB, flagged.parallel, flagged.parallelAuto], [1, 1, 0, 4, undefined]);

  const plain = resolveSettings(parseConfig('# @tune.parallel 2\n', 'c.yaml').directives, { seed: 1 });
  assert.equal(plain.parallelAuto, undefined);
  assert.equal('gpusPerTrial' in plain || 'trialsPerGpu' in plain || 'skipBusyGpusMiB' in plain, false, 'unset GPU settings stay out of run.json');
});
