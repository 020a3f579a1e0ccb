import test from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatDuration, formatEnergy, formatGpus, latestReport, plural, secondsSince } from '../../../../webview/format';

test('durations read in their two largest units', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(45.4), '45s');
  assert.equal(formatDuration(192), '3m 12s');
  assert.equal(formatDuration(3600 + 5 * 60 + 59), '1h 05m');
  assert.equal(formatDuration(3 * 86400 + 4 * 3600 + 120), '3d 4h');
  assert.equal(formatDuration(NaN), '-');
  assert.equal(formatDuration(-1), '-');
});

test('energy in Wh, then kWh; counts with separators; GPUs listed', () => {
  assert.equal(formatEnergy(12.345), '12.3 Wh');
  assert.equal(formatEnergy(1234.5), '1.23 kWh');
  assert.equal(formatCount(10000), '10,000');
  assert.equal(formatCount(12.25), '12.3');
  assert.equal(formatGpus([]), 'none');
  assert.equal(formatGpus([0, 2]), 'GPU 0, 2');
});

test('a running trial shows its latest report and its clock', () => {
  assert.equal(latestReport({ steps: [1, 2, 12], values: [0.9, 0.5, 0.23114] }), '0.23114 @ 12');
  assert.equal(latestReport({ steps: [], values: [] }), undefined);
  assert.equal(secondsSince('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:03:12Z')), 192);
  assert.equal(secondsSince('not a date', 0), undefined);
  assert.equal(secondsSince(undefined, 0), undefined);
});

test('a count of one takes the singular noun', () => {
  assert.equal(plural(1, 'trial'), 'trial');
  assert.equal(plural(0, 'trial'), 'trials');
  assert.equal(plural(2, 'trial'), 'trials');
  assert.equal(plural(10_000, 'change'), 'changes');
});
