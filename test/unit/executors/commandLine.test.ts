import test from 'node:test';
import assert from 'node:assert/strict';
import { expandCommand, formatValue, splitCommandLine, type PlaceholderContext } from '../../../src/executors/commandLine';

test('splitCommandLine splits on runs of whitespace', () => {
  assert.deepEqual(splitCommandLine('  python   train.py\t--config  x.yaml '), ['python', 'train.py', '--config', 'x.yaml']);
});

test('single quotes keep spaces, backslashes and double quotes literally', () => {
  assert.deepEqual(splitCommandLine(`echo 'a b\\n "c"'`), ['echo', 'a b\\n "c"']);
});

test('double quotes keep spaces and honour \\" \\\\ \\$ escapes only', () => {
  assert.deepEqual(splitCommandLine('echo "a \\"b\\" \\\\ \\$HOME \\n"'), ['echo', 'a "b" \\ $HOME \\n']);
});

test('a backslash outside quotes escapes the next character', () => {
  assert.deepEqual(splitCommandLine('echo a\\ b \\"c\\" \\|'), ['echo', 'a b', '"c"', '|']);
});

test('adjacent quoted and unquoted parts form one word; empty quotes are an empty word', () => {
  assert.deepEqual(splitCommandLine(`run --name="my run"'!' '' x`), ['run', '--name=my run!', '', 'x']);
});

test('a backslash-newline continues the line', () => {
  assert.deepEqual(splitCommandLine('python train.py \\\n  --lr 1'), ['python', 'train.py', '--lr', '1']);
});

test('no shell expansion: $VAR, globs and ~ pass through as written', () => {
  assert.deepEqual(splitCommandLine('ls $HOME *.py ~/x `id`'), ['ls', '$HOME', '*.py', '~/x', '`id`']);
});

for (const [cmd, op] of [
  ['python a.py | tee log', '|'],
  ['python a.py; echo done', ';'],
  ['make && python a.py', '&&'],
  ['python a.py > out.txt', '>'],
  ['python a.py 2>&1', '>&'],
  ['python a.py &', '&'],
  ['python a.py < in', '<'],
] as const) {
  test(`shell operator "${op}" is refused with advice to use a script (${cmd})`, () => {
    assert.throws(
      () => splitCommandLine(cmd),
      (e: Error) => e.message.includes(`"${op}" is shell syntax`) && e.message.includes('script'),
    );
  });
}

test('quoted shell characters are ordinary text', () => {
  assert.deepEqual(splitCommandLine(`grep 'a|b' "x > y" c\\;`), ['grep', 'a|b', 'x > y', 'c;']);
});

test('unterminated quotes, a trailing backslash and an empty command are errors', () => {
  assert.throws(() => splitCommandLine(`echo 'abc`), /unterminated ' quote/);
  assert.throws(() => splitCommandLine('echo "abc'), /unterminated " quote/);
  assert.throws(() => splitCommandLine('echo abc\\'), /trailing backslash/);
  assert.throws(() => splitCommandLine('   '), /empty/);
});

const ctx: PlaceholderContext = {
  params: { 'optimizer.lr': 0.001, layers: 4, act: 'gelu', 'use bias': true, warm: false, tag: null, tiny: 1e-7 },
  trial: 12,
  trialDir: '/runs/r1/trials/12',
  paramsPath: '/runs/r1/trials/12/params.json',
  configPath: '/runs/r1/trials/12/config.yaml',
};

test('expandCommand fills {config} {params} {trial} {trial_dir}', () => {
  assert.deepEqual(expandCommand(['python', 'train.py', '{config}', '{params}', '{trial}', '{trial_dir}'], ctx), [
    'python',
    'train.py',
    '/runs/r1/trials/12/config.yaml',
    '/runs/r1/trials/12/params.json',
    '12',
    '/runs/r1/trials/12',
  ]);
});

test('{args} becomes one --name=value argument per parameter, in order', () => {
  assert.deepEqual(expandCommand(['x', '{args}', 'y'], ctx), [
    'x',
    '--optimizer.lr=0.001',
    '--layers=4',
    '--act=gelu',
    '--use bias=true',
    '--warm=false',
    '--tag=null',
    '--tiny=1e-7',
    'y',
  ]);
});

test('{overrides} becomes Hydra-style name=value arguments', () => {
  assert.deepEqual(expandCommand(['{overrides}'], { ...ctx, params: { 'model.depth': 3, 'optim.name': 'adam' } }), [
    'model.depth=3',
    'optim.name=adam',
  ]);
});

test('a parameter placeholder may be embedded in a word, several times', () => {
  assert.deepEqual(expandCommand(['--lr={optimizer.lr}', 'run-{trial}-{act}-{layers}'], ctx), ['--lr=0.001', 'run-12-gelu-4']);
});

test('values are formatted exactly: shortest number text, true/false, null, raw strings', () => {
  assert.equal(formatValue(0.1 + 0.2), '0.30000000000000004');
  assert.equal(formatValue(3e-4), '0.0003');
  assert.equal(formatValue(64), '64');
  assert.equal(formatValue(true), 'true');
  assert.equal(formatValue(null), 'null');
  assert.equal(formatValue('a b'), 'a b');
  assert.deepEqual(expandCommand(['{use bias}', '{tag}', '{tiny}'], ctx), ['true', 'null', '1e-7']);
});

test('a value with spaces stays one argument', () => {
  assert.deepEqual(expandCommand(['--name={n}'], { ...ctx, params: { n: 'my model' } }), ['--name=my model']);
});

test('an unknown placeholder is an error naming it', () => {
  assert.throws(() => expandCommand(['--lr={learning_rate}'], ctx), /unknown placeholder \{learning_rate\}/);
});

test('{args} and {overrides} inside a word are errors', () => {
  assert.throws(() => expandCommand(['--x={args}'], ctx), /\{args\} expands to several arguments/);
  assert.throws(() => expandCommand(['a{overrides}'], ctx), /\{overrides\} expands to several arguments/);
});

test('{{ and }} are literal braces; a lone brace is an error', () => {
  assert.deepEqual(expandCommand(['{{"lr": {optimizer.lr}}}', '{{args}}'], ctx), ['{"lr": 0.001}', '{args}']);
  assert.throws(() => expandCommand(['{"a": 1}'], ctx), /unknown placeholder \{"a": 1\}/);
  assert.throws(() => expandCommand(['a{b'], ctx), /unmatched "\{"/);
  assert.throws(() => expandCommand(['a}b'], ctx), /unmatched "\}"/);
});

test('{config} without a rendered config is an error', () => {
  const { configPath: _omit, ...noConfig } = ctx;
  assert.throws(() => expandCommand(['{config}'], noConfig), /\{config\} is used but this run has no rendered config/);
});
