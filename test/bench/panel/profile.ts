// Where the page's time goes, over one phase (Chrome DevTools Protocol): a
// trace summed by kind of work (trace.ts), and a V8 CPU profile summed into
// self time per function, named by the bundle's source map. The profile
// sees only script: style, layout and paint are "(program)", or land on the
// script call that forced them (getBoundingClientRect, scrollTop).
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import type { Page } from 'playwright-core';
import { traceWhile, type TraceSummary } from './trace';

export interface ProfileEntry {
  functionName: string;
  /** file:line, the file's base name only. */
  where: string;
  selfMs: number;
}

/** The shape of Profiler.stop's profile that selfTimes reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>;
  samples?: number[];
  timeDeltas?: number[];
}

/** Names a place in a served file (0-based line and column) by its source, `webview/table.ts:88`; undefined where it cannot. */
export type Locate = (url: string, line: number, column: number) => string | undefined;

/** Places in the bundle named by its source map, where esbuild wrote one (not with --production). */
export function bundleLocator(bundle: string, map: string): Locate {
  if (!fs.existsSync(map)) return () => undefined;
  const sourceMap = new SourceMap(JSON.parse(fs.readFileSync(map, 'utf8')));
  return (url, line, column) => {
    if (!url.endsWith('/' + bundle)) return undefined;
    const entry = sourceMap.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource || entry.originalLine === undefined) return undefined;
    return `${entry.originalSource.replace(/^(\.\.\/)+/, '')}:${entry.originalLine + 1}`;
  };
}

/** Self time per function (summed over the nodes where it appears), the `top` largest first; idle time left out, GC and (program) kept, as they are work too. */
export function selfTimes(profile: CpuProfile, top: number, locate: Locate = () => undefined): ProfileEntry[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, ProfileEntry>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]);
    if (!node) continue;
    const f = node.callFrame;
    const file = f.url ? (f.url.split('/').pop() ?? f.url) : '';
    const where = locate(f.url, f.lineNumber, f.columnNumber) ?? (file ? `${file}:${f.lineNumber + 1}` : '');
    const functionName = f.functionName || '(anonymous)';
    if (functionName === '(idle)') continue;
    const key = `${functionName}@${where}`;
    const entry = totals.get(key) ?? { functionName, where, selfMs: 0 };
    // A sample's time is the gap to the next one, in microseconds.
    entry.selfMs += (deltas[i + 1] ?? 0) / 1000;
    totals.set(key, entry);
  }
  return [...totals.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
}

export interface PhaseProfile {
  trace: TraceSummary;
  top: ProfileEntry[];
}

/** Runs `phase` traced and under the CPU profiler: the renderer's time by kind of work, and the top 12 script functions by self time. */
export async function profileWhile(page: Page, phase: () => Promise<unknown>, locate?: Locate): Promise<PhaseProfile> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const trace = await traceWhile(cdp, phase);
    const { profile } = await cdp.send('Profiler.stop');
    return { trace, top: selfTimes(profile as CpuProfile, 12, locate) };
  } finally {
    await cdp.detach();
  }
}
