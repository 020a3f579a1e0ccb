// End to end, one code-server session: the side panel follows a run started
// from the lens while it runs and after it ends (trials, state, best value
// against the journal), a trial's detail with its log, the charts tab, the
// same run in an editor-area panel, Accept all from the suggestion card, and
// light and dark screenshots (test-output/e2e/panel-*.png; two are in the README).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { sharedSession } from './sharedSession';
import { bestOfRun, lineOf, type Best } from './workspaceFiles';
import type { Session } from './harness';
import { backgroundLuminance, describePanel, hasDrawnCanvas, panelFrame, readPanel, type PanelMode, type PanelView } from './panelProbes';

const LIGHT = 'Default Light Modern';
const DARK = 'Default Dark Modern';
const TRIALS = 12;

/** 12 trials one at a time with a fixed seed: long enough to watch it run, short enough for a test. */
function quickstart(workspace: string): void {
  const file = path.join(workspace, 'config.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const from = /^# @tune\.trials 20$/m;
  assert.match(text, from, `examples/quickstart/config.yaml changed: no match for ${from}`);
  // The first trial runs the file's own values: start from poor ones so the best is a trial with something to accept.
  const poor = text.replace(from, `# @tune.trials ${TRIALS}\n# @tune.parallel 1\n# @tune.seed 11`).replace(/^(\s*lr:\s*)0\.01\b/m, (_, key: string) => `${key}0.0001`).replace(/^(\s*hidden:\s*)16\b/m, (_, key: string) => `${key}4`);
  assert.match(poor, /lr:\s*0\.0001\b/, 'the lr: line of examples/quickstart/config.yaml changed');
  fs.writeFileSync(file, poor);
}

/** `x` and `y` agree to `digits` significant digits (the panel rounds what it shows). */
function close(x: number, y: number, digits = 4): boolean {
  return Math.abs(x - y) <= Math.abs(y) * 10 ** -digits;
}

/** The one run in the workspace's runs directory. */
function onlyRunId(workspace: string): string | undefined {
  const dir = path.join(workspace, '.hyperlens', 'runs');
  const ids = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'run.json'))) : [];
  return ids.length === 1 ? ids[0] : undefined;
}

/** The first number in the header's best field (`val_loss 0.16083 · trial 7`). */
function shownBest(p: PanelView): number {
  return Number(/(-?\d[\d.]*(?:e[+-]?\d+)?)/i.exec((p.fields.best ?? '').replace(/^[^\d-]*/, ''))?.[1]);
}

