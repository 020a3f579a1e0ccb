// Where the renderer's time goes by kind of work (script, style, layout,
// paint, commit, garbage collection...), from a Chrome trace of one phase:
// the renderer main thread's events with their self time (an event's
// duration less that of the events nested in it), and the raster workers'.
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface TraceSummary {
  /** Main-thread self time (ms) by event name, largest first. */
  mainThread: Array<{ name: string; ms: number }>;
  /** Time (ms) the raster worker threads spent rasterizing. */
  rasterMs: number;
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'cc', 'gpu', 'toplevel'].join(',');

/** Threads by name: `CrRendererMain` and `CompositorTileWorker...` are the ones summed. */
function threadNames(events: readonly TraceEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  return names;
}

/** Sums complete ('X') events into self times on the renderer main thread and raster time on the workers. */
export function summarizeTrace(events: readonly TraceEvent[], top = 12): TraceSummary {
  const names = threadNames(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const self = new Map<string, number>();
  let rasterUs = 0;
  for (const [key, list] of byThread) {
    const thread = names.get(key) ?? '';
    if (thread.startsWith('CompositorTileWorker')) {
      rasterUs += list.filter((e) => e.name === 'RasterTask').reduce((n, e) => n + (e.dur ?? 0), 0);
      continue;
    }
    if (thread !== 'CrRendererMain') continue;
    // Parents first (earlier start, then longer), so a stack of open events gives each one's parent.
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const open: Array<{ e: TraceEvent; end: number; children: number }> = [];
    const close = (until: number) => {
      while (open.length && open[open.length - 1].end <= until) {
        const done = open.pop()!;
        self.set(done.e.name, (self.get(done.e.name) ?? 0) + (done.e.dur ?? 0) - done.children);
      }
    };
    for (const e of list) {
      close(e.ts);
      if (open.length) open[open.length - 1].children += e.dur ?? 0;
      open.push({ e, end: e.ts + (e.dur ?? 0), children: 0 });
    }
    close(Infinity);
  }
  const mainThread = [...self.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .filter((x) => x.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
  return { mainThread, rasterMs: rasterUs / 1000 };
}

/** Records a trace while `phase` runs (over an open CDP session) and summarizes it. */
export async function traceWhile(cdp: CDPSession, phase: () => Promise<unknown>): Promise<TraceSummary> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: unknown[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  try {
    await phase();
  } finally {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return summarizeTrace(events);
}
