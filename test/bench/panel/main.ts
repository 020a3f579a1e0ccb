// `npm run bench:panel`: the side panel in Chromium (Playwright) fed a
// synthetic run of 10,000 trials x 100 intermediate values (issue 7):
//   1. initial render: posting the snapshot to the first frame showing the
//      table's rows, on fresh page loads (target 500 ms);
//   2. incremental updates at 10 a second, the Trials tab shown, then the
//      Curves tab (target 16 ms a frame);
//   3. scrolling the table 3 rows a frame, then a fling of random jumps, and
//      the same in a 360 px sidebar (target 16 ms a frame).
// It reports, it does not gate: exit 0 whatever the figures, 1 only when the
// panel does not render. The report goes to stdout and, with every figure
// as JSON, to test-output/bench/panel.md and .json; progress to stderr.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { parseHostMessage, type HostMessage, type UpdateMessage } from '../../../src/panel/protocol';
import { ArgReader, unknownOption } from '../common/args';
import { log, publishResults, runMain } from '../common/runOutput';
import { DEFAULT_RUN, SyntheticRun, type SyntheticRunOptions } from './data';
import { REPO } from './page';
import { panelReport, type PanelFigures } from './report';
import { NoRender, PanelSession } from './session';

const USAGE = `node out/test/bench/panel/main.js [options]
  --quick         1,000 trials, 2 page loads, 30 updates a pass (a smoke run, ~30 s)
  --trials N      trials in the run (10000)
  --loads N       fresh page loads timed for the initial render (5)
  --no-extras     skip the sidebar and two-objective loads
  --profile       then run the phases again under the CPU profiler and say where the time goes
  --out DIR       where the screenshots and results go (test-output/bench)`;

interface Options {
  run: SyntheticRunOptions;
  loads: number;
  updates: number;
  scrollMs: number;
  extras: boolean;
  profile: boolean;
  outDir: string;
  help: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { run: { ...DEFAULT_RUN }, loads: 5, updates: 100, scrollMs: 3000, extras: true, profile: false, outDir: path.join(REPO, 'test-output', 'bench'), help: false };
  const args = new ArgReader(argv);
  let quick = false;
  let trials: number | undefined;
  let loads: number | undefined;
  for (const flag of args.flags()) {
    if (flag === '--quick') quick = true;
    else if (flag === '--trials') trials = args.count();
    else if (flag === '--loads') loads = args.count();
    else if (flag === '--no-extras') o.extras = false;
    else if (flag === '--profile') o.profile = true;
    else if (flag === '--out') o.outDir = path.resolve(args.value());
    else if (flag === '--help' || flag === '-h') o.help = true;
    else throw unknownOption(flag, USAGE);
  }
  if (quick) Object.assign(o, { loads: 2, updates: 30, scrollMs: 1500, run: { ...o.run, trials: 1000 } });
  if (trials !== undefined) o.run.trials = trials;
  if (loads !== undefined) o.loads = loads;
  return o;
}

