import test from 'node:test';
import assert from 'node:assert/strict';
import { type HostLanguage, currentValues, languageOf, parseConfig, spaceOf } from '../../../src/annotations';

const A = '# @tune float(-1000, 1000)';

function names(text: string, file: string): Record<string, unknown> {
  const parsed = parseConfig(text, file);
  assert.deepEqual(parsed.errors, [], `${file}:\n${text}`);
  return currentValues(parsed);
}

test('YAML names follow indentation, nested mappings and list items', () => {
  const text = [
    'optimizer:',
    `  lr: 0.5  ${A}`,
    '  schedule:',
    `    warmup: 10  ${A}`,
    '    # a comment between keys',
    '',
    `    gamma: 0.9  ${A}`,
    `  momentum: 0.8  ${A}`,
    'layers:',
    `  - 64  ${A}`,
    '  - size: 32',
    `    dropout: 0.1  ${A}`,
    'heads:',
    `- 4  ${A}`,
    `- 8  ${A}`,
    `top: 1  ${A}`,
    'matrix:',
    `  - - 1  ${A}`,
    `    - 2  ${A}`,
    '---',
    `other: 3  ${A}`,
    '',
  ].join('\n');
  assert.deepEqual(names(text, 'c.yaml'), {
    'optimizer.lr': 0.5,
    'optimizer.schedule.warmup': 10,
    'optimizer.schedule.gamma': 0.9,
    'optimizer.momentum': 0.8,
    'layers.0': 64,
    'layers.1.dropout': 0.1,
    'heads.0': 4,
    'heads.1': 8,
    top: 1,
    'matrix.0.0': 1,
    'matrix.0.1': 2,
    other: 3,
  });
});

test('YAML values are typed as YAML types them', () => {
  const text = [
    'a: 1e-5  # @tune float(0, 1)',
    'b: -3  # @tune int(-5, 5)',
    'c: true  # @tune choice(true, false)',
    'd: ~  # @tune choice(null, x)',
    'e: adam  # @tune choice(adam, "sgd")',
    'f: "1.5"  # @tune choice("1.5", other)',
    "g: 'it''s'  # @tune choice('it''s', no)",
    '"h i": x  # @tune fixed',
  ].join('\n');
  assert.deepEqual(names(text, 'c.yml'), { a: 1e-5, b: -3, c: true, d: null, e: 'adam', f: '1.5', g: "it's", 'h i': 'x' });
});

test('TOML names follow tables, dotted keys, array tables, inline tables and arrays', () => {
  const text = [
    `top = 1  ${A}`,
    '[optimizer]',
    `lr = 0.5  ${A}`,
    `schedule.warmup = 10  ${A}`,
    '[model.encoder]',
    `layers = 4  ${A}`,
    `"quoted.key" = 2  ${A}`,
    '[[runs]]',
    `seed = 1  ${A}`,
    '[[runs]]',
    `seed = 2  ${A}`,
    '[runs.extra]',
    `k = 3  ${A}`,
    '[inline]',
    `opt = { lr = 0.25, beta = 0.75 }  ${A}`,
    `sizes = [ 8, 16 ]  ${A}`,
    'nested = [',
    `  [1, 2],  ${A}`,
    ']',
    '',
  ].join('\n');
  assert.deepEqual(names(text, 'c.toml'), {
    top: 1,
    'optimizer.lr': 0.5,
    'optimizer.schedule.warmup': 10,
    'model.encoder.layers': 4,
    'model.encoder.quoted.key': 2,
    'runs.0.seed': 1,
    'runs.1.seed': 2,
    'runs.1.extra.k': 3,
    'inline.opt.beta': 0.75,
    'inline.sizes.1': 16,
    'inline.nested.0.1': 2,
  });
});

test('TOML values are typed as TOML types them', () => {
  const text = [
    'a = 1_000  # @tune int(0, 2000)',
    'b = 0x10  # @tune int(0, 20)',
    "c = 'C:\\path'  # @tune fixed",
    'd = "tab\\t"  # @tune fixed',
    'e = false  # @tune choice(true, false)',
    'f = +1.5e3  # @tune float(0, 2_000)',
  ].join('\n');
  assert.deepEqual(names(text, 'c.toml'), { a: 1000, b: 16, c: 'C:\\path', d: 'tab\t', e: false, f: 1500 });
});

test('JSON names follow the object and array key stack', () => {
  const text = `{
  "optimizer": {
    "lr": 0.5, ${A.replace('#', '//')}
    "betas": [0.9, 0.99], ${A.replace('#', '//')}
    "groups": [{"wd": 0.1}], ${A.replace('#', '//')}
  },
  "a.b": {"c": 1}, // @tune int(0, 2)
  "s": "x", // @tune choice("x", "y", 3, true, null)
}`;
  assert.deepEqual(names(text, 'c.json'), { 'optimizer.lr': 0.5, 'optimizer.betas.1': 0.99, 'optimizer.groups.0.wd': 0.1, 'a.b.c': 1, s: 'x' });
});

test('Python names are assignment targets, dict keys and keyword arguments', () => {
  const text = [
    `lr = 0.5  ${A}`,
    `batch_size: int = 64  ${A}`,
    `a = b = 3  ${A}`,
    `config.model.depth = 18  ${A}`,
    'class Trainer:',
    `    epochs = 10  ${A}`,
    '    def __init__(self):',
    `        self.warmup = 100  ${A}`,
    'CONFIG = {',
    `    "gamma": 0.9,  ${A}`,
    `    'optimizer': {"momentum": 0.8},  ${A}`,
    '}',
    'trainer = dict(',
    `    steps=1_000,  ${A}`,
    `    opt=Adam(beta1=0.7),  ${A}`,
    ')',
    `sizes = [16, 32]  ${A}`,
    `def train(data, drop: float = 0.25, *, clip=1.0):  ${A}`,
    `    run(seed=7)  ${A}`,
    '',
  ].join('\n');
  assert.deepEqual(names(text, 'c.py'), {
    lr: 0.5,
    batch_size: 64,
    b: 3,
    'config.model.depth': 18,
    epochs: 10,
    warmup: 100,
    gamma: 0.9,
    'optimizer.momentum': 0.8,
    steps: 1000,
    'opt.beta1': 0.7,
    'sizes.1': 32,
    clip: 1,
    seed: 7,
  });
});

