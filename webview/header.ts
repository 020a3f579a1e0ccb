// The run header: which file, its state, how far along, the best value, the
// clock, GPUs and energy; Stop, Resume and Add trials. The clock runs on
// between updates (tick), from the elapsed time the host last sent. Compact
// for a short sidebar: the file and its buttons on one line, the state and
// progress on the next, the best value, then the clock, GPUs and energy.
import { MAX_ADD_TRIALS, type RunView, type TrialView } from '../src/panel/protocol';
import { gpusInUse, parseTrialCount, runActions } from '../src/panel/viewModel/runHeader';
import type { PanelActions } from './actions';
import { formatCount, formatDuration, formatEnergy, formatGpus, formatNumber, plural } from './format';
import { badge, button, el, numberField, progressBar } from './ui';

export class RunHeader {
  readonly element: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly body: HTMLElement;
  private readonly file: HTMLElement;
  private readonly state: HTMLElement;
  private readonly progressText: HTMLElement;
  private readonly progress = progressBar('Trials done');
  private readonly fields = new Map<string, HTMLElement>();
  private readonly settings: HTMLElement;
  private readonly stop: HTMLElement;
  private readonly resume: HTMLElement;
  private readonly add: HTMLElement;
  private readonly addForm: HTMLElement;
  private readonly addField = numberField({ min: 1, max: MAX_ADD_TRIALS, value: '10', label: 'Trials to add' });
  private readonly addError: HTMLElement;
  private run: RunView | null = null;
  /** performance.now() when the run's clock was last received. */
  private clockAt = 0;

