import test from 'node:test';
import assert from 'node:assert/strict';
import { type AnnotationError, type HostLanguage, formatAnnotationError, parseConfig } from '../../../src/annotations';

const FILE_OF: Record<HostLanguage, string> = {
  yaml: 'c.yaml', toml: 'c.toml', json: 'c.json', python: 'c.py', env: '.env', ini: 'c.ini',
};

/** The single error of a one-problem text, checked to sit at `needle` on `line`. */
function onlyError(text: string, line: number, needle: string, language: HostLanguage = 'yaml'): AnnotationError {
  const parsed = parseConfig(text, FILE_OF[language]);
  assert.equal(parsed.errors.length, 1, `expected one error, got: ${parsed.errors.map(formatAnnotationError).join(' | ')}`);
  const [e] = parsed.errors;
  const lineText = text.split('\n')[line - 1];
  assert.equal(e.line, line, formatAnnotationError(e));
  assert.equal(e.column, lineText.indexOf(needle) + 1, `column of "${needle}": ${formatAnnotationError(e)}`);
  assert.equal(e.file, FILE_OF[language]);
  return e;
}

test('an unknown distribution is named, with a suggestion', () => {
  const e = onlyError('a: 1\nlr: 0.1  # @tune flaot(0, 1)\n', 2, 'flaot');
  assert.equal(e.field, 'distribution');
  assert.match(e.message, /unknown distribution "flaot"; did you mean "float"\?/);
  assert.equal(parseConfig('lr: 0.1  # @tune flaot(0, 1)\n', 'c.yaml').values.length, 0);
});

test('malformed arguments say what was expected', () => {
  assert.match(onlyError('lr: 0.1  # @tune float(0)\n', 1, 'float').message, /float needs a low and a high bound/);
  const notNumber = onlyError('lr: 0.1  # @tune float(abc, 1)\n', 1, 'abc');
  assert.equal(notNumber.field, 'low');
  assert.match(notNumber.message, /low bound "abc" is not a number/);
  const option = onlyError('lr: 0.1  # @tune float(0, 1, steps=2)\n', 1, 'steps=2');
  assert.match(option.message, /unknown option "steps" for float/);
  assert.match(onlyError('lr: 0.1  # @tune float(0, 1, lgo)\n', 1, 'lgo').message, /unexpected argument "lgo"/);
  assert.match(onlyError('lr: 0.1  # @tune float(0, 1\n', 1, '(').message, /missing its closing parenthesis/);
  assert.match(onlyError('lr: 0.1  # @tune float\n', 1, 'float').message, /float needs arguments/);
  assert.match(onlyError('lr: 0.1  # @tune\n', 1, '@tune').message, /expected a distribution after @tune/);
  assert.match(onlyError('n: 3  # @tune fixed(3)\n', 1, '3)').message, /fixed takes no values/);
  const choice = onlyError('x = 1  # @tune choice(1, adam)\n', 1, 'adam', 'python');
  assert.equal(choice.field, 'choices');
  assert.match(choice.message, /`adam` is not a Python literal \(strings need quotes\)/);
});

test('low >= high is reported with both bounds', () => {
  const e = onlyError('lr: 0.1  # @tune float(1, 0)\n', 1, 'float');
  assert.equal(e.field, 'bounds');
  assert.match(e.message, /low \(1\) must be less than high \(0\)/);
  assert.match(onlyError('n: 3  # @tune int(5, 5)\n', 1, 'int').message, /low \(5\) must be less than high \(5\)/);
});

test('a log scale with low <= 0 is reported', () => {
  const e = onlyError('lr: 0.1  # @tune float(0, 1, log)\n', 1, 'float');
  assert.equal(e.field, 'log');
  assert.match(e.message, /log scale needs low > 0 \(got 0\)/);
});

test('step <= 0 is reported', () => {
  const e = onlyError('lr: 0.1  # @tune float(0, 1, step=0)\n', 1, 'float');
  assert.equal(e.field, 'step');
  assert.match(e.message, /step must be positive \(got 0\)/);
  assert.match(onlyError('n: 2  # @tune int(0, 4, step=-1)\n', 1, 'int').message, /step must be positive/);
});

