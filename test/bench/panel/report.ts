// The panel benchmark's report: Markdown tables of the figures and the
// issue's targets as PASS/FAIL lines.
import * as os from 'node:os';
import { markdownTable } from '../common/report';
import { FRAME_TARGET_MS, INITIAL_TARGET_MS, spread, verdict, type FrameFigures } from './metrics';
import type { InitialRender } from './probes';
import type { PhaseProfile } from './profile';
import { BROWSER_ARGS, CHROMIUM, type ScrollPass, type UpdatePass } from './session';

export interface PanelFigures {
  command: string;
  wallS: number;
  run: { trials: number; points: number; snapshotMb: number; curveUpdates: number; curvesMb: number; running: number; seed: number };
  screenshots: string[];
  /** probes.cpuCheck's timings: how much other work the machine had. */
  cpuCheckMs: number[];
  loads: InitialRender[];
  sidebar?: InitialRender;
  twoObjectives?: InitialRender;
  updates: number;
  passes: UpdatePass[];
  scrolls: Array<{ label: string; figures: ScrollPass }>;
  profiles: Array<{ phase: string } & PhaseProfile>;
  issues: string[];
}

const ms = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const trio = (s: { p50: number; p95: number; max: number }): string => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`;

const FRAME_HEADERS = ['Pass', 'frames', 'frame p50 / p95 / max', 'interval p50 / p95 / max', 'vsyncs missed', 'blank frames'];

/** A row of frame figures; `rowsChecked` false where blank frames were not looked for. */
function frameRow(label: string, f: FrameFigures, rowsChecked: boolean): string[] {
  return [label, String(f.frames), trio(f.work), trio(f.interval), String(f.dropped), rowsChecked ? String(f.blank) : '-'];
}

/** CPU check median / min above which the report warns that other work slowed the page. */
const BUSY = 1.3;

export function panelReport(r: PanelFigures): string {
  const cpus = os.cpus();
  const contention = spread(r.cpuCheckMs).p50 / Math.min(...r.cpuCheckMs);
  const out: string[] = [
    '# Side panel benchmark',
    '',
    `- Command: \`${r.command}\``,
    `- Date: ${new Date().toISOString()}; wall time ${Math.round(r.wallS)} s`,
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'} x ${cpus.length}, ${os.platform()} ${os.release()}; Node ${process.version}; load average ${os.loadavg()[0].toFixed(2)} at the end; Chromium ${CHROMIUM} headless (${BROWSER_ARGS.join(' ')})`,
    `- CPU check in the page (a fixed piece of script, ${r.cpuCheckMs.length} times): min ${ms(Math.min(...r.cpuCheckMs))} ms, median ${ms(spread(r.cpuCheckMs).p50)} ms, max ${ms(Math.max(...r.cpuCheckMs))} ms (median / min ${ms(contention, 2)}; near 1 on an idle machine${contention > BUSY ? ': the machine was busy, so the figures run high' : ''})`,
    `- Run: ${r.run.trials} trials, ${r.run.points} intermediate values; ${r.run.running} running; seed ${r.run.seed}. As the host sends it: the snapshot ${r.run.snapshotMb.toFixed(1)} MB as JSON (every row; the curves of running and newest trials), then ${r.run.curveUpdates} updates of ${r.run.curvesMb.toFixed(1)} MB bringing the other curves, 100 ms apart`,
    `- Screenshots: ${r.screenshots.join(', ')}`,
    '',
  ];

  const row = (label: string, get: (l: InitialRender) => number): string[] => {
    const xs = r.loads.map(get);
    return [label, ms(spread(xs).p50), ms(Math.min(...xs)), ms(Math.max(...xs)), ...xs.map((x) => ms(x))];
  };
  out.push(
    `## Initial render (${r.loads.length} fresh page loads, 1400x900 editor; ms)`,
    '',
    markdownTable(
      ['Measure', 'median', 'min', 'max', ...r.loads.map((_, i) => `#${i + 1}`)],
      [
        row('post snapshot -> first frame with rows', (l) => l.totalMs),
        row('of which postMessage (clone: serialize)', (l) => l.message.postMs),
        row('of which waiting for the message event', (l) => l.message.waitMs),
        row('of which reading event.data (clone: deserialize)', (l) => l.message.decodeMs),
        row("of which the webview's handler (validate, store)", (l) => l.message.handlerMs),
        row('of which the frames after it, to painted', (l) => l.totalMs - l.messageMs),
        row("  of those, 'hyperlens-render' measures (sum)", (l) => sum(l.renderMs)),
      ],
    ),
    '',
  );
  const oneLoad = (what: string, l: InitialRender) =>
    `${what}: ${ms(l.totalMs)} ms (message in and handled ${ms(l.messageMs)} ms, of which the clone ${ms(l.message.postMs + l.message.decodeMs)} ms; render ${ms(sum(l.renderMs))} ms).`;
  if (r.sidebar) out.push(oneLoad('Sidebar (360x900), one load', r.sidebar), '');
  if (r.twoObjectives) out.push(oneLoad('Two objectives (editor, one load)', r.twoObjectives), '');

  out.push(
    `## Incremental updates (${r.updates} updates at 10 a second: ${r.run.running} running trials one point more each, now and then one ending and a new one starting; ms)`,
    '',
    markdownTable(
      ['Tab', 'updates shown', 'message p50 / p95 (handler p95)', "'hyperlens-render' p50 / p95 / max", 'update frame p50 / p95 / max', 'message + frame p95', 'post -> painted p50 / p95'],
      r.passes.map((p) => {
        const msg = spread(p.costs.map((c) => c.messageMs));
        const lat = spread(p.costs.map((c) => c.latencyMs));
        return [
          p.tab,
          `${p.costs.length}/${p.posted}`,
          `${ms(msg.p50)} / ${ms(msg.p95)} (${ms(spread(p.costs.map((c) => c.handlerMs)).p95)})`,
          trio(p.renderMs),
          trio(spread(p.costs.map((c) => c.frameMs))),
          ms(spread(p.costs.map((c) => c.messageMs + c.frameMs)).p95),
          `${ms(lat.p50)} / ${ms(lat.p95)}`,
        ];
      }),
    ),
    '',
    'Every frame during the updates and the scrolling (ms). "frame": its main-thread time, from its start to painted; "interval": between frame starts; "vsyncs missed": frames not drawn at 60 Hz; "blank frames": after which no row was under the middle of the table.',
    '',
    markdownTable(FRAME_HEADERS, [
      ...r.passes.map((p) => frameRow(`updates, ${p.tab} tab`, p.frames, false)),
      ...r.scrolls.map((s) => frameRow(`scrolling, ${s.label} (rows of ${ms(s.figures.rowHeight, 0)} px)`, s.figures, true)),
    ]),
    '',
  );

  const init = spread(r.loads.map((l) => l.totalMs));
  const targets = [`${verdict(init.p50 <= INITIAL_TARGET_MS)}: initial render of ${r.run.trials} trials: median ${ms(init.p50, 0)} ms, max ${ms(init.max, 0)} ms (target <= ${INITIAL_TARGET_MS} ms)`];
  for (const p of r.passes) {
    const both = spread(p.costs.map((c) => c.messageMs + c.frameMs));
    targets.push(`${verdict(both.p95 <= FRAME_TARGET_MS)}: incremental update, ${p.tab} tab: message + frame p95 ${ms(both.p95)} ms, max ${ms(both.max)} ms; ${p.frames.dropped} vsyncs missed over ${p.frames.frames} frames (target <= ${FRAME_TARGET_MS} ms)`);
  }
  for (const { label, figures: f } of r.scrolls) {
    targets.push(`${verdict(f.work.p95 <= FRAME_TARGET_MS)}: scrolling, ${label}: frame p95 ${ms(f.work.p95)} ms, max ${ms(f.work.max)} ms; ${f.dropped} vsyncs missed over ${f.frames} frames, ${f.blank} blank (target <= ${FRAME_TARGET_MS} ms)`);
  }
  out.push('## Targets', '', '```', ...targets, '```', '');

  if (r.profiles.length) out.push(...profileSection(r.profiles));
  if (r.issues.length) out.push('## Page errors', '', ...[...new Set(r.issues)].slice(0, 20).map((e) => `- ${e}`), '');
  return out.join('\n');
}

function profileSection(profiles: Array<{ phase: string } & PhaseProfile>): string[] {
  const out = [
    '## Where the time goes (the phases again, traced and profiled; ms)',
    '',
    'Renderer main thread, self time by trace event (FunctionCall and the like are script; UpdateLayoutTree is style; Paint, PrePaint, Layerize and Commit are drawing), and the raster workers:',
    '',
  ];
  for (const p of profiles) {
    const cells = p.trace.mainThread.map((e) => `${e.name} ${ms(e.ms, 0)}`);
    out.push(`- ${p.phase}: ${cells.join(', ')}; raster workers ${ms(p.trace.rasterMs, 0)}`);
  }
  out.push('', 'Script by function (V8 CPU profile, self time; style and layout forced from script land on the call that forced them):', '');
  for (const p of profiles) out.push(`${p.phase}:`, '', markdownTable(['function', 'where', 'self ms'], p.top.map((e) => [e.functionName, e.where, ms(e.selfMs)])), '');
  return out;
}
