import test from 'node:test';
import assert from 'node:assert/strict';
import type { SearchSpace } from '../../../../src/engine/space';
import { paramChange, suggestionCard } from '../../../../src/panel/viewModel/suggestion';

const space: SearchSpace = {
  'optimizer.lr': { type: 'float', low: 1e-5, high: 1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, log: false },
  layers: { type: 'int', low: 1, high: 8, log: false, step: 1 },
  batch: { type: 'categorical', choices: [16, 32, 64] },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
  epochs: { type: 'fidelity', low: 1, high: 27 },
};

test('each change in a few characters: ratio on a log scale, difference on a linear one, a choice as from -> to', () => {
  const card = suggestionCard(
    { number: 17, params: { 'optimizer.lr': 0.0032, dropout: 0.15, layers: 3, batch: 64, optimizer: 'adam', epochs: 27 } },
    { 'optimizer.lr': 0.001, dropout: 0.1, layers: 5, batch: 32, optimizer: 'sgd', epochs: 27 },
    space,
  );
  assert.equal(card.trial, 17);
  assert.deepEqual(
    card.changes.map((c) => [c.name, c.kind, c.text, c.suggestedText, c.changed]),
    [
      ['optimizer.lr', 'ratio', 'x3.2', '0.0032', true],
      ['dropout', 'difference', '+0.05', '0.15', true],
      ['layers', 'difference', '-2', '3', true],
      ['batch', 'replaced', '32 -> 64', '64', true],
      ['optimizer', 'replaced', 'sgd -> adam', 'adam', true],
      ['epochs', 'same', 'same', '27', false],
    ],
  );
  assert.equal(card.changedCount, 5);
});

test('the file\'s order; parameters the trial lacks are left out, those the file lacks come last', () => {
  const card = suggestionCard({ number: 2, params: { b: 1, a: 2, gone: 'x' } }, { a: 2, b: 1, c: 5 });
  assert.deepEqual(
    card.changes.map((c) => [c.name, c.kind, c.text, c.changed]),
    [
      ['a', 'same', 'same', false],
      ['b', 'same', 'same', false],
      ['gone', 'not-in-file', 'not in the file', false],
    ],
  );
  assert.equal(card.changedCount, 0);
});

test('a decrease on a log scale reads as a ratio below 1; small ratios keep enough digits to differ from x1', () => {
  const lr = space['optimizer.lr'];
  assert.equal(paramChange('lr', 0.01, 0.0025, lr).text, 'x0.25');
  assert.equal(paramChange('lr', 0.001, 0.00101, lr).text, 'x1.01');
  assert.equal(paramChange('lr', 1e-5, 0.5, lr).text, 'x50000');
});

test('without a distribution, numbers far apart read as a ratio, close ones as a difference', () => {
  assert.equal(paramChange('x', 0.001, 0.1).text, 'x100');
  assert.equal(paramChange('x', 0.1, 0.15).text, '+0.05');
  assert.equal(paramChange('x', -1, 5).text, '+6', 'a ratio only between positive numbers');
  assert.equal(paramChange('x', 0, 20).text, '+20');
});

test('values of different types, booleans and null read as replacements; equal floats as the same', () => {
  assert.equal(paramChange('x', 0.1, 'auto').text, '0.1 -> auto');
  assert.equal(paramChange('x', true, false).text, 'true -> false');
  assert.equal(paramChange('x', null, 'relu').text, 'null -> relu');
  assert.equal(paramChange('x', 0.1 + 0.2, 0.3).kind, 'same');
  assert.equal(paramChange('x', 'adam', 'adam').kind, 'same');
  assert.equal(paramChange('x', 1, 1, space.dropout).changed, false);
});
