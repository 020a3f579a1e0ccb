// The selected trial's detail: its parameters, metrics, reports (a small
// sparkline), why it stopped, its time and GPU use, the tail of its logs, its
// rendered config and how it differs from the file; accept it, diff it, run
// it again. The trial itself comes live from the store; the logs, config and
// diff from the host's trialDetail message, which may come a moment later.
import type { RunView, TrialDetailMessage, TrialView } from '../src/panel/protocol';
import type { PanelActions } from './actions';
import { formatDuration, formatEnergy, formatNumber, formatValue, secondsSince } from './format';
import { badge, button, el } from './ui';

export class TrialDetail {
  readonly element: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly state: HTMLElement;
  private readonly trialPart: HTMLElement;
  private readonly hostPart: HTMLElement;
  /** Only a complete trial's values are worth writing into the file. */
  private readonly accept: HTMLElement & { disabled?: boolean };
  private run: RunView | null = null;
  private trial: TrialView | undefined;
  private detail: TrialDetailMessage | undefined;

  constructor(private readonly actions: PanelActions) {
    this.element = el('section', 'trial-detail');
    this.element.id = 'trial-detail';
    this.element.setAttribute('aria-label', 'Trial detail');
    const head = el('div', 'detail-head');
    this.heading = el('h2', 'detail-title');
    this.state = badge('');
    const close = button('\u2715', () => this.actions.selectTrial(undefined), { secondary: true, title: 'Close the detail', action: 'close-detail' });
    close.classList.add('icon-button');
    close.setAttribute('aria-label', 'Close the detail');
    head.append(this.heading, this.state, close);
    this.accept = button('Accept this trial', () => this.post('acceptTrial'), { action: 'accept-trial', title: 'Write this trial\u2019s values into the file' });
    const buttons = el('div', 'detail-actions');
    buttons.append(
      this.accept,
      button('Show diff', () => this.post('showDiff'), { action: 'show-diff', secondary: true }),
      button('Re-run', () => this.post('rerunTrial'), { action: 'rerun-trial', secondary: true, title: 'Run a new trial with these values' }),
    );
    this.trialPart = el('div', 'detail-trial');
    this.hostPart = el('div', 'detail-host');
    this.element.append(head, buttons, this.trialPart, this.hostPart);
    this.element.hidden = true;
  }

  render(run: RunView | null, trial: TrialView | undefined, detail: TrialDetailMessage | undefined): void {
    this.element.hidden = !run || !trial;
    if (!run || !trial) {
      this.run = run;
      this.trial = undefined;
      this.detail = undefined;
      return;
    }
    if (trial !== this.trial || run !== this.run) this.renderTrial(run, trial);
    if (detail !== this.detail || trial.number !== this.trial?.number) this.renderHostPart(detail?.trial.number === trial.number ? detail : undefined);
    this.run = run;
    this.trial = trial;
    this.detail = detail;
  }

  /** A running trial's clock moves on. */
  tick(): void {
    if (this.run && this.trial?.state === 'running') this.renderTrial(this.run, this.trial);
  }

  private renderTrial(run: RunView, t: TrialView): void {
    this.heading.textContent = `Trial ${t.number}`;
    this.state.textContent = t.feasible === false ? `${t.state}, infeasible` : t.state;
    this.state.className = `trial-state state-${t.state}`;
    this.accept.disabled = t.state !== 'complete';
    const parts: HTMLElement[] = [];
    if (t.reason) parts.push(el('p', 'detail-reason', t.reason));

    const facts: Array<[string, string]> = [];
    const duration = t.state === 'running' ? secondsSince(t.start, Date.now()) : t.durationS;
    if (duration !== undefined) facts.push([t.state === 'running' ? 'Running for' : 'Duration', formatDuration(duration)]);
    if (t.attrs.gpus?.length) facts.push(['GPUs', t.attrs.gpus.join(', ')]);
    if (t.attrs.gpu_energy_wh !== undefined) facts.push(['Energy', formatEnergy(t.attrs.gpu_energy_wh)]);
    if (t.attrs.warm_start_from) facts.push(['Warm start from', t.attrs.warm_start_from]);
    if (t.attrs.pbt_member !== undefined) facts.push(['PBT member', `${t.attrs.pbt_member}, generation ${t.attrs.pbt_generation ?? 0}`]);
    if (facts.length) parts.push(pairs(facts));

    const metrics = run.objectives.map((o, i): [string, string] => {
      const v = t.values[i];
      return [o.metric, v === null || v === undefined ? '-' : formatNumber(v)];
    });
    if (metrics.length) parts.push(section('Metrics', pairs(metrics)));
    const params = Object.keys(t.params).map((name): [string, string] => [name, formatValue(t.params[name])]);
    parts.push(section('Parameters', params.length ? pairs(params) : el('p', 'muted', 'none')));
    if (t.intermediate.steps.length) parts.push(section(`Reports (${run.objectives[0]?.metric ?? 'objective'})`, reports(t.intermediate)));
    this.trialPart.replaceChildren(...parts);
  }

