// Parameter importance as horizontal bars (HTML, so names wrap and read like
// the rest of the panel), or a note while the host has none to give.
import { importanceBars } from '../../src/panel/viewModel/importanceBars';
import type { ImportanceView } from '../../src/panel/protocol';

export function renderImportance(box: HTMLElement, importance: readonly ImportanceView[] | undefined): void {
  box.replaceChildren();
  const chart = importance && importance.length > 0 ? importanceBars(importance) : undefined;
  if (!chart || chart.allZero) {
    const note = document.createElement('p');
    note.className = 'chart-note';
    // The host computes importance (engine/importance, not bundled here) once enough trials differ.
    note.textContent = 'Importance appears after a few complete trials with different results.';
    box.append(note);
    return;
  }
  for (const bar of chart.bars) {
    const row = document.createElement('div');
    row.className = 'importance-row';
    const name = document.createElement('span');
    name.className = 'importance-name';
    name.textContent = bar.name;
    name.title = bar.name;
    const track = document.createElement('span');
    track.className = 'importance-track';
    const fill = document.createElement('span');
    fill.className = 'importance-bar';
    fill.style.width = `${(bar.width * 100).toFixed(1)}%`;
    track.append(fill);
    const label = document.createElement('span');
    label.className = 'importance-value';
    label.textContent = bar.label;
    row.append(name, track, label);
    box.append(row);
  }
}
