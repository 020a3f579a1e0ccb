import test from 'node:test';
import assert from 'node:assert/strict';
import type { Distribution, ParamValue, Params } from '../../../src/engine/space';
import { type ParsedConfig, currentValues, formatLiteral, parseConfig, renderConfig, spaceOf } from '../../../src/annotations';
import { crlfFixtures, fixtures } from './fixtures';

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value the distribution can produce, with the edges and integral floats drawn often. */
function draw(d: Distribution, current: ParamValue, random: () => number): ParamValue {
  const pick = random();
  switch (d.type) {
    case 'float': {
      if (pick < 0.1) return d.low;
      if (pick < 0.2) return d.high;
      if (d.step !== undefined) return d.low + Math.floor(random() * ((d.high - d.low) / d.step + 1)) * d.step;
      if (pick < 0.3 && Math.ceil(d.low) <= Math.floor(d.high)) return Math.ceil(d.low); // an integral float
      if (d.log) return Math.exp(Math.log(d.low) + random() * (Math.log(d.high) - Math.log(d.low)));
      return d.low + random() * (d.high - d.low);
    }
    case 'int': {
      const steps = Math.floor((d.high - d.low) / d.step);
      return d.low + Math.floor(random() * (steps + 1)) * d.step;
    }
    case 'fidelity':
      return d.low + Math.floor(random() * (d.high - d.low + 1));
    case 'categorical':
      return d.choices[Math.floor(random() * d.choices.length)];
    case 'fixed':
      return current;
  }
}

function close(actual: ParamValue, expected: ParamValue): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return Math.abs(actual - expected) <= 1e-12 * Math.max(Math.abs(expected), Number.MIN_VALUE);
  }
  return actual === expected;
}

/** The text between value spans, which rendering must never touch. */
function outside(parsed: ParsedConfig): string[] {
  const pieces: string[] = [];
  let at = 0;
  for (const v of parsed.values) {
    pieces.push(parsed.text.slice(at, v.span.start));
    at = v.span.end;
  }
  pieces.push(parsed.text.slice(at));
  return pieces;
}

for (const fixture of [...fixtures, ...crlfFixtures]) {
  test(`${fixture.file}: parses every annotated value without errors`, () => {
    const parsed = parseConfig(fixture.text, fixture.file);
    assert.equal(parsed.language, fixture.language);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.values.length, fixture.count, `names: ${parsed.values.map((v) => v.name).join(', ')}`);
    for (const v of parsed.values) {
      const literal = fixture.text.slice(v.span.start, v.span.end);
      assert.equal(literal, literal.trim(), `span of ${v.name} holds only the literal`);
      const lines = fixture.text.split('\n');
      assert.equal(lines[v.line - 1].slice(v.column - 1, v.column - 1 + literal.length), literal, `line/column of ${v.name}`);
      assert.ok(fixture.text.slice(v.annotation.start, v.annotation.end).startsWith('@tune '), `annotation span of ${v.name}`);
    }
  });

  test(`${fixture.file}: render with current values is byte-identical`, () => {
    const parsed = parseConfig(fixture.text, fixture.file);
    assert.equal(renderConfig(parsed, currentValues(parsed)), fixture.text);
    assert.equal(renderConfig(parsed, {}), fixture.text);
  });

  test(`${fixture.file}: random values render and read back, changing only value spans`, () => {
    const parsed = parseConfig(fixture.text, fixture.file);
    const random = prng(fixture.text.length);
    for (let round = 0; round < 150; round++) {
      const values: Params = {};
      for (const v of parsed.values) values[v.name] = draw(v.distribution, v.current, random);
      const rendered = renderConfig(parsed, values);
      const back = parseConfig(rendered, fixture.file);
      const context = `round ${round}:\n${rendered}`;
      assert.deepEqual(back.errors, [], context);
      assert.deepEqual(spaceOf(back), spaceOf(parsed), context);
      for (const v of back.values) {
        assert.ok(close(v.current, values[v.name]), `${v.name}: wrote ${String(values[v.name])}, read ${String(v.current)}; ${context}`);
        assert.equal(typeof v.current, typeof values[v.name], `${v.name} keeps its type; ${context}`);
      }
      assert.deepEqual(outside(back), outside(parsed), `text outside the value spans is unchanged; ${context}`);
    }
  });
}

test('render replaces only the names given and keeps the others as written', () => {
  const text = 'lr: 1e-3  # @tune float(1e-5, 1e-1, log)\nbs: 64  # @tune int(16, 256)\n';
  const parsed = parseConfig(text, 'c.yaml');
  assert.equal(renderConfig(parsed, { bs: 128 }), 'lr: 1e-3  # @tune float(1e-5, 1e-1, log)\nbs: 128  # @tune int(16, 256)\n');
  assert.equal(renderConfig(parsed, { lr: 0.02, unknown: 5 }), 'lr: 0.02  # @tune float(1e-5, 1e-1, log)\nbs: 64  # @tune int(16, 256)\n');
});

