// One run as text: what `hyperlens show` prints and what the editor's
// Open Run shows, so both read the same.
import { formatImportance, MIN_TRIALS, parameterImportance } from '../engine/importance';
import { bestTrial } from '../engine/study';
import type { TrialRecord } from '../engine/trial';
import type { HyperlensRun } from '../tuner/runFiles';
import { describeSettings } from '../tuner/summary';
import { formatNumber, formatParams, table, trialOutcome, trialPlace } from './format';

export function runReport(run: HyperlensRun, trials: TrialRecord[], state: string = run.state): string {
  const best = bestTrial(trials, run.directions);
  const importance = parameterImportance(trials, run.space, run.directions);
  const metrics = run.objectives.map((o) => o.metric);
  const fidelity = Object.keys(run.space).find((k) => run.space[k].type === 'fidelity');
  const gpu = gpuTotals(trials);
  const lines = [
    `Run ${run.id} (${state})`,
    `  file      ${run.source}`,
    run.entry ? `  entry     ${run.entry.file}#${run.entry.export} (TensorFlow.js)` : `  command   ${run.command}`,
    `  objective ${run.objectives.map((o) => `${o.metric} ${o.direction}`).join(', ')}`,
    `  settings  ${describeSettings(run.settings)}`,
    `  created   ${run.createdAt}${run.endedAt ? `, ended ${run.endedAt}` : ''}`,
    ...(gpu ? [`  GPUs      ${gpu}`] : []),
    '',
    table(
      ['#', 'STATE', 'RESULT', 'TIME', ...(gpu ? ['GPU', 'ENERGY'] : []), 'PARAMS'],
      trials.map((t) => [
        t.number === best?.number ? `${t.number}*` : String(t.number),
        t.state,
        [trialOutcome(t, metrics), trialPlace(t, fidelity)].filter(Boolean).join('  '),
        typeof t.userAttrs.duration_s === 'number' ? `${formatNumber(t.userAttrs.duration_s)}s` : '',
        ...(gpu ? [Array.isArray(t.userAttrs.gpus) ? t.userAttrs.gpus.join(',') : '', typeof t.userAttrs.gpu_energy_wh === 'number' ? `${formatNumber(t.userAttrs.gpu_energy_wh)} Wh` : ''] : []),
        formatParams(t.params),
      ]),
    ),
    '',
    best ? `Best (*): trial #${best.number}, ${metrics.map((m, i) => `${m} ${formatNumber(best.values![i])}`).join(', ')}` : 'No complete trial yet.',
  ];
  if (importance.some((p) => p.importance > 0)) {
    lines.push('', `Parameter importance for ${metrics[0]} (PED-ANOVA):`, ...formatImportance(importance).map((l) => `  ${l}`));
  } else {
    lines.push('', `Parameter importance needs at least ${MIN_TRIALS} complete trials with different results.`);
  }
  return lines.join('\n');
}

/** "12.3 Wh, 0.52 GPU-hours over 8 trials" when trials recorded GPU use; undefined otherwise. */
export function gpuTotals(trials: readonly TrialRecord[]): string | undefined {
  let wh = 0;
  let hours = 0;
  let n = 0;
  for (const t of trials) {
    if (typeof t.userAttrs.gpu_hours !== 'number') continue;
    n++;
    hours += t.userAttrs.gpu_hours;
    if (typeof t.userAttrs.gpu_energy_wh === 'number') wh += t.userAttrs.gpu_energy_wh;
  }
  if (n === 0) return undefined;
  return `${formatNumber(wh)} Wh, ${formatNumber(hours)} GPU-hours over ${n} trial${n === 1 ? '' : 's'}`;
}