test('Python values are typed as Python types them', () => {
  const text = [
    "a = 'x'  # @tune choice('x', \"y\", None)",
    'b = None  # @tune choice(None, True)',
    'c = True  # @tune choice(True, False)',
    "d = r'C:\\n'  # @tune fixed",
    "e = 'it\\'s'  # @tune fixed",
    'f = -2.5e-3  # @tune float(-1, 1)',
  ].join('\n');
  assert.deepEqual(names(text, 'c.py'), { a: 'x', b: null, c: true, d: 'C:\\n', e: "it's", f: -2.5e-3 });
});

test('.env and shell names are the keys, with or without export', () => {
  const text = [
    `LR=0.5  ${A}`,
    `export BATCH=64  ${A}`,
    `  SPACED = 3  ${A}`,
    `NAME="adam"  # @tune choice(adam, sgd)`,
    `MODE='fast mode'  # @tune choice("fast mode", slow)`,
    `TAG=v1.2  # @tune fixed`,
    '',
  ].join('\n');
  assert.deepEqual(names(text, 'train.env'), { LR: 0.5, BATCH: 64, SPACED: 3, NAME: 'adam', MODE: 'fast mode', TAG: 'v1.2' });
  assert.deepEqual(names(`LR=0.5  ${A}\n`, '.env'), { LR: 0.5 });
  assert.deepEqual(names(`export LR=0.5  ${A}\n`, 'run.sh'), { LR: 0.5 });
});

test('INI names are section.key, and the bare key before any header', () => {
  const text = [
    `top = 1  ${A}`,
    '[train]',
    `lr = 0.5  ; @tune float(0, 1)`,
    `steps: 100  ${A}`,
    '[model.encoder]',
    `depth = 6  ${A}`,
    `act = "relu"  ; @tune choice(relu, gelu)`,
    '',
  ].join('\n');
  assert.deepEqual(names(text, 'c.ini'), { top: 1, 'train.lr': 0.5, 'train.steps': 100, 'model.encoder.depth': 6, 'model.encoder.act': 'relu' });
  assert.deepEqual(names(`[s]\nx = 1 ${A}\n`, 'c.cfg'), { 's.x': 1 });
});

test('name= overrides the derived name in every form', () => {
  const text = [
    'a: 0.5  # @tune float(0, 1, name=opt.lr)',
    'b: 3  # @tune int(1, 5, name=n_layers)',
    'c: x  # @tune choice(x, y, name=act)',
    'd: 5  # @tune fidelity(1, 5, name=budget)',
    'e: 9  # @tune fixed name=seed',
  ].join('\n');
  const parsed = parseConfig(text, 'c.yaml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(Object.keys(spaceOf(parsed)), ['opt.lr', 'n_layers', 'act', 'budget', 'seed']);
});

test('distributions are built from every form', () => {
  const text = [
    'a: 0.01  # @tune float(1e-5, 1e-1, log)',
    'b: 0.1  # @tune float(0, 0.5, step=0.05)',
    'c: 4  # @tune int(2, 8)',
    'd: 16  # @tune int(8, 256, log)',
    'e: 4  # @tune int(0, 8, step=2)',
    'f: adam  # @tune choice(adam, sgd, 1_0, 0.5)',
    'g: 27  # @tune fidelity(1, 27)',
    'h: x  # @tune fixed',
  ].join('\n');
  const parsed = parseConfig(text, 'c.yaml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(spaceOf(parsed), {
    a: { type: 'float', low: 1e-5, high: 0.1, log: true },
    b: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
    c: { type: 'int', low: 2, high: 8, log: false, step: 1 },
    d: { type: 'int', low: 8, high: 256, log: true, step: 1 },
    e: { type: 'int', low: 0, high: 8, log: false, step: 2 },
    f: { type: 'categorical', choices: ['adam', 'sgd', '1_0', 0.5] },
    g: { type: 'fidelity', low: 1, high: 27 },
    h: { type: 'fixed', value: 'x' },
  });
  assert.deepEqual(spaceOf(parseConfig('x = 1  # @tune int(1_000, 2_000)\n', 'c.py')), {});
  assert.deepEqual(spaceOf(parseConfig('x = 1500  # @tune int(1_000, 2_000)\n', 'c.py')), { x: { type: 'int', low: 1000, high: 2000, log: false, step: 1 } });
});

test('languageOf maps file names to host languages', () => {
  const expected: [string, HostLanguage | undefined][] = [
    ['a/config.yaml', 'yaml'], ['c.YML', 'yaml'], ['pyproject.toml', 'toml'], ['c.json', 'json'], ['c.jsonc', 'json'],
    ['train.py', 'python'], ['.env', 'env'], ['dir/.env', 'env'], ['prod.env', 'env'], ['.env.local', 'env'], ['run.sh', 'env'],
    ['setup.cfg', 'ini'], ['c.ini', 'ini'], ['x.conf', 'ini'], ['notes.txt', undefined], ['Makefile', undefined],
  ];
  for (const [file, language] of expected) assert.equal(languageOf(file), language, file);
});
