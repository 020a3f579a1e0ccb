import test from 'node:test';
import assert from 'node:assert/strict';
import type { Distribution } from '../../../src/engine/space';
import {
  distributionToJson,
  fromInternalValue,
  fromOptunaDirection,
  fromOptunaDistribution,
  JournalOp,
  optunaDatetime,
  parseJournalLine,
  serializeOp,
  toInternalValue,
  toJournalOp,
  toOptunaDirection,
  toOptunaDistribution,
} from '../../../src/store/optunaFormat';

test('every op survives serialize then parse', () => {
  const ops: JournalOp[] = [
    { op_code: 0, worker_id: 'w', study_name: 's', directions: [1, 2] },
    { op_code: 1, worker_id: 'w', study_id: 0 },
    { op_code: 2, worker_id: 'w', study_id: 0, user_attr: { k: [1, 'a', null] } },
    { op_code: 3, worker_id: 'w', study_id: 0, system_attr: { k: { nested: true } } },
    { op_code: 4, worker_id: 'w', study_id: 0, datetime_start: '2026-11-23T19:15:00.123000', state: 0, params: { x: 1 }, distributions: { x: '{}' } },
    { op_code: 5, worker_id: 'w', trial_id: 3, param_name: 'x', param_value_internal: 0.5, distribution: '{"name": "FloatDistribution"}' },
    { op_code: 6, worker_id: 'w', trial_id: 3, state: 1, values: [0.25], datetime_complete: '2026-11-23T19:16:00.000000' },
    { op_code: 7, worker_id: 'w', trial_id: 3, step: 4, intermediate_value: 0.125 },
    { op_code: 8, worker_id: 'w', trial_id: 3, user_attr: { note: 'line\nbreak "quoted"' } },
    { op_code: 9, worker_id: 'w', trial_id: 3, system_attr: { s: 1 } },
  ];
  for (const op of ops) {
    const line = serializeOp(op);
    assert.ok(!line.includes('\n'), 'one op is one line');
    assert.deepEqual(toJournalOp(parseJournalLine(line)), op);
  }
});

test('non-finite numbers are written and read as Python writes them', () => {
  const op: JournalOp = { op_code: 7, worker_id: 'NaN Infinity', trial_id: 0, step: 1, intermediate_value: NaN };
  const line = serializeOp(op);
  assert.match(line, /"intermediate_value":NaN/);
  assert.match(line, /"worker_id":"NaN Infinity"/, 'strings are left alone');
  const python = '{"op_code": 6, "worker_id": "w", "trial_id": 0, "state": 1, "values": [Infinity, -Infinity, NaN]}';
  const parsed = toJournalOp(parseJournalLine(python));
  assert.deepEqual(parsed.op_code === 6 && parsed.values, [Infinity, -Infinity, NaN]);
  assert.equal((toJournalOp(parseJournalLine(line)) as typeof op).intermediate_value, NaN);
});

test('malformed ops are rejected with the field at fault', () => {
  assert.throws(() => toJournalOp({ op_code: 10 }), /unknown op_code 10/);
  assert.throws(() => toJournalOp({ op_code: 7, trial_id: 0, step: 1 }), /"intermediate_value" must be a number/);
  assert.throws(() => toJournalOp([1]), /not a JSON object/);
  assert.throws(() => parseJournalLine('{"op_code": 1,'));
});

test('distributions map to Optuna classes and back unchanged', () => {
  const cases: [Distribution, string, Record<string, unknown>][] = [
    [{ type: 'float', low: 1e-5, high: 0.1, log: true }, 'FloatDistribution', { step: null, low: 1e-5, high: 0.1, log: true }],
    [{ type: 'float', low: 0, high: 0.5, log: false, step: 0.05 }, 'FloatDistribution', { step: 0.05, low: 0, high: 0.5, log: false }],
    [{ type: 'int', low: 2, high: 8, log: false, step: 2 }, 'IntDistribution', { log: false, step: 2, low: 2, high: 8 }],
    [{ type: 'int', low: 16, high: 256, log: true, step: 1 }, 'IntDistribution', { log: true, step: 1, low: 16, high: 256 }],
    [{ type: 'categorical', choices: ['a', 3, true, null, 2.5] }, 'CategoricalDistribution', { choices: ['a', 3, true, null, 2.5] }],
  ];
  for (const [ours, name, attributes] of cases) {
    assert.deepEqual(toOptunaDistribution(ours), { name, attributes });
    assert.deepEqual(fromOptunaDistribution(distributionToJson(ours)), ours);
  }
});

