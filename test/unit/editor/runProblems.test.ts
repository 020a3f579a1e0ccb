import test from 'node:test';
import assert from 'node:assert/strict';
import { NO_COMMAND, NO_OBJECTIVE, NO_VALUE, formatAnnotationError, parseConfig, runProblems } from '../../../src/annotations';

const COMPLETE = '# @tune.command python train.py --config {config}\n# @tune.objective val_loss min\nlr: 0.1  # @tune float(0.01, 1)\n';

test('a complete file has no run problems', () => {
  assert.deepEqual(runProblems(parseConfig(COMPLETE, 'c.yaml')), []);
});

test('missing command and objective are reported on line 1, worded as the CLI prints them', () => {
  const problems = runProblems(parseConfig('lr: 0.1  # @tune float(0.01, 1)\n', 'c.yaml')).map(formatAnnotationError);
  assert.deepEqual(problems, [
    'c.yaml:1:1: command: no @tune.command directive: add a comment line like `# @tune.command python train.py --config {config}` (or `# @tune.entry train.js#train` for a TensorFlow.js function)',
    'c.yaml:1:1: objective: no @tune.objective directive: add a comment line like `# @tune.objective val_loss min`',
  ]);
});

test('a file with directives but no annotated value says so', () => {
  const problems = runProblems(parseConfig('# @tune.command python t.py\n# @tune.objective loss min\nlr: 0.1\n', 'c.yaml'));
  assert.deepEqual(problems.map((p) => [p.line, p.column, p.field, p.message]), [[1, 1, undefined, NO_VALUE]]);
});

test('"no value" is not said when an annotation failed to parse', () => {
  const parsed = parseConfig('# @tune.command python t.py\n# @tune.objective loss min\nlr: 0.1  # @tune float(1, 0)\n', 'c.yaml');
  assert.equal(parsed.errors.length, 1);
  assert.deepEqual(runProblems(parsed), []);
});

test('a command the splitter rejects is reported at its directive line, with the command as span', () => {
  const text = 'lr: 0.1  # @tune float(0.01, 1)\n# @tune.objective loss min\n# @tune.command python t.py | tee log\n';
  const [p, ...rest] = runProblems(parseConfig(text, 'c.yaml'));
  assert.deepEqual(rest, []);
  assert.equal(formatAnnotationError(p).startsWith('c.yaml:3:1: command: "|" is shell syntax'), true, formatAnnotationError(p));
  assert.equal(text.slice(p.span!.start, p.span!.end), 'python t.py | tee log');
});

test('the messages are the exported constants the quick fixes recognise', () => {
  const messages = runProblems(parseConfig('a: 1\n', 'c.yaml')).map((p) => p.message);
  assert.deepEqual(messages, [NO_VALUE, NO_COMMAND, NO_OBJECTIVE]);
});
