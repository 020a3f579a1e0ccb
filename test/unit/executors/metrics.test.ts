import test from 'node:test';
import assert from 'node:assert/strict';
import { MetricsParser, parseNumber, reportFromJson, type MetricPattern, type MetricsReport } from '../../../src/executors/metrics';
import { LineSplitter } from '../../../src/executors/lineSplitter';

function collect(patterns: MetricPattern[] = []): { parser: MetricsParser; reports: MetricsReport[] } {
  const reports: MetricsReport[] = [];
  return { parser: new MetricsParser((r) => reports.push(r), patterns), reports };
}

test('metrics file lines become reports with step and numeric metrics only', () => {
  const { parser, reports } = collect();
  parser.metricsFile('{"step": 1, "val_loss": 0.5, "acc": 0.8, "name": "x", "ok": true, "nested": {"a": 1}}\n');
  assert.deepEqual(reports, [{ step: 1, metrics: { val_loss: 0.5, acc: 0.8 } }]);
});

test('a partial metrics line waits until its newline arrives', () => {
  const { parser, reports } = collect();
  parser.metricsFile('{"step": 2, "val_');
  assert.equal(reports.length, 0);
  parser.metricsFile(Buffer.from('loss": 0.4}\n{"val_loss"'));
  assert.deepEqual(reports, [{ step: 2, metrics: { val_loss: 0.4 } }]);
  parser.metricsFile(': 0.3}');
  assert.equal(reports.length, 1, 'a line without its newline is not read while the trial runs');
  parser.end();
  assert.deepEqual(reports[1], { metrics: { val_loss: 0.3 } });
});

test('a multi-byte character split across chunks is read intact', () => {
  const { parser, reports } = collect();
  const bytes = Buffer.from('{"λ": 1.5}\n');
  parser.metricsFile(bytes.subarray(0, 3));
  parser.metricsFile(bytes.subarray(3));
  assert.deepEqual(reports, [{ metrics: { λ: 1.5 } }]);
});

test('garbage, arrays and lines without metrics are ignored', () => {
  const { parser, reports } = collect();
  parser.metricsFile('not json\n[1,2]\n{"step": 3}\n\n{"val_loss": 0.1}\n');
  assert.deepEqual(reports, [{ metrics: { val_loss: 0.1 } }]);
});

test('bare NaN, Infinity and -Infinity are read as numbers, but not inside strings', () => {
  const r = reportFromJson('{"a": NaN, "b": Infinity, "c": -Infinity, "d": "NaN and Infinity", "e": 1}');
  assert.ok(r);
  assert.ok(Number.isNaN(r.metrics.a));
  assert.equal(r.metrics.b, Infinity);
  assert.equal(r.metrics.c, -Infinity);
  assert.equal(r.metrics.e, 1);
  assert.equal('d' in r.metrics, false);
});

test('a string that looks like a sentinel or an Object key stays a string', () => {
  const r = reportFromJson('{"a": "constructor", "b": "toString", "c": 2}');
  assert.deepEqual(r, { metrics: { c: 2 } });
});

test('stdout @tune lines report; leading whitespace allowed, other text not', () => {
  const { parser, reports } = collect();
  parser.stdout('epoch 1 done\n  \t@tune {"step": 3, "val_loss": 0.41}\nx @tune {"val_loss": 9}\n@tune.metric a /b/\n');
  parser.stdout('@tune{"val_loss": NaN}\n');
  assert.equal(reports.length, 2);
  assert.deepEqual(reports[0], { step: 3, metrics: { val_loss: 0.41 } });
  assert.ok(Number.isNaN(reports[1].metrics.val_loss));
});

test('a @tune line split across stdout chunks, with CRLF, reports once', () => {
  const { parser, reports } = collect();
  parser.stdout('@tune {"step": 1, ');
  parser.stdout('"loss": 2}\r\n');
  assert.deepEqual(reports, [{ step: 1, metrics: { loss: 2 } }]);
});

test('a regex with a group takes the group, counts occurrences as the step, and reads stderr too', () => {
  const { parser, reports } = collect([{ name: 'val_loss', pattern: 'val_loss[=:]\\s*(\\S+)', flags: '' }]);
  parser.stdout('epoch 1 val_loss: 0.9\nnothing here\n');
  parser.stderr('epoch 2 val_loss=0.7\n');
  parser.stdout('epoch 3 val_loss= nan\n');
  parser.stdout('val_loss: oops\n');
  assert.equal(reports.length, 3);
  assert.deepEqual(reports.slice(0, 2), [
    { step: 1, metrics: { val_loss: 0.9 } },
    { step: 2, metrics: { val_loss: 0.7 } },
  ]);
  assert.equal(reports[2].step, 3);
  assert.ok(Number.isNaN(reports[2].metrics.val_loss));
});

test('a regex without a group takes the whole match; flags apply; g is harmless', () => {
  const { parser, reports } = collect([{ name: 'acc', pattern: '[0-9.]+(?=%)', flags: 'gi' }]);
  parser.stdout('ACC 91.5% on val\nACC 92.5% on val\n');
  assert.deepEqual(reports, [
    { step: 1, metrics: { acc: 91.5 } },
    { step: 2, metrics: { acc: 92.5 } },
  ]);
});

test('a pattern named step sets the step of the reports that follow; several patterns share a line', () => {
  const { parser, reports } = collect([
    { name: 'step', pattern: 'Epoch (\\d+)', flags: '' },
    { name: 'loss', pattern: 'loss (\\S+)', flags: '' },
    { name: 'acc', pattern: 'acc (\\S+)', flags: '' },
  ]);
  parser.stdout('Epoch 10\nloss 0.5 acc 0.75\nEpoch 20 loss 0.25\n');
  assert.deepEqual(reports, [
    { step: 10, metrics: { loss: 0.5, acc: 0.75 } },
    { step: 20, metrics: { loss: 0.25 } },
  ]);
});

test('tqdm-style carriage-return updates are separate lines', () => {
  const { parser, reports } = collect([{ name: 'loss', pattern: 'loss=(\\S+)', flags: '' }]);
  parser.stderr('10%| loss=0.9\r20%| loss=0.8\r');
  assert.deepEqual(reports.map((r) => r.metrics.loss), [0.9, 0.8]);
});

test('an invalid regex is reported with the metric name', () => {
  assert.throws(() => collect([{ name: 'loss', pattern: '(', flags: '' }]), /@tune.metric loss: invalid pattern/);
});

test('parseNumber reads JSON, Python and JS spellings', () => {
  assert.equal(parseNumber(' 1e-3 '), 0.001);
  assert.equal(parseNumber('-inf'), -Infinity);
  assert.equal(parseNumber('Infinity'), Infinity);
  assert.ok(Number.isNaN(parseNumber('nan')!));
  assert.equal(parseNumber('abc'), undefined);
  assert.equal(parseNumber(''), undefined);
});

test('an overlong line is dropped without being held, and the next line still arrives', () => {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), { maxLineBytes: 16 });
  for (let i = 0; i < 100; i++) splitter.push('x'.repeat(10));
  const held = splitter as unknown as { length: number; parts: Buffer[] };
  assert.equal(held.length + held.parts.length, 0, 'the overlong line is not kept');
  splitter.push('\nshort\n');
  assert.deepEqual(lines, ['short']);
});