  constructor(private readonly actions: PanelActions) {
    this.element = el('header', 'run-header');
    this.element.id = 'run-header';
    this.empty = el('p', 'empty-state');
    this.empty.textContent =
      'No run to show yet. Mark a value in a config file with a comment like "# @tune float(1e-5, 1e-1, log)", then click \u25B6 Tune above the file, or run "Hyperlens: Start Run".';

    this.file = el('span', 'run-file');
    this.file.dataset.field = 'file';
    this.state = badge('');
    this.state.dataset.field = 'state';

    this.progressText = el('span', 'run-progress-text');
    const progress = el('div', 'run-progress');
    progress.dataset.field = 'progress';
    progress.append(this.progressText, this.progress.element);
    const status = el('div', 'run-status');
    status.append(this.state, progress);

    const facts = el('dl', 'run-facts');
    for (const [field, label] of [['best', 'Best'], ['elapsed', 'Elapsed'], ['eta', 'ETA'], ['gpus', 'GPUs'], ['energy', 'Energy']] as const) {
      const item = el('div', 'fact');
      const value = el('dd');
      value.dataset.field = field;
      item.append(el('dt', undefined, label), value);
      facts.append(item);
      this.fields.set(field, value);
    }
    this.settings = el('div', 'run-settings');

    this.stop = button('Stop', () => this.post('stopRun'), { action: 'stop', title: 'Stop the run; running trials are interrupted and can be resumed' });
    this.resume = button('Resume', () => this.post('resumeRun'), { action: 'resume', title: 'Go on with the trials the run has left' });
    this.add = button('Add trials\u2026', () => this.openAddForm(), { action: 'add-trials', secondary: true, title: 'Raise the budget and run more trials' });
    this.addError = el('span', 'field-error');
    this.addForm = el('div', 'add-form');
    this.addForm.hidden = true;
    this.addField.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.submitAdd();
      if (e.key === 'Escape') this.addForm.hidden = true;
    });
    this.addForm.append(
      this.addField,
      button('Add', () => this.submitAdd(), { title: 'Add this many trials' }),
      button('Cancel', () => (this.addForm.hidden = true), { secondary: true }),
      this.addError,
    );
    const actionsRow = el('div', 'run-actions');
    actionsRow.append(this.stop, this.resume, this.add);
    const title = el('div', 'run-title');
    title.append(this.file, actionsRow);

    this.body = el('div', 'run-body');
    this.body.append(title, status, facts, this.settings, this.addForm);
    this.element.append(this.empty, this.body);
    this.render(null, [], undefined);
  }

  /** `shown` is the trial whose values the header calls best: the best trial, or the chosen Pareto point. */
  render(run: RunView | null, trials: readonly TrialView[], shown: TrialView | undefined): void {
    if (run !== this.run) this.clockAt = performance.now();
    this.run = run;
    this.empty.hidden = run !== null;
    this.body.hidden = run === null;
    if (!run) return;

    // Each write restyles and lays out the header, even of the same text: only what changed is written.
    setText(this.file, run.fileName);
    // The settings line is hidden in the sidebar (see panel.css): the file's tooltip says them there.
    const fileTitle = run.settings === '' ? run.source : `${run.source}\n${run.settings}`;
    if (this.file.title !== fileTitle) this.file.title = fileTitle;
    setText(this.state, run.state);
    const stateClass = `run-state state-${run.state}`;
    if (this.state.className !== stateClass) this.state.className = stateClass;
    const running = run.running > 0 ? ` \u00B7 ${run.running} running` : '';
    setText(this.progressText, `${formatCount(run.done)}/${formatCount(run.budget)} ${plural(run.budget, 'trial')}${running}`);
    this.progress.set(run.budget > 0 ? run.done / run.budget : undefined);

    this.set('best', bestText(run, shown));
    const gpus = gpusInUse(trials);
    this.set('gpus', run.state === 'running' || gpus.length > 0 ? formatGpus(gpus) : undefined);
    this.set('energy', run.gpu ? `${formatEnergy(run.gpu.wh)} \u00B7 ${formatNumber(Number(run.gpu.gpuHours.toPrecision(3)))} GPU-h` : undefined);
    setText(this.settings, run.settings);
    this.settings.hidden = run.settings === '';

    const allowed = runActions(run.state);
    this.stop.hidden = !allowed.stop;
    this.resume.hidden = !allowed.resume;
    this.add.hidden = !allowed.addTrials;
    if (!allowed.addTrials) this.addForm.hidden = true;
    this.tick();
  }

  /** The clock: elapsed and ETA move on by the time since the host last said. */
  tick(): void {
    const run = this.run;
    if (!run) return;
    const since = run.state === 'running' ? (performance.now() - this.clockAt) / 1000 : 0;
    this.set('elapsed', formatDuration(run.elapsedS + since));
    this.set('eta', run.state === 'running' && run.etaS !== undefined ? formatDuration(Math.max(0, run.etaS - since)) : undefined);
  }

  private set(field: string, text: string | undefined): void {
    const value = this.fields.get(field)!;
    (value.parentElement as HTMLElement).hidden = text === undefined;
    if (text !== undefined) setText(value, text);
  }

  private post(type: 'stopRun' | 'resumeRun'): void {
    if (this.run) this.actions.post({ type, runId: this.run.id });
  }

  private openAddForm(): void {
    this.addForm.hidden = false;
    this.addError.textContent = '';
    this.addField.focus();
  }

  private submitAdd(): void {
    const parsed = parseTrialCount(this.addField.value, MAX_ADD_TRIALS);
    if (!parsed.ok) {
      this.addError.textContent = parsed.error;
      this.addField.invalid = true;
      return;
    }
    this.addField.invalid = false;
    this.addForm.hidden = true;
    if (this.run) this.actions.post({ type: 'addTrials', runId: this.run.id, count: parsed.count });
  }
}

/** "val_loss 0.2311 · trial 12"; every objective's value for a Pareto point. */
function bestText(run: RunView, shown: TrialView | undefined): string {
  if (!shown || shown.values.length === 0) return 'no complete trial yet';
  const values = run.objectives.map((o, i) => {
    const v = shown.values[i];
    return `${o.metric} ${v === null || v === undefined ? '-' : formatNumber(v)}`;
  });
  return `${values.join(', ')} \u00B7 trial ${shown.number}`;
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