  private renderHostPart(detail: TrialDetailMessage | undefined): void {
    if (!detail) {
      this.hostPart.replaceChildren(el('p', 'muted', 'Loading the log and config\u2026'));
      return;
    }
    const parts: HTMLElement[] = [];
    if (detail.diff) {
      const changes = detail.diff.map((c): [string, string] => [c.name, `${formatValue(c.from)} -> ${formatValue(c.to)}`]);
      parts.push(section('Diff against the file', changes.length ? pairs(changes) : el('p', 'muted', 'The file has this trial\u2019s values.')));
    }
    const logButtons = el('div', 'detail-actions');
    logButtons.append(
      button('Open stdout log', () => this.openLog('stdout'), { secondary: true, action: 'open-stdout' }),
      button('Open stderr log', () => this.openLog('stderr'), { secondary: true, action: 'open-stderr' }),
    );
    const logs: HTMLElement[] = [logButtons];
    for (const [name, text] of [['stdout', detail.logTail.stdout], ['stderr', detail.logTail.stderr]] as const) {
      if (text) logs.push(el('div', 'log-name', name), el('pre', `log log-${name}`, text));
    }
    if (!detail.logTail.stdout && !detail.logTail.stderr) logs.push(el('p', 'muted', 'The trial wrote nothing yet.'));
    parts.push(section('Log tail', ...logs));
    if (detail.configText !== undefined) parts.push(section('Rendered config', el('pre', 'config', detail.configText)));
    this.hostPart.replaceChildren(...parts);
  }

  private post(type: 'acceptTrial' | 'showDiff' | 'rerunTrial'): void {
    if (this.run && this.trial) this.actions.post({ type, runId: this.run.id, trial: this.trial.number });
  }

  private openLog(stream: 'stdout' | 'stderr'): void {
    if (this.run && this.trial) this.actions.post({ type: 'openLog', runId: this.run.id, trial: this.trial.number, stream });
  }
}

function section(title: string, ...content: HTMLElement[]): HTMLElement {
  const s = el('div', 'detail-section');
  s.append(el('h3', undefined, title), ...content);
  return s;
}

function pairs(items: Array<[string, string]>): HTMLElement {
  const dl = el('dl', 'pairs');
  for (const [name, value] of items) {
    const dt = el('dt', undefined, name);
    dt.title = name;
    dl.append(dt, el('dd', undefined, value));
  }
  return dl;
}

/** A sparkline of the reports and the last one in words. */
function reports(points: { steps: number[]; values: number[] }): HTMLElement {
  const box = el('div', 'reports');
  const canvas = el('canvas', 'sparkline');
  canvas.setAttribute('role', 'img');
  const n = points.steps.length;
  const last = `${n} report${n === 1 ? '' : 's'}; last ${formatNumber(points.values[n - 1])} at step ${formatNumber(points.steps[n - 1])}`;
  canvas.setAttribute('aria-label', last);
  box.append(canvas, el('div', 'muted', last));
  // Drawn once the canvas has its laid-out width.
  requestAnimationFrame(() => drawSparkline(canvas, points));
  return box;
}

function drawSparkline(canvas: HTMLCanvasElement, points: { steps: number[]; values: number[] }): void {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx || width === 0 || height === 0) return;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  ctx.scale(ratio, ratio);
  const { steps, values } = points;
  const x0 = steps[0];
  const x1 = steps[steps.length - 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = 3;
  const x = (s: number): number => pad + (x1 === x0 ? 0.5 : (s - x0) / (x1 - x0)) * (width - 2 * pad);
  const y = (v: number): number => pad + (hi === lo ? 0.5 : 1 - (v - lo) / (hi - lo)) * (height - 2 * pad);
  const style = getComputedStyle(document.body);
  ctx.strokeStyle = style.getPropertyValue('--vscode-charts-blue').trim() || style.getPropertyValue('--vscode-focusBorder').trim() || '#3794ff';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let i = 0; i < steps.length; i++) {
    if (i === 0) ctx.moveTo(x(steps[i]), y(values[i]));
    else ctx.lineTo(x(steps[i]), y(values[i]));
  }
  ctx.stroke();
  if (steps.length === 1) ctx.fillRect(x(steps[0]) - 1.5, y(values[0]) - 1.5, 3, 3);
}
