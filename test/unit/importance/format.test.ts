import test from 'node:test';
import assert from 'node:assert/strict';
import { formatImportance } from '../../../src/engine/importance';
import { bar } from '../../../src/engine/importance/format';

test('bars are drawn to an eighth of a cell and always as wide as asked', () => {
  assert.equal(bar(0.5, 4), '██  ');
  assert.equal(bar(1 / 16, 2), '▏ ');
  assert.equal(bar(0.62, 20), '████████████▍       ');
  assert.equal(bar(0, 3), '   ');
  assert.equal(bar(1.5, 3), '███');
  assert.equal(bar(NaN, 3), '   ');
});

test('each line holds the padded name, the bar and the importance to 2 decimals', () => {
  const lines = formatImportance(
    [
      { name: 'optimizer.lr', importance: 0.62 },
      { name: 'batch', importance: 0.38 },
    ],
    20,
  );
  assert.deepEqual(lines, ['optimizer.lr  ████████████▍         0.62', 'batch         ███████▋              0.38']);
});

test('an empty list formats to no lines', () => {
  assert.deepEqual(formatImportance([]), []);
});
