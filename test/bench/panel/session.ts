// Chromium driving the panel's page: open it, feed it data, and run each
// measured phase through the probes. Page errors, CSP refusals and failed
// requests are collected in `issues` for the report.
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { frameFigures, spread, updateCosts, type FrameFigures, type Spread, type UpdateCost } from './metrics';
import { DIST, PanelServer, type PanelMode } from './page';
import * as probes from './probes';
import { bundleLocator, profileWhile, type PhaseProfile } from './profile';

export const CHROMIUM = process.env.HYPERLENS_E2E_CHROMIUM || '/usr/bin/chromium';
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
const VIEWPORTS: Record<PanelMode, { width: number; height: number }> = { editor: { width: 1400, height: 900 }, sidebar: { width: 360, height: 900 } };
const RENDER_TIMEOUT_MS = 30_000;
const UPDATE_INTERVAL_MS = 100;

/** The panel showed no rows: nothing else can be measured. */
export class NoRender extends Error {}

export interface UpdatePass {
  tab: string;
  costs: UpdateCost[];
  renderMs: Spread;
  frames: FrameFigures;
  posted: number;
}

export type ScrollPass = FrameFigures & { rowHeight: number };

export class PanelSession {
  readonly issues: string[] = [];

  private constructor(
    readonly server: PanelServer,
    private readonly browser: Browser,
    /** Where the screenshot of a panel that did not render goes. */
    private readonly failShot: string,
  ) {}

  static async start(failShot: string): Promise<PanelSession> {
    const server = await PanelServer.start();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS, timeout: 60_000 }).catch(async (e: unknown) => {
      await server.close();
      throw e;
    });
    return new PanelSession(server, browser, failShot);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }

  /** A fresh page with the panel loaded (it has said `ready`) and the data scripts at `dataUrls` in it. */
  async open(mode: PanelMode, dataUrls: string[]): Promise<Page> {
    const page = await this.browser.newPage({ viewport: VIEWPORTS[mode] });
    page.on('pageerror', (e) => this.issues.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) this.issues.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) this.issues.push(`console ${m.type()}: ${m.text().slice(0, 300)}`);
    });
    await page.goto(this.server.pageUrl(mode), { waitUntil: 'load' });
    await page.waitForFunction(probes.webviewReady, undefined, { timeout: 10_000 }).catch(() => this.issues.push('the webview never posted {type: "ready"}'));
    for (const src of dataUrls) await page.evaluate(probes.loadScript, { src, nonce: this.server.nonce });
    return page;
  }

  /** Times the snapshot in `window[global]` to its first frame with rows; when none come, screenshots and throws NoRender. */
  async initialRender(page: Page, global: string): Promise<probes.InitialRender> {
    const r = await page.evaluate(probes.measureInitialRender, { global, timeoutMs: RENDER_TIMEOUT_MS });
    if ('error' in r) {
      await page.screenshot({ path: this.failShot }).catch(() => undefined);
      throw new NoRender(`${r.error}; screenshot: ${this.failShot}`);
    }
    return r;
  }

  /** Posts updates [from, from + count) of `window.__benchUpdates` at 10 a second and times each one and every frame meanwhile. */
  async updatePass(page: Page, tab: string, from: number, count: number): Promise<UpdatePass> {
    const since = await page.evaluate(probes.now);
    await page.evaluate(probes.startFrames, { checkRows: false });
    const timings = await page.evaluate(probes.postUpdates, { global: '__benchUpdates', from, to: from + count, intervalMs: UPDATE_INTERVAL_MS });
    const frames = await page.evaluate(probes.stopFrames);
    const measures = await page.evaluate(probes.renderMeasures, since);
    return { tab, costs: updateCosts(timings, frames), renderMs: spread(measures.map((m) => m.duration)), frames: frameFigures(frames), posted: timings.length };
  }

  /** Scrolls the table 3 rows a frame, or in random jumps, for `durationMs`, timing every frame. */
  async scrollPass(page: Page, jump: boolean, durationMs: number): Promise<ScrollPass> {
    const rowHeight = await page.evaluate(probes.rowHeight);
    await page.evaluate(probes.startFrames, { checkRows: true });
    await page.evaluate(probes.scrollTable, { rowsPerFrame: 3, rowHeight, durationMs, jump, seed: 7 });
    const frames = await page.evaluate(probes.stopFrames);
    return { ...frameFigures(frames), rowHeight };
  }

  /** The fixed-script timings of probes.cpuCheck, spaced out so a busy spell of the machine shows. */
  async cpuCheck(page: Page): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      times.push(...(await page.evaluate(probes.cpuCheck, 2)));
      await page.waitForTimeout(100);
    }
    return times;
  }

  /** Clicks a tab; false (and an issue noted) when the panel has none by that name. */
  async showTab(page: Page, tab: string): Promise<boolean> {
    try {
      await page.locator(`[data-tab="${tab}"]`).first().click({ timeout: 5000 });
    } catch (e) {
      this.issues.push(`could not click [data-tab="${tab}"]: ${(e as Error).message.split('\n')[0]}`);
      return false;
    }
    // Let the tab draw before measuring.
    await page.waitForTimeout(500);
    return true;
  }

  /** The phases again on a fresh page, each under the profiler (which slows them, so only where the time goes is reported). */
  async profilePhases(dataUrls: string[], updates: number, scrollMs: number): Promise<Array<{ phase: string } & PhaseProfile>> {
    const page = await this.open('editor', dataUrls);
    const locate = bundleLocator('webview.js', path.join(DIST, 'webview.js.map'));
    const out: Array<{ phase: string } & PhaseProfile> = [];
    const profiled = async (phase: string, run: () => Promise<unknown>) => void out.push({ phase, ...(await profileWhile(page, run, locate)) });
    try {
      await profiled('initial render', () => this.initialRender(page, '__benchSnapshot'));
      await profiled(`${updates} updates, trials tab`, () => this.updatePass(page, 'trials', 0, updates));
      if (await this.showTab(page, 'curves')) {
        await profiled(`${updates} updates, curves tab`, () => this.updatePass(page, 'curves', updates, updates));
        await this.showTab(page, 'trials');
      }
      await profiled(`scrolling 3 rows a frame for ${scrollMs / 1000} s`, () => this.scrollPass(page, false, scrollMs));
      return out;
    } finally {
      await page.close();
    }
  }
}
