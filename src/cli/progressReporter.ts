// The live progress of a run on a terminal: one line per finished trial and,
// on a TTY, a status line redrawn in place below them.
import type { Progress, RunEvents } from '../tuner/runLoop';
import { formatClock } from '../tuner/duration';
import { formatNumber, formatParams, formatValues } from './format';

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
export function terminalReporter(out: NodeJS.WriteStream, metrics: string[]): RunEvents & { close(): void } {
  const live = Boolean(out.isTTY);
  let status = '';
  const clear = (): void => {
    if (live && status) out.write('\r\x1b[2K');
  };
  const redraw = (): void => {
    if (live && status) out.write(status.slice(0, Math.max(20, (out.columns ?? 120) - 1)));
  };
  const print = (line: string): void => {
    clear();
    out.write(line + '\n');
    redraw();
  };
  return {
    trialEnded({ number, record, result }) {
      const secs = `${result.durationSeconds.toFixed(1)}s`;
      if (record.state === 'complete') {
        print(`#${number} complete  ${formatValues(record.values, metrics)}  ${formatParams(record.params)}  (${secs})`);
      } else {
        const why = (record.userAttrs.fail_reason as string | undefined) ?? result.reason ?? '';
        print(`#${number} ${record.state}  ${why}  (${secs})`);
      }
    },
    progress(p) {
      const line = progressLine(p, metrics[0]);
      // Off a terminal (a log file, CI) the per-trial lines are the progress.
      if (!live) return;
      clear();
      status = line;
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
