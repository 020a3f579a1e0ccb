// The live progress of a run on a terminal: one line per finished trial and,
// on a TTY, a status line redrawn in place below them.
import type { Progress, RunEvents } from '../tuner/runLoop';
import { formatClock } from '../tuner/duration';
import { formatNumber, formatParams, formatValues, trialOutcome, trialPlace } from './format';
import { isSearched, type Params, type SearchSpace } from '../engine/space';

export function progressLine(p: Progress, metric: string): string {
  const parts = [`trial ${Math.min(p.done + p.running, p.budget)}/${p.budget}`];
  const best = p.best?.values?.[0];
  parts.push(best === undefined ? 'best —' : `best ${metric} ${formatNumber(best)} (#${p.best!.number})`);
  parts.push(`${formatClock(p.elapsedSeconds)} elapsed`);
  parts.push(p.etaSeconds === undefined ? 'ETA —' : `ETA ${formatClock(p.etaSeconds)}`);
  if (p.running > 0) parts.push(`${p.running} running`);
  if (p.counts.failed > 0) parts.push(`${p.counts.failed} failed`);
  return parts.join(' · ');
}

/** Events that print to `out` (stdout normally, stderr under --json). */
export function terminalReporter(out: NodeJS.WriteStream, metrics: string[], space: SearchSpace): RunEvents & { close(): void } {
  const live = Boolean(out.isTTY);
  const fit = (line: string): string => {
    const width = (out.columns ?? 120) - 1;
    return live && line.length > width ? line.slice(0, Math.max(20, width - 1)) + '…' : line;
  };
  // Fixed and fidelity values are the same in every trial: leave them out of the per-trial lines.
  const searched = (params: Params): Params => Object.fromEntries(Object.entries(params).filter(([k]) => space[k] && isSearched(space[k])));
  const fidelity = Object.keys(space).find((k) => space[k].type === 'fidelity');
  let status = '';
  const clear = (): void => {
    if (live && status) out.write('\r\x1b[2K');
  };
  const redraw = (): void => {
    if (live && status) out.write(fit(status));
  };
  const print = (line: string): void => {
    clear();
    out.write(fit(line) + '\n');
    redraw();
  };
  return {
    trialEnded({ number, record, result }) {
      const secs = `${result.durationSeconds.toFixed(1)}s`;
      const outcome =
        record.state === 'complete'
          ? formatValues(record.values, metrics)
          : record.state === 'pruned'
            ? `pruned ${trialOutcome(record, metrics)}`
            : `${record.state}: ${(record.userAttrs.fail_reason as string | undefined) ?? result.reason ?? ''}`;
      const place = trialPlace(record, fidelity);
      print(`#${number}  ${outcome}  ${secs}  ${place ? `[${place}]  ` : ''}${formatParams(searched(record.params))}`);
    },
    progress(p) {
      // Off a terminal (a log file, CI) the per-trial lines are the progress.
      if (!live) return;
      clear();
      status = progressLine(p, metrics[0]);
      redraw();
    },
    notice(message) {
      print(message);
    },
    close() {
      clear();
      status = '';
    },
  };
}