function checked<T extends HostMessage>(messages: T[]): T[] {
  for (const m of messages) {
    const parsed = parseHostMessage(m);
    if (!parsed.ok) throw new Error(`the synthetic ${m.type} is not a valid message: ${parsed.error}`);
  }
  return messages;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) return void process.stdout.write(USAGE + '\n');
  const began = Date.now();
  if (!fs.existsSync(path.join(REPO, 'dist', 'webview.js'))) throw new Error('dist/webview.js is missing: run `node esbuild.js` first');

  log(`bench:panel: a run of ${o.run.trials} trials x ${o.run.steps} points (seed ${o.run.seed})...`);
  const run = new SyntheticRun(o.run);
  // As the host sends it: the snapshot, the updates that bring the curves it left out, then live updates.
  const streamed = run.hostSnapshot();
  const [snapshot] = checked([streamed.snapshot]);
  const curveUpdates = checked(streamed.curves);
  // The curves' updates, then two passes of live updates, numbered on from the snapshot.
  const updates: UpdateMessage[] = [...curveUpdates, ...checked(Array.from({ length: 2 * o.updates }, () => run.nextUpdate()))];
  const pointsOf = (ms: Array<{ trials: Array<{ intermediate: { steps: number[] } }> }>) => ms.reduce((n, m) => n + m.trials.reduce((k, t) => k + t.intermediate.steps.length, 0), 0);

  fs.mkdirSync(o.outDir, { recursive: true });
  const shot = (name: string) => path.join(o.outDir, name);
  const session = await PanelSession.start(shot('panel-failed.png'));
  const data = [session.server.setData('snapshot', '__benchSnapshot', snapshot), session.server.setData('updates', '__benchUpdates', updates)];
  const figures: PanelFigures = {
    command: `node out/test/bench/panel/main.js${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}`,
    wallS: 0,
    run: {
      trials: o.run.trials,
      points: pointsOf([snapshot, ...curveUpdates]),
      snapshotMb: JSON.stringify(snapshot).length / 1e6,
      curveUpdates: curveUpdates.length,
      curvesMb: JSON.stringify(curveUpdates).length / 1e6,
      running: o.run.running,
      seed: o.run.seed,
    },
    screenshots: [],
    cpuCheckMs: [],
    loads: [],
    updates: o.updates,
    passes: [],
    scrolls: [],
    profiles: [],
    issues: session.issues,
  };
  const screenshot = async (page: Page, name: string) => {
    await page.screenshot({ path: shot(name) });
    figures.screenshots.push(path.relative(REPO, shot(name)));
  };

  try {
    let page: Page | undefined;
    for (let i = 1; i <= o.loads; i++) {
      await page?.close();
      page = await session.open('editor', data);
      figures.loads.push(await session.initialRender(page, '__benchSnapshot'));
      log(`bench:panel: initial render ${i}/${o.loads}: ${figures.loads[i - 1].totalMs.toFixed(0)} ms`);
    }
    if (!page) throw new Error('--loads must be 1 or more');
    await page.waitForTimeout(300);
    await screenshot(page, 'panel.png');

    figures.cpuCheckMs = await session.cpuCheck(page);
    const k = curveUpdates.length;
    if (k > 0) figures.passes.push(await session.updatePass(page, 'trials (the curves arriving)', 0, k));
    figures.passes.push(await session.updatePass(page, 'trials', k, o.updates));
    if (await session.showTab(page, 'curves')) {
      await screenshot(page, 'panel-curves.png');
      figures.passes.push(await session.updatePass(page, 'curves', k + o.updates, o.updates));
      await session.showTab(page, 'trials');
    }
    log('bench:panel: updates done');

    figures.scrolls.push({ label: 'editor, 3 rows a frame', figures: await session.scrollPass(page, false, o.scrollMs) });
    figures.scrolls.push({ label: 'editor, fling (random jumps)', figures: await session.scrollPass(page, true, Math.min(1000, o.scrollMs)) });
    await page.close();
    log('bench:panel: scrolling done');

    if (o.extras) {
      const sidebar = await session.open('sidebar', data.slice(0, 1));
      figures.sidebar = await session.initialRender(sidebar, '__benchSnapshot');
      await sidebar.waitForTimeout(300);
      await screenshot(sidebar, 'panel-sidebar.png');
      figures.scrolls.push({ label: 'sidebar, 3 rows a frame', figures: await session.scrollPass(sidebar, false, Math.min(2000, o.scrollMs)) });
      await sidebar.close();

      const twoObjectives = checked([new SyntheticRun({ ...o.run, objectives: 2 }).hostSnapshot().snapshot])[0];
      const pareto = await session.open('editor', [session.server.setData('pareto', '__benchPareto', twoObjectives)]);
      figures.twoObjectives = await session.initialRender(pareto, '__benchPareto');
      if (await session.showTab(pareto, 'pareto')) await screenshot(pareto, 'panel-pareto.png');
      await pareto.close();
      log('bench:panel: sidebar and two objectives done');
    }

    if (o.profile) {
      log('bench:panel: profiling...');
      figures.profiles = await session.profilePhases(data, o.updates, o.scrollMs);
    }
  } catch (e) {
    if (!(e instanceof NoRender)) throw e;
    log(`bench:panel: the panel did not render: ${e.message}`);
    for (const issue of session.issues) log(`  ${issue}`);
    process.exitCode = 1;
    return;
  } finally {
    await session.close();
  }
  figures.wallS = (Date.now() - began) / 1000;
  publishResults(o.outDir, 'panel', panelReport(figures), JSON.stringify(figures, null, 1));
}

runMain(main);