test('a float value that is integral still reads back as a float', () => {
  const py = parseConfig('scale = 0.5  # @tune float(0, 4)\n', 'c.py');
  assert.equal(renderConfig(py, { scale: 2 }), 'scale = 2.0  # @tune float(0, 4)\n');
  const toml = parseConfig('scale = 0  # @tune float(0, 4)\n', 'c.toml');
  assert.equal(renderConfig(toml, { scale: 3 }), 'scale = 3.0  # @tune float(0, 4)\n');
  const ints = parseConfig('n = 2  # @tune int(0, 4)\n', 'c.toml');
  assert.equal(renderConfig(ints, { n: 3 }), 'n = 3  # @tune int(0, 4)\n');
});

test('render throws, naming the parameter, on a value the host language cannot write', () => {
  const toml = parseConfig('x = "a"  # @tune choice("a", "b")\n', 'c.toml');
  assert.throws(() => renderConfig(toml, { x: null }), /c\.toml:1:5: x: TOML has no null/);
  const json = parseConfig('{"x": 1} // @tune float(0, 2)\n', 'c.json');
  assert.throws(() => renderConfig(json, { x: NaN }), /JSON cannot write NaN/);
  const py = parseConfig('x = 1  # @tune float(0, 2)\n', 'c.py');
  assert.throws(() => renderConfig(py, { x: Infinity }), /Python cannot write Infinity/);
  const env = parseConfig('X=a  # @tune choice(a, b)\n', '.env');
  assert.throws(() => renderConfig(env, { X: null }), /\.env has no null/);
  assert.throws(() => renderConfig(env, { X: 'two\nlines' }), /several lines/);
});

test('formatLiteral writes numbers the way each language reads them', () => {
  assert.equal(formatLiteral('yaml', 1e-7, '0.1'), '1.0e-7');
  assert.equal(formatLiteral('yaml', 2e21, '0.1'), '2.0e+21');
  assert.equal(formatLiteral('yaml', 0.00125, '0.1'), '0.00125');
  assert.equal(formatLiteral('yaml', 3, '1.5'), '3.0');
  assert.equal(formatLiteral('yaml', 3, '7'), '3');
  assert.equal(formatLiteral('python', 1e-7, '0.1'), '1e-7');
  assert.equal(formatLiteral('python', 1, '0.5'), '1.0');
  assert.equal(formatLiteral('toml', -2, '0.5'), '-2.0');
  assert.equal(formatLiteral('json', 1e-7, '0.5'), '1e-7');
  assert.equal(formatLiteral('env', 0.5, '1'), '0.5');
  assert.equal(formatLiteral('python', 7, '0.5', false), '7');
});

test('formatLiteral keeps the original quote style where there is one', () => {
  assert.equal(formatLiteral('python', 'sgd', "'adam'"), "'sgd'");
  assert.equal(formatLiteral('python', "it's", "'adam'"), "'it\\'s'");
  assert.equal(formatLiteral('python', 'sgd', '"adam"'), '"sgd"');
  assert.equal(formatLiteral('python', 'sgd', 'None'), '"sgd"');
  assert.equal(formatLiteral('toml', 'sgd', "'adam'"), "'sgd'");
  assert.equal(formatLiteral('toml', "it's", "'adam'"), '"it\'s"');
  assert.equal(formatLiteral('yaml', "it's", "'adam'"), "'it''s'");
  assert.equal(formatLiteral('yaml', 'sgd', '"adam"'), '"sgd"');
  assert.equal(formatLiteral('env', 'sgd', "'adam'"), "'sgd'");
  assert.equal(formatLiteral('env', 'a $b', '"adam"'), '"a \\$b"');
  assert.equal(formatLiteral('ini', 'sgd', '"adam"'), '"sgd"');
  assert.equal(formatLiteral('json', 'say "hi"', '"adam"'), '"say \\"hi\\""');
});

test('YAML strings stay plain when safe and are quoted when they would read as something else', () => {
  assert.equal(formatLiteral('yaml', 'sgd', 'adam'), 'sgd');
  for (const s of ['true', 'null', '1.5', '1e3', 'yes', 'off', 'a: b', 'a #b', '', ' lead', '-x', '*ref', '{x}']) {
    assert.equal(formatLiteral('yaml', s, 'adam'), JSON.stringify(s), `"${s}" is quoted`);
  }
  assert.equal(formatLiteral('yaml', false, 'True'), 'False');
  assert.equal(formatLiteral('yaml', null, '~'), '~');
  assert.equal(formatLiteral('python', false, 'True'), 'False');
  assert.equal(formatLiteral('python', null, '1'), 'None');
  assert.equal(formatLiteral('env', '1.5', 'abc'), '"1.5"');
  assert.equal(formatLiteral('ini', '7', 'abc'), '"7"');
});

test('columns count UTF-16 units, as editors do, after unicode on the same line', () => {
  const parsed = parseConfig('# größe 🚀\n🚀 rocket: 0.5  # @tune float(0, 1)\n', 'c.yaml');
  assert.deepEqual(parsed.errors, []);
  const [v] = parsed.values;
  assert.equal(v.name, '🚀 rocket');
  assert.equal(v.line, 2);
  assert.equal(v.column, 12);
  assert.equal(renderConfig(parsed, { '🚀 rocket': 0.75 }), '# größe 🚀\n🚀 rocket: 0.75  # @tune float(0, 1)\n');
});
