// The suggested-configuration card: the best trial (or the chosen Pareto
// point) beside the file's current values, each change in a few characters,
// with Accept all and Show diff. It folds to its title line, which keeps the
// summary and the two buttons (folded by default in the short sidebar; the
// person's choice is kept with the view's prefs) to leave the room to the table.
import type { RunView, TrialView } from '../src/panel/protocol';
import { spaceOfColumns } from '../src/panel/viewModel/chosenTrial';
import { suggestionCard } from '../src/panel/viewModel/suggestion';
import { suggestionFolded, type ViewPrefs } from '../src/panel/viewModel/viewPrefs';
import type { PanelActions } from './actions';
import { button, el } from './ui';

export class SuggestionCard {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private readonly actionsRow: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly changes: HTMLElement;
  private readonly accept: HTMLElement & { disabled?: boolean };
  private run: RunView | null = null;
  private trial: TrialView | undefined;
  private collapsed = false;
  private pareto = false;

  constructor(
    private readonly actions: PanelActions,
    private readonly prefs: ViewPrefs,
    private readonly savePrefs: () => void,
  ) {
    this.element = el('section', 'suggestion card');
    this.element.id = 'suggestion';
    this.element.setAttribute('aria-label', 'Suggested configuration');
    this.head = el('div', 'card-head');
    const heading = el('h2', 'card-heading');
    // The whole title line folds and unfolds the card (a disclosure button, as VS Code's own sections do).
    this.toggle = el('button', 'card-toggle');
    this.toggle.type = 'button';
    this.toggle.addEventListener('click', () => this.setCollapsed(!this.collapsed, true));
    const chevron = el('span', 'card-chevron');
    chevron.setAttribute('aria-hidden', 'true');
    this.title = el('span', 'card-title');
    this.summary = el('span', 'card-summary');
    this.toggle.append(chevron, this.title, this.summary);
    heading.append(this.toggle);
    this.head.append(heading);
    this.changes = el('div', 'changes');
    this.accept = button('Accept all', () => this.post('acceptAll'), { action: 'accept-all', title: 'Write these values into the file' });
    const diff = button('Show diff', () => this.post('showDiff'), { action: 'show-diff', secondary: true, title: 'Compare the file with these values' });
    this.actionsRow = el('div', 'card-actions');
    this.actionsRow.append(this.accept, diff);
    this.body = el('div', 'card-body');
    this.body.id = 'suggestion-body';
    this.body.append(this.changes);
    this.toggle.setAttribute('aria-controls', this.body.id);
    this.element.append(this.head, this.body);
    this.element.hidden = true;
    const mode = document.body.dataset.mode === 'editor' ? 'editor' : 'sidebar';
    this.setCollapsed(suggestionFolded(prefs, mode), false);
  }

  private setCollapsed(collapsed: boolean, chosenByPerson: boolean): void {
    this.collapsed = collapsed;
    this.body.hidden = collapsed;
    // Folded, the buttons sit on the title line: Accept all stays one click away.
    if (collapsed) this.head.append(this.actionsRow);
    else this.body.append(this.actionsRow);
    this.element.classList.toggle('collapsed', collapsed);
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    this.toggle.title = collapsed ? 'Show the suggested values' : 'Fold the card to one line';
    this.showTitle();
    if (chosenByPerson) {
      this.prefs.suggestionCollapsed = collapsed;
      this.savePrefs();
    }
  }

  /** Folded, a short title leaves the line to the summary. */
  private showTitle(): void {
    const title = this.pareto ? (this.collapsed ? 'Pareto point' : 'Chosen Pareto point') : this.collapsed ? 'Suggested' : 'Suggested configuration';
    if (this.title.textContent !== title) this.title.textContent = title;
  }

  /** `trial`: the one to suggest; `pareto` when it is a point of a front (two or more objectives). */
  render(run: RunView | null, trial: TrialView | undefined, pareto: boolean): void {
    if (run === this.run && trial === this.trial) return;
    this.run = run;
    this.trial = trial;
    this.element.hidden = !run || !trial || trial.state !== 'complete';
    if (!run || !trial || this.element.hidden) return;

    this.pareto = pareto;
    this.showTitle();
    if (!run.fileValues) {
      this.summary.textContent = `trial ${trial.number}`;
      this.changes.replaceChildren(el('p', 'muted', 'The file\u2019s current values could not be read.'));
      this.accept.disabled = false;
      return;
    }
    const card = suggestionCard(trial, run.fileValues, spaceOfColumns(run.params));
    const n = card.changedCount;
    this.summary.textContent = `trial ${trial.number} \u00B7 ${n === 0 ? 'the file has these values' : `${n} change${n === 1 ? '' : 's'}`}`;
    const rows = card.changes.map((c) => {
      const row = el('div', `change change-${c.kind}`);
      const name = el('span', 'change-name', c.name);
      name.title = c.name;
      const value = el('span', 'change-value', c.suggestedText);
      value.title = c.suggestedText;
      const text = el('span', 'change-text', c.text);
      text.title = c.text;
      row.append(name, value, text);
      return row;
    });
    this.changes.replaceChildren(...rows);
    this.accept.disabled = n === 0;
  }

  private post(type: 'acceptAll' | 'showDiff'): void {
    if (this.run && this.trial) this.actions.post({ type, runId: this.run.id, trial: this.trial.number });
  }
}