test('fidelity is an int distribution and fixed a one-choice categorical, restored by kind', () => {
  const fidelity: Distribution = { type: 'fidelity', low: 1, high: 27 };
  const fixed: Distribution = { type: 'fixed', value: 'adam' };
  assert.deepEqual(toOptunaDistribution(fidelity), { name: 'IntDistribution', attributes: { log: false, step: 1, low: 1, high: 27 } });
  assert.deepEqual(toOptunaDistribution(fixed), { name: 'CategoricalDistribution', attributes: { choices: ['adam'] } });
  assert.deepEqual(fromOptunaDistribution(distributionToJson(fidelity), 'fidelity'), fidelity);
  assert.deepEqual(fromOptunaDistribution(distributionToJson(fixed), 'fixed'), fixed);
  assert.deepEqual(fromOptunaDistribution(distributionToJson(fidelity)), { type: 'int', low: 1, high: 27, log: false, step: 1 });
});

test('distributions written by older Optuna and the abbreviated form are read', () => {
  const read = (name: string, attributes: Record<string, unknown>) => fromOptunaDistribution(JSON.stringify({ name, attributes }));
  assert.deepEqual(read('UniformDistribution', { low: 0, high: 1 }), { type: 'float', low: 0, high: 1, log: false });
  assert.deepEqual(read('LogUniformDistribution', { low: 0.1, high: 1 }), { type: 'float', low: 0.1, high: 1, log: true });
  assert.deepEqual(read('DiscreteUniformDistribution', { low: 0, high: 1, q: 0.25 }), { type: 'float', low: 0, high: 1, log: false, step: 0.25 });
  assert.deepEqual(read('IntUniformDistribution', { low: 0, high: 10, step: 2 }), { type: 'int', low: 0, high: 10, log: false, step: 2 });
  assert.deepEqual(read('IntLogUniformDistribution', { low: 1, high: 10, step: 1 }), { type: 'int', low: 1, high: 10, log: true, step: 1 });
  assert.deepEqual(fromOptunaDistribution('{"type": "int", "low": 1, "high": 4}'), { type: 'int', low: 1, high: 4, log: false, step: 1 });
  assert.deepEqual(fromOptunaDistribution('{"type": "categorical", "choices": [1, 2]}'), { type: 'categorical', choices: [1, 2] });
  assert.throws(() => read('BetaDistribution', {}), /unknown Optuna distribution "BetaDistribution"/);
});

test('param values go to Optuna\'s internal form and back', () => {
  const cat: Distribution = { type: 'categorical', choices: ['relu', 1, true, null] };
  assert.equal(toInternalValue(cat, true), 2, 'true is not confused with 1');
  assert.equal(toInternalValue(cat, 1), 1);
  assert.equal(toInternalValue(cat, null), 3);
  assert.equal(fromInternalValue(cat, 2), true);
  assert.throws(() => toInternalValue(cat, 'gelu'), /not one of the choices/);
  assert.throws(() => fromInternalValue(cat, 9), /out of range/);
  const int: Distribution = { type: 'int', low: 1, high: 9, log: false, step: 1 };
  assert.equal(toInternalValue(int, 4), 4);
  assert.equal(fromInternalValue(int, 4.0), 4);
  const float: Distribution = { type: 'float', low: 0, high: 1, log: false };
  assert.equal(fromInternalValue(float, 0.3), 0.3);
  assert.throws(() => toInternalValue(float, 'x'), /expected a number/);
  const fixed: Distribution = { type: 'fixed', value: false };
  assert.equal(toInternalValue(fixed, false), 0);
  assert.equal(fromInternalValue(fixed, 0), false);
  assert.throws(() => toInternalValue(fixed, true), /fixed parameter/);
});

test('directions use Optuna\'s numbers', () => {
  assert.equal(toOptunaDirection('minimize'), 1);
  assert.equal(toOptunaDirection('maximize'), 2);
  assert.equal(fromOptunaDirection(2), 'maximize');
  assert.throws(() => fromOptunaDirection(0), /unknown Optuna study direction 0/);
});

test('datetimes are local time with microseconds and no zone, like isoformat()', () => {
  const at = new Date(2026, 10, 23, 19, 5, 7, 42);
  assert.equal(optunaDatetime(at), '2026-11-23T19:05:07.042000');
  assert.match(optunaDatetime(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
});
