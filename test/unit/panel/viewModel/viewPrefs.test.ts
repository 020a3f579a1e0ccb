import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_VIEW_PREFS, nextSort, parseViewPrefs, suggestionFolded, tableFilterOf } from '../../../../src/panel/viewModel/viewPrefs';

test('saved prefs are read back field by field; an unreadable field falls back to its default', () => {
  assert.deepEqual(parseViewPrefs(undefined), DEFAULT_VIEW_PREFS);
  assert.deepEqual(parseViewPrefs('junk'), DEFAULT_VIEW_PREFS);
  assert.deepEqual(
    parseViewPrefs({ state: 'pruned', topPercent: 10, tab: 'curves', suggestionCollapsed: true, sort: { column: 'objective:0', descending: true } }),
    {
      state: 'pruned',
      topPercent: 10,
      tab: 'curves',
      suggestionCollapsed: true,
      sort: { column: 'objective:0', descending: true },
    },
  );
  assert.deepEqual(parseViewPrefs({ state: 'exploded', topPercent: 33, tab: 'nope', suggestionCollapsed: 'yes', sort: { column: 'bogus' } }), DEFAULT_VIEW_PREFS);
  assert.deepEqual(parseViewPrefs({ sort: { column: 'param:optimizer.lr', descending: 'yes' } }).sort, { column: 'param:optimizer.lr', descending: false });
});

test('the suggestion card starts folded in the sidebar and open in an editor tab, unless the person chose', () => {
  const unset = parseViewPrefs({});
  assert.equal(suggestionFolded(unset, 'sidebar'), true);
  assert.equal(suggestionFolded(unset, 'editor'), false);
  assert.equal(suggestionFolded(parseViewPrefs({ suggestionCollapsed: false }), 'sidebar'), false);
  assert.equal(suggestionFolded(parseViewPrefs({ suggestionCollapsed: true }), 'editor'), true);
});

test('the table filter: one state, top-k% on the first objective, the brushed trials', () => {
  const brushed = new Set([1, 2]);
  assert.deepEqual(tableFilterOf({ ...DEFAULT_VIEW_PREFS }, 'minimize', undefined), {});
  assert.deepEqual(tableFilterOf({ ...DEFAULT_VIEW_PREFS, state: 'complete', topPercent: 5 }, 'maximize', brushed), {
    states: ['complete'],
    topPercent: 5,
    direction: 'maximize',
    numbers: brushed,
  });
  // Without an objective there is nothing to rank by: top-k% is left out rather than failing.
  assert.deepEqual(tableFilterOf({ ...DEFAULT_VIEW_PREFS, topPercent: 5 }, undefined, undefined), {});
});

test('a header click sorts the best values first, and a second click flips the order', () => {
  assert.deepEqual(nextSort(undefined, { id: 'objective:0', direction: 'maximize' }), { column: 'objective:0', descending: true });
  assert.deepEqual(nextSort(undefined, { id: 'objective:0', direction: 'minimize' }), { column: 'objective:0', descending: false });
  assert.deepEqual(nextSort({ column: 'param:lr', descending: false }, { id: 'param:lr' }), { column: 'param:lr', descending: true });
  assert.deepEqual(nextSort({ column: 'param:lr', descending: true }, { id: 'state' }), { column: 'state', descending: false });
});
