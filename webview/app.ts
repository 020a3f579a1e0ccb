// The panel's layout and who renders what: the error line, the run header,
// the suggestion card, then the tabs (the trials table and the charts) beside
// the selected trial's detail. Each render pass hands every part the change.
import { suggestedTrial } from '../src/panel/viewModel/chosenTrial';
import type { ViewPrefs } from '../src/panel/viewModel/viewPrefs';
import type { RunView } from '../src/panel/protocol';
import type { PanelActions } from './actions';
import { createChartPanel, type ChartPanel } from './charts/index';
import { TrialDetail } from './detail';
import { RunHeader } from './header';
import type { PanelStore, StoreChange } from './store';
import { SuggestionCard } from './suggestion';
import { TrialsTable } from './table';
import { button, el, tabs } from './ui';

type ChartKind = 'curves' | 'params' | 'pareto' | 'pbt';

const TAB_LABELS: Record<string, string> = { trials: 'Trials', curves: 'Curves', params: 'Params', pareto: 'Pareto', pbt: 'PBT' };

export class PanelApp {
  private readonly errorLine: HTMLElement;
  private readonly errorText: HTMLElement;
  private readonly header: RunHeader;
  private readonly suggestion: SuggestionCard;
  private readonly table: TrialsTable;
  private readonly detail: TrialDetail;
  private readonly main: HTMLElement;
  private readonly tabHost: HTMLElement;
  /** Each tab's content, kept across rebuilds of the tab strip (a chart keeps its canvas). */
  private readonly panels = new Map<string, HTMLElement>();
  private readonly charts = new Map<ChartKind, ChartPanel>();
  private tabIds: string[] = [];
  private openTab = 'trials';

  constructor(
    root: HTMLElement,
    private readonly store: PanelStore,
    private readonly actions: PanelActions,
    private readonly prefs: ViewPrefs,
    private readonly savePrefs: () => void,
  ) {
    this.errorText = el('span', 'panel-error-text');
    this.errorLine = el('div', 'panel-error');
    this.errorLine.setAttribute('role', 'alert');
    this.errorLine.append(this.errorText, button('Dismiss', () => this.showError(undefined), { secondary: true }));
    this.errorLine.hidden = true;
    this.header = new RunHeader(actions);
    this.suggestion = new SuggestionCard(actions, prefs, savePrefs);
    this.table = new TrialsTable(store, actions, prefs, savePrefs);
    this.detail = new TrialDetail(actions);
    this.tabHost = el('div', 'panel-tabs');
    this.main = el('div', 'panel-main');
    this.main.append(this.tabHost, this.detail.element);
    this.main.hidden = true;
    this.panels.set('trials', this.table.element);
    root.append(this.errorLine, this.header.element, this.suggestion.element, this.main);
  }

  render(change: StoreChange): void {
    const { store } = this;
    const run = store.run;
    this.main.hidden = run === null;
    if (change.full || change.runChanged) this.ensureTabs(run);

    const directions = run?.objectives.map((o) => o.direction) ?? [];
    const chosen = run ? suggestedTrial(store.trials, directions, run.bestTrial, store.selected) : undefined;
    const shown = chosen === undefined ? undefined : store.byNumber.get(chosen);
    this.header.render(run, store.trials, shown);
    this.suggestion.render(run, shown, directions.length >= 2);
    this.table.update(change);
    const selected = store.selected === undefined ? undefined : store.byNumber.get(store.selected);
    this.detail.render(run, selected, store.detail);
    for (const chart of this.charts.values()) chart.update(change);
  }

  /** Once a second: the clocks of the run and of running trials move on. */
  tick(): void {
    if (this.store.run?.state !== 'running') return;
    this.header.tick();
    this.table.tick();
    this.detail.tick();
  }

  /** A line above everything: a message the panel could not read, or the host's error. */
  showError(text: string | undefined): void {
    this.errorLine.hidden = text === undefined;
    this.errorText.textContent = text ?? '';
  }

  /** The tabs the run has: Pareto with two or more objectives, PBT when it ran; rebuilt only when that set changes. */
  private ensureTabs(run: RunView | null): void {
    const ids = ['trials', 'curves', 'params'];
    if (run && run.objectives.length >= 2) ids.push('pareto');
    if (run?.pbt) ids.push('pbt');
    if (ids.join() === this.tabIds.join()) return;
    this.tabIds = ids;
    const open = ids.includes(this.prefs.tab) ? this.prefs.tab : 'trials';
    const items = ids.map((id) => ({ id, label: TAB_LABELS[id], panel: this.panel(id) }));
    this.tabHost.replaceChildren(tabs(items, (id) => this.selectTab(id, true), open));
    this.selectTab(open, false);
  }

  private panel(id: string): HTMLElement {
    let p = this.panels.get(id);
    if (!p) {
      p = el('div', `chart-panel chart-${id}`);
      this.panels.set(id, p);
    }
    return p;
  }

  /** Shows one tab: the table and each chart draw only while theirs is open; a chart is made the first time. */
  private selectTab(id: string, chosenByPerson: boolean): void {
    this.openTab = id;
    // The sidebar shows the trial's detail under the Trials tab only (panel.css): it would cover a chart.
    this.main.dataset.openTab = id;
    if (chosenByPerson) {
      this.prefs.tab = id;
      this.savePrefs();
    }
    this.table.setVisible(id === 'trials');
    for (const [kind, chart] of this.charts) if (kind !== id) chart.setVisible(false);
    if (id === 'trials') return;
    const kind = id as ChartKind;
    let chart = this.charts.get(kind);
    if (!chart) {
      chart = createChartPanel(kind, this.panel(id), this.store, this.actions);
      this.charts.set(kind, chart);
      chart.update({ full: true, runChanged: true, trials: new Set(), viewChanged: true });
    }
    chart.setVisible(this.openTab === id);
  }
}