describe('the side panel (one code-server session)', () => {
  const { step } = sharedSession('panel.e2e', { name: 'panel', trust: 'trusted', prepareWorkspace: quickstart, settings: { 'workbench.colorTheme': DARK } });
  let runId: string | undefined;
  let best: Best | undefined;

  async function frameOf(s: Session, mode: PanelMode): Promise<Frame> {
    return s.waitFor(`the ${mode} panel's webview`, () => panelFrame(s.page, mode), { timeoutMs: 30_000, intervalMs: 500 });
  }

  /** Polls the panel until `ok`; fails saying what it showed last. */
  async function panelUntil(s: Session, mode: PanelMode, what: string, ok: (p: PanelView) => boolean, timeoutMs = 30_000): Promise<PanelView> {
    let last: PanelView | undefined;
    return s.waitFor(
      what,
      async () => {
        const frame = await panelFrame(s.page, mode);
        if (!frame) return undefined;
        last = await readPanel(frame).catch(() => undefined);
        return last && ok(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 200 },
      async () => describePanel(last),
    );
  }

  test('the panel shows a run started from the lens while it runs and after, with the journal\'s best', { timeout: 300_000 }, async () => {
    await step('live', async (s) => {
      await s.openFile('config.yaml');
      await s.waitForCodeLens('▶ Tune 5 params · 0 runs', undefined, { timeoutMs: 60_000 });
      await s.openViewContainer('Hyperlens');
      const empty = await panelUntil(s, 'sidebar', 'the Run view to say there is no run yet', (p) => /no run|start a run|@tune/i.test(p.text));
      assert.equal(empty.rows.length, 0, `no rows before any run: ${describePanel(empty)}`);

      // Once in ~7 runs the lens stayed drawn without its command (VS Code's cached lens, not yet
      // provided again) for 30 s; focusing the file again has it asked for anew. Noted for the team.
      try {
        await s.clickCodeLens('▶ Tune', undefined, { timeoutMs: 20_000 });
      } catch {
        await s.openFile('config.yaml');
        await s.clickCodeLens('▶ Tune', undefined, { timeoutMs: 30_000 });
      }
      const running = await panelUntil(s, 'sidebar', 'the panel to show the run running, with trials', (p) => /running/i.test(p.fields.state ?? '') && p.trials >= 1 && p.rows.length >= 1, 60_000);
      assert.ok(running.actions.includes('stop'), `a running run offers Stop: ${describePanel(running)}`);
      assert.match(running.fields.file ?? '', /config\.yaml/, `the header names the file: ${describePanel(running)}`);
      await s.screenshotAs('panel-running-dark.png');

      const done = await panelUntil(s, 'sidebar', `the panel to show the run finished with ${TRIALS} trials`, (p) => /finished/i.test(p.fields.state ?? '') && p.trials === TRIALS, 180_000);
      runId = onlyRunId(s.workspace);
      assert.ok(runId, 'one run in the workspace');
      best = bestOfRun(runId, s.workspace);
      assert.match(done.fields.progress ?? '', new RegExp(`\\b${TRIALS}\\s*/\\s*${TRIALS}\\b`), `progress reads ${TRIALS}/${TRIALS}: ${describePanel(done)}`);
      assert.ok(close(shownBest(done), best.values[0]), `the header's best (${done.fields.best}) is the journal's best val_loss ${best.values[0]} (trial ${best.number}): ${describePanel(done)}`);
      assert.match(done.fields.best ?? '', new RegExp(`\\b${best.number}\\b`), `the header names the best trial ${best.number}: ${describePanel(done)}`);
      assert.ok(done.actions.includes('resume') && !done.actions.includes('stop'), `a finished run offers Resume, not Stop: ${describePanel(done)}`);
      assert.match(done.suggestion, new RegExp(`trial ${best.number}\\b`), `the suggestion card is the best trial ${best.number}: ${done.suggestion}`);
      assert.notEqual(best.number, 0, 'the best trial is not the file\'s own values (trial 0), so Accept all has something to write');
      await s.screenshotAs('panel-finished-dark.png');
    });
  });

  test('a trial opens its detail with params, values and the tail of its log; the curves tab draws', { timeout: 120_000 }, async () => {
    assert.ok(runId && best, 'needs the run of the first test');
    const b = best;
    await step('detail', async (s) => {
      const frame = await frameOf(s, 'sidebar');
      // Sort so the best is on top: click the objective's header until the first row is the best trial.
      const row = frame.locator(`#trials-table .row[data-trial="${b.number}"]`);
      if ((await row.count()) === 0) await frame.locator('#trials-table .table-scroll').evaluate((el, n) => (el.scrollTop = n * 22), b.number);
      await s.waitFor(`the row of trial ${b.number}`, async () => (await row.count()) > 0, { timeoutMs: 10_000 });
      await row.first().click();
      const shown = await panelUntil(s, 'sidebar', `the detail pane of trial ${b.number} with its log tail`, (p) => p.detail.includes(`Trial ${b.number}`) && /stdout/i.test(p.detail) && /epoch|val_loss/i.test(p.detail));
      for (const name of Object.keys(b.params)) assert.ok(shown.detail.includes(name), `the detail lists ${name}: ${shown.detail.slice(0, 600)}`);
      assert.ok(shown.rows.some((r) => r.trial === b.number && r.selected), `the row of trial ${b.number} is selected: ${describePanel(shown)}`);
      await s.screenshotAs('panel-detail-dark.png');

      await frame.locator('[data-tab="curves"]').first().click();
      await s.waitFor('the curves tab to draw a canvas of some size', () => hasDrawnCanvas(frame), { timeoutMs: 15_000 });
      await s.screenshotAs('panel-curves-dark.png');
      await frame.locator('[data-tab="trials"]').first().click();
    });
  });

  test('the run opens in an editor-area panel; light and dark screenshots', { timeout: 120_000 }, async () => {
    assert.ok(runId && best, 'needs the run of the first test');
    const id = runId;
    const b = best;
    await step('editor-panel', async (s) => {
      await s.runCommandAndPick('Hyperlens: Open Run in Editor Area', id);
      const wide = await panelUntil(s, 'editor', `the editor-area panel of run ${id} with its ${TRIALS} trials`, (p) => p.trials === TRIALS && p.rows.length > 0 && /finished/i.test(p.fields.state ?? ''));
      assert.ok(close(shownBest(wide), b.values[0]), `the editor panel's best is the journal's: ${describePanel(wide)}`);
      // Every parameter is a column headed by its full name.
      const frame = await frameOf(s, 'editor');
      const headers = await frame.locator('#trials-table').innerText();
      for (const name of Object.keys(b.params)) assert.ok(headers.includes(name), `a column headed ${name}: ${headers.slice(0, 300)}`);
      // The best trial's detail beside the table, with no notification over it, for the README.
      await s.runCommand('Notifications: Clear All Notifications');
      await frame.locator(`#trials-table .row[data-trial="${b.number}"]`).first().click();
      await panelUntil(s, 'editor', `the editor panel's detail of trial ${b.number}`, (p) => p.detail.includes(`Trial ${b.number}`) && /stdout/i.test(p.detail));
      await s.screenshotAs('panel-editor-dark.png');

      await s.setColorTheme(LIGHT);
      await panelUntil(s, 'editor', 'the panel to wear the light theme', (p) => p.theme === 'vscode-light');
      // The theme class comes before the colours are painted: wait for light backgrounds in the workbench and the panel.
      const light = async (f: Frame, selector: string) => ((await backgroundLuminance(f, selector)) ?? 0) > 0.8;
      await s.waitFor('the workbench and the panel to paint light backgrounds', async () => (await light(s.page.mainFrame(), '.part.sidebar')) && (await light(await frameOf(s, 'editor'), 'body')), { timeoutMs: 15_000 });
      await s.screenshotAs('panel-editor-light.png');
      await s.openViewContainer('Hyperlens');
      await panelUntil(s, 'sidebar', 'the side panel to wear the light theme', (p) => p.theme === 'vscode-light' && p.trials === TRIALS);
      await s.screenshotAs('panel-sidebar-light.png', 'sidebar');
      await s.setColorTheme(DARK);
    });
  });

  test('Accept all on the suggestion card writes the best trial\'s values into the file', { timeout: 120_000 }, async () => {
    assert.ok(runId && best, 'needs the run of the first test');
    const b = best;
    await step('accept-all', async (s) => {
      await s.openFile('config.yaml');
      await s.openViewContainer('Hyperlens');
      const frame = await frameOf(s, 'sidebar');
      await frame.locator('#suggestion [data-action="accept-all"]').first().click();
      // Accept all opens the diff first, then asks; the diff taking focus would close a palette opened meanwhile.
      await s.waitFor(`the diff of config.yaml with trial ${b.number}`, async () => (await s.activeTabLabel()).includes(`\u2194 trial ${b.number}`), { timeoutMs: 15_000 }, () => s.activeTabLabel());
      await s.clickNotificationButton('Accept', /accept \d+ value/i);
      // Accept all showed the diff first; save the file itself, not the diff's preview side.
      await s.openFile('config.yaml');
      await s.save();
      const config = path.join(s.workspace, 'config.yaml');
      await s.waitFor('config.yaml on disk to hold the best lr', async () => {
        const lr = Number(/lr:\s*([^\s#]+)/.exec(lineOf(config, 'lr:').text)?.[1]);
        return close(lr, b.params['optimizer.lr'] as number) || undefined;
      }, { timeoutMs: 15_000 }, async () => lineOf(config, 'lr:').text);
      // The host resends the file's values once the edit lands: nothing left to change.
      await panelUntil(s, 'sidebar', `the suggestion card to say the file has trial ${b.number}'s values`, (p) => new RegExp(`trial ${b.number} . the file has these values`).test(p.suggestion));
    });
  });
});