test('step combined with log on a float is reported', () => {
  const e = onlyError('lr: 0.1  # @tune float(0.01, 1, log, step=0.01)\n', 1, 'float');
  assert.match(e.message, /step cannot be combined with log/);
});

test('int bounds and steps that are not integers are reported', () => {
  const e = onlyError('n: 3  # @tune int(1.5, 8)\n', 1, '1.5');
  assert.equal(e.field, 'low');
  assert.match(e.message, /int bounds must be integers/);
  assert.match(onlyError('n: 3  # @tune int(1, 8, step=0.5)\n', 1, 'step').message, /int step must be an integer/);
  assert.match(onlyError('n: 3  # @tune fidelity(1, 8.5)\n', 1, '8.5').message, /fidelity bounds must be integers/);
});

test('an empty choice is reported', () => {
  const e = onlyError('opt: adam  # @tune choice()\n', 1, 'choice');
  assert.equal(e.field, 'choices');
  assert.match(e.message, /a choice needs at least one value/);
});

test('a duplicate name is reported on the second line, naming both lines', () => {
  const text = 'a:\n  lr: 0.1  # @tune float(0, 1)\nb:\n  x: 0.2  # @tune float(0, 1, name=a.lr)\n';
  const e = onlyError(text, 4, '@tune');
  assert.equal(e.field, 'name');
  assert.match(e.message, /duplicate parameter name "a\.lr" on lines 2 and 4/);
  assert.deepEqual(parseConfig(text, 'c.yaml').values.map((v) => v.line), [2]);
});

test('a current value outside its range or not among the choices is reported at the value', () => {
  const range = onlyError('x: 1\nlr: 2  # @tune float(0, 1)\n', 2, '2');
  assert.equal(range.field, 'value');
  assert.match(range.message, /current value 2 is outside the range of float\(0, 1\)/);
  const choice = onlyError('opt: adam  # @tune choice(sgd, rmsprop)\n', 1, 'adam');
  assert.match(choice.message, /current value "adam" is not among the choices of choice\("sgd", "rmsprop"\)/);
  assert.match(onlyError('n = 2.5  # @tune int(1, 4)\n', 1, '2.5', 'toml').message, /not an integer/);
  assert.match(onlyError('n = 3  # @tune int(0, 8, step=2)\n', 1, '3', 'python').message, /not on the step grid/);
  assert.match(onlyError('opt = "a"  # @tune float(0, 1)\n', 1, '"a"', 'python').message, /"a" is not a number/);
});

test('a value that is not a literal is reported at the value', () => {
  const yaml = onlyError('lr: ${LR}  # @tune float(1e-5, 1e-1)\n', 1, '${LR}');
  assert.equal(yaml.field, 'value');
  assert.match(yaml.message, /cannot read the value as a literal: `\$\{LR\}` is an interpolation/);
  assert.match(onlyError('{"lr": ${LR}} // @tune float(0, 1)\n', 1, '${LR}', 'json').message, /not a JSON value/);
  assert.match(onlyError('lr = get_lr()  # @tune float(0, 1)\n', 1, 'get_lr()', 'python').message, /is an expression, not a literal/);
  assert.match(onlyError('LR=$BASE  # @tune float(0, 1)\n', 1, '$BASE', 'env').message, /expands a variable/);
  assert.match(onlyError('when = 1979-05-27  # @tune float(0, 1)\n', 1, '1979', 'toml').message, /date or time/);
  assert.match(onlyError('[a]\nlr = %(base)s  ; @tune float(0, 1)\n', 2, '%(base)s', 'ini').message, /interpolation/);
});

test('an unknown directive suggests the closest one', () => {
  const e = onlyError('# @tune.trails 60\nlr: 0.1\n', 1, '@tune.trails');
  assert.equal(e.field, 'directive');
  assert.match(e.message, /unknown directive @tune\.trails; did you mean @tune\.trials\?/);
  assert.match(onlyError('# @tune.objectve loss min\n', 1, '@tune').message, /did you mean @tune\.objective/);
});

