// `@tune.entry <module>#<export>`: parsed with the other directives, one of
// @tune.command or @tune.entry per file, and stored in run.json.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatAnnotationError, parseConfig, parseEntry, runProblems } from '../../../src/annotations';
import { createRun, readRun } from '../../../src/tuner/runFiles';
import { entryArgv } from '../../../src/tuner/tfTrials';
import type { RunSettings } from '../../../src/tuner/settings';

test('parseEntry reads a module and an export, train by default', () => {
  assert.deepEqual(parseEntry('train.js#train'), { file: 'train.js', export: 'train' });
  assert.deepEqual(parseEntry('src/model.ts'), { file: 'src/model.ts', export: 'train' });
  assert.deepEqual(parseEntry('  ../lib/fit.mjs#fitModel '), { file: '../lib/fit.mjs', export: 'fitModel' });
  assert.deepEqual(parseEntry('a#b.cjs#run'), { file: 'a#b.cjs', export: 'run' });
  assert.deepEqual(parseEntry('m.mts#default'), { file: 'm.mts', export: 'default' });
});

test('parseEntry rejects what the trial host could not load, saying why', () => {
  assert.throws(() => parseEntry(''), /needs a module and an export, e\.g\. @tune\.entry train\.js#train/);
  assert.throws(() => parseEntry('train.py#train'), /"train\.py" is not a JavaScript or TypeScript module/);
  assert.throws(() => parseEntry('train.js#'), /"" is not an export name/);
  assert.throws(() => parseEntry('train.js#my-train'), /"my-train" is not an export name/);
  assert.throws(() => parseEntry('#train'), /needs a module path before "#"/);
  assert.throws(() => parseEntry('my train.js#train'), /takes one module path/);
});

test('@tune.entry is a directive: read with its line, and a file with it needs no command', () => {
  const text = ['# @tune.entry train.js#fit   @tune.trials 4', '# @tune.objective val_loss min', 'lr: 0.1  # @tune float(0.01, 1)', ''].join('\n');
  const parsed = parseConfig(text, 'c.yaml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.directives.entry, { file: 'train.js', export: 'fit' });
  assert.equal(parsed.directives.entryLine, 1);
  assert.equal(parsed.directives.trials, 4);
  assert.equal(parsed.directives.command, undefined);
  assert.deepEqual(runProblems(parsed), []);
});

test('a file with both @tune.command and @tune.entry is an error naming the other line', () => {
  const text = ['# @tune.command python train.py', '# @tune.objective val_loss min', '# @tune.entry train.js', 'lr: 0.1  # @tune float(0.01, 1)', ''].join('\n');
  const parsed = parseConfig(text, 'c.yaml');
  assert.deepEqual(parsed.errors.map(formatAnnotationError), [
    'c.yaml:3:3: entry: a file has @tune.command or @tune.entry, not both (@tune.command is on line 1); keep one',
  ]);
  const reversed = parseConfig(['# @tune.entry train.js', '# @tune.command python train.py', ''].join('\n'), 'c.yaml');
  assert.deepEqual(reversed.errors.map(formatAnnotationError), [
    'c.yaml:2:3: command: a file has @tune.command or @tune.entry, not both (@tune.entry is on line 1); keep one',
  ]);
});

test('a bad entry is reported at its argument; a second entry is reported as set twice', () => {
  const bad = parseConfig('# @tune.entry train.py#train\n', 'c.yaml');
  assert.deepEqual(bad.errors.map((e) => [e.line, e.column, e.field]), [[1, 15, 'entry']]);
  assert.match(bad.errors[0].message, /not a JavaScript or TypeScript module/);
  const twice = parseConfig('# @tune.entry a.js\n# @tune.entry b.js\n', 'c.yaml');
  assert.match(twice.errors[0].message, /@tune\.entry is set twice \(first on line 1\)/);
  assert.deepEqual(twice.directives.entry, { file: 'a.js', export: 'train' });
});

test('a file with neither command nor entry mentions both in its problem', () => {
  const problems = runProblems(parseConfig('# @tune.objective loss min\nlr: 0.1  # @tune float(0.01, 1)\n', 'c.yaml'));
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /no @tune\.command directive.*@tune\.entry train\.js#train/);
});

test('run.json keeps the entry; the trial runs node with the trial host, the module and the export', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-entry-'));
  try {
    const file = path.join(dir, 'project', 'config.yaml');
    fs.mkdirSync(path.dirname(file));
    const text = '# @tune.entry ../src/train.ts#fit\n# @tune.objective val_loss min\nlr: 0.1  # @tune float(0.01, 1)\n';
    fs.writeFileSync(file, text);
    const parsed = parseConfig(text, file);
    const settings = { trials: 2, parallel: 1, sampler: 'random', seed: 1 } as RunSettings;
    // The editor and the CLI pass `directives.command!`, undefined for an entry file.
    const run = createRun(path.join(dir, 'runs'), parsed, parsed.directives.command, parsed.directives.objectives, settings);
    const saved = readRun(run.dir);
    assert.deepEqual(saved.entry, { file: '../src/train.ts', export: 'fit' });
    assert.equal(saved.command, '');
    const argv = entryArgv(saved)!;
    assert.equal(argv[0], process.execPath);
    assert.match(argv[1], /[\\/]dist[\\/]trialHost\.js$/);
    assert.deepEqual(argv.slice(2), [path.join(dir, 'src', 'train.ts'), 'fit']);
    // A command run (and every run made before entries existed) has none.
    assert.equal(entryArgv({ source: file }), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