test('bad directive arguments are reported at the argument', () => {
  const trials = onlyError('# @tune.trials many\n', 1, 'many');
  assert.equal(trials.field, 'trials');
  assert.match(trials.message, /@tune\.trials needs a whole number of at least 1 \(got "many"\)/);
  assert.match(onlyError('# @tune.parallel 2.5\n', 1, '2.5').message, /whole number/);
  assert.match(onlyError('# @tune.timeout 5x\n', 1, '5x').message, /needs a duration such as 90, 45s, 30m/);
  assert.match(onlyError('# @tune.trial_timeout soon\n', 1, 'soon').message, /trial_timeout needs a duration/);
  const direction = onlyError('# @tune.objective loss up\n', 1, 'loss');
  assert.equal(direction.field, 'direction');
  assert.match(direction.message, /unknown direction "up" for objective loss; use min or max/);
  assert.match(onlyError('# @tune.objective loss\n', 1, 'loss').message, /needs a metric and a direction/);
  assert.match(onlyError('# @tune.constraint mem < 8\n', 1, 'mem').message, /metric <= number/);
  assert.match(onlyError('# @tune.metric loss /([/\n', 1, 'loss').message, /needs a name and a \/regex\//);
  assert.match(onlyError('# @tune.metric loss /(unclosed/\n', 1, '/(').message, /invalid regex/);
  assert.match(onlyError('# @tune.command\n', 1, '@tune.command').message, /needs a command line/);
  assert.match(onlyError('# @tune.sampler two words\n', 1, 'two').message, /needs one name/);
  assert.match(onlyError('# @tune.trials 5\n# @tune.trials 6\n', 2, '@tune').message, /set twice \(first on line 1\)/);
});

test('an annotation with no value on its line is reported', () => {
  const e = onlyError('optimizer:  # @tune float(0, 1)\n  lr: 0.1\n', 1, '@tune');
  assert.equal(e.field, 'value');
  assert.match(e.message, /no value on its line/);
  assert.match(onlyError('python train.py  # @tune int(1, 2)\n', 1, '@tune', 'env').message, /no value on its line/);
  assert.match(onlyError('[a]  ; @tune int(1, 2)\n', 1, '@tune', 'ini').message, /no value on its line/);
});

test('two annotations on one line are reported', () => {
  const e = onlyError('{"a": 1, /* @tune int(0, 2) */ "b": 2 /* @tune int(0, 3) */}\n', 1, '@tune int(0, 3)', 'json');
  assert.match(e.message, /only one @tune annotation/);
});

test('a value without a derivable name asks for name=', () => {
  const e = onlyError('x[0] = 0.5  # @tune float(0, 1)\n', 1, '@tune', 'python');
  assert.equal(e.field, 'name');
  assert.match(e.message, /add name=/);
  assert.equal(parseConfig('x[0] = 0.5  # @tune float(0, 1, name=x0)\n', 'c.py').values[0].name, 'x0');
});

test('errors are formatted as file:line:col: field: message', () => {
  const [e] = parseConfig('a: 1\nlr: 2  # @tune float(0, 1)\n', 'conf/c.yaml').errors;
  assert.equal(formatAnnotationError(e), 'conf/c.yaml:2:5: value: current value 2 is outside the range of float(0, 1)');
  assert.equal(formatAnnotationError({ file: 'f', line: 1, column: 2, message: 'm' }), 'f:1:2: m');
});

test('an unknown file type is an error, not an exception', () => {
  const parsed = parseConfig('lr = 1\n', 'notes.txt');
  assert.equal(parsed.errors.length, 1);
  assert.match(parsed.errors[0].message, /unknown file type/);
});

test('parseConfig never throws on arbitrary text', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const alphabet = ['@tune ', '@tune.', 'float(', 'choice(', ')', ',', '"', "'", '#', '//', '/*', '*/', ';', ':', '=', '[', ']', '{', '}', '(', '\n', '\r\n', ' ', '  ', '-', '|', '\\', 'a', 'lr', '1', '0.5', '1e-5', 'True', '"""', "'''", 'x=', 'log', 'step=', 'name='];
  for (let round = 0; round < 400; round++) {
    let text = '';
    const length = Math.floor(random() * 60);
    for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
    for (const language of Object.keys(FILE_OF) as HostLanguage[]) {
      const parsed = parseConfig(text, FILE_OF[language]);
      for (const e of parsed.errors) {
        assert.ok(e.line >= 1 && e.column >= 1 && e.message.length > 0, `${language}: ${JSON.stringify(text)}`);
      }
    }
  }
});
