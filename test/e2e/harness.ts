// A real code-server with the packaged extension, driven by real Chromium:
// one Session per test, on a fresh temp copy of examples/quickstart. Every
// wait polls a UI state and, when it times out, says what it waited for,
// what it saw last and where the screenshot is.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './codeServer';
import { CHROMIUM, ensureTools, OUTPUT_DIR, packagedExtension, REPO } from './prerequisites';
import * as probes from './pageProbes';
import type { CodeLens, Hover, Notification, TreeRow } from './pageProbes';

export type { CodeLens, Hover, Notification, TreeRow } from './pageProbes';

/**
 * trusted: answer the Workspace Trust prompt "Yes, I trust the authors";
 * restricted: answer "No, I don't trust the authors" (Restricted Mode);
 * trust-disabled: start code-server with --disable-workspace-trust.
 */
export type Trust = 'trusted' | 'restricted' | 'trust-disabled';

export interface SessionOptions {
  /** Names the screenshots and logs under test-output/e2e/. */
  name: string;
  trust: Trust;
  /** Changes the workspace copy before code-server opens it. */
  prepareWorkspace?: (workspace: string) => void;
  /** User settings on top of QUIET_SETTINGS (a color theme, hovers on). */
  settings?: Record<string, unknown>;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** User settings that keep the workbench quiet and the same on every run. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  // A fresh user-data folder knows no folder, so the prompt always comes on open.
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'always',
  'security.workspace.trust.untrustedFiles': 'open',
  'git.enabled': false,
  // No network here: a schema download would only add a warning to Problems.
  'json.schemaDownload.enable': false,
  'files.autoSave': 'off',
  'editor.codeLens': true,
  'editor.minimap.enabled': false,
  'editor.hover.enabled': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.parameterHints.enabled': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.formatOnType': false,
  'chat.commandCenter.enabled': false,
};

const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export class Session {
  private shots = 0;

  private constructor(
    readonly name: string,
    /** The workspace folder code-server has open (a temp copy of examples/quickstart). */
    readonly workspace: string,
    private readonly home: string,
    private readonly server: CodeServer,
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  /** Starts code-server and Chromium and opens the workspace with the given trust. */
  static async open(opts: SessionOptions): Promise<Session> {
    ensureTools();
    const vsix = packagedExtension();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `hyperlens-e2e-${opts.name}-`));
    const workspace = path.join(home, 'quickstart');
    fs.cpSync(path.join(REPO, 'examples', 'quickstart'), workspace, { recursive: true });
    opts.prepareWorkspace?.(workspace);
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });

    const server = await startCodeServer({ home, vsix, settings: { ...QUIET_SETTINGS, ...opts.settings }, disableWorkspaceTrust: opts.trust === 'trust-disabled' });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS, timeout: 60_000 });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addInitScript(probes.recordNotifications);
      const page = await context.newPage();
      const session = new Session(opts.name, workspace, home, server, browser, page);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
      await session.waitFor('the workbench (.monaco-workbench)', async () => (await page.locator('.monaco-workbench').count()) > 0, { timeoutMs: 90_000 });
      if (opts.trust !== 'trust-disabled') await session.answerTrustPrompt(opts.trust === 'trusted');
      return session;
    } catch (err) {
      await browser?.close().catch(() => undefined);
      await server.stop();
      copyLogs(opts.name, home);
      throw err;
    }
  }

  /** Closes Chromium, kills code-server's process group, keeps its logs under test-output/e2e/. */
  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await this.server.stop();
      copyLogs(this.name, this.home);
      if (!process.env.HYPERLENS_E2E_KEEP) fs.rmSync(this.home, { recursive: true, force: true });
    }
  }

  // ---- waiting -------------------------------------------------------------

  /** Polls `probe` until it returns something other than undefined/false/null; fails with a screenshot. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, opts: WaitOptions = {}, lastSeen?: () => Promise<string>): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const { value, lastError } = await poll(probe, timeoutMs, opts.intervalMs);
    if (value !== undefined) return value;
    const seen = lastSeen ? await lastSeen().catch((e: Error) => `(could not read: ${e.message})`) : '';
    const shot = await this.screenshot(`timeout-${slug(what)}`).catch(() => '(no screenshot)');
    throw new Error(
      `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}.` +
        (seen ? `\nLast seen: ${seen}` : '') +
        (lastError ? `\nLast error: ${lastError}` : '') +
        `\nScreenshot: ${shot}\ncode-server log: ${this.server.logFile}`,
    );
  }

  /** Polls `probe` like waitFor, but quietly: the value, or undefined after the timeout (no screenshot, no error). */
  async pollFor<T>(probe: () => Promise<T | undefined | null | false>, opts: WaitOptions = {}): Promise<T | undefined> {
    return (await poll(probe, opts.timeoutMs ?? 30_000, opts.intervalMs)).value;
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(OUTPUT_DIR, `${this.name}-${String(++this.shots).padStart(2, '0')}-${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** A screenshot under an exact file name in test-output/e2e/ (`views-dark-editor.png`); of the side bar only with `part: 'sidebar'`. */
  async screenshotAs(file: string, part: 'page' | 'sidebar' = 'page'): Promise<string> {
    const out = path.join(OUTPUT_DIR, file);
    if (part === 'sidebar') await this.page.locator('.part.sidebar').screenshot({ path: out });
    else await this.page.screenshot({ path: out });
    return out;
  }

  /** The folder of VS Code's logs for this session (extension host log, output channels). */
  get logsDir(): string {
    return path.join(this.server.userDataDir, 'logs');
  }

  // ---- workspace trust -----------------------------------------------------

  private async answerTrustPrompt(trust: boolean): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors' });
    await this.waitFor('the Workspace Trust prompt "Do you trust the authors of the files in this folder?"', async () => (await dialog.count()) > 0, { timeoutMs: 60_000 });
    const label = trust ? 'Yes, I trust the authors' : "No, I don't trust the authors";
    await dialog.getByRole('button', { name: label, exact: true }).click();
    await this.waitFor('the Workspace Trust prompt to close', async () => (await dialog.count()) === 0);
    const restricted = this.page.locator('.statusbar', { hasText: 'Restricted Mode' });
    if (trust) await this.waitFor('"Restricted Mode" to leave the status bar', async () => (await restricted.count()) === 0);
    else await this.waitFor('"Restricted Mode" in the status bar', async () => (await restricted.count()) > 0);
  }

  async isRestricted(): Promise<boolean> {
    return (await this.page.locator('.statusbar', { hasText: 'Restricted Mode' }).count()) > 0;
  }

  // ---- commands and files --------------------------------------------------

  /** Runs a command by its palette title (F1, type, pick the exact title). */
  async runCommand(title: string): Promise<void> {
    await this.openQuickInput('F1', `the command palette for "${title}"`);
    await this.page.keyboard.insertText(title);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(title) }) }).first();
    await this.waitFor(`the command "${title}" in the palette`, async () => (await row.count()) > 0, { timeoutMs: 15_000 }, () => this.quickInputRows());
    await row.click();
    await this.waitForQuickInputClosed(`the palette to close after "${title}"`);
  }

  /** Whether the palette offers a command (a `when` clause can hide one, in Restricted Mode for example). */
  async paletteHas(title: string): Promise<boolean> {
    await this.openQuickInput('F1', `the command palette for "${title}"`);
    await this.page.keyboard.insertText(title);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(title) }) });
    // The list filters as it is typed; give it a moment to settle before saying no.
    const found = (await poll(async () => (await row.count()) > 0, 3_000)).value === true;
    await this.page.keyboard.press('Escape');
    await this.waitForQuickInputClosed('the palette to close');
    return found;
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(relPath: string): Promise<void> {
    const base = path.basename(relPath);
    await this.openQuickInput('Control+P', `Quick Open for ${relPath}`);
    await this.page.keyboard.insertText(relPath);
    // The focused row: the list of recent editors shows before the filter applies, so a match further down is not enough.
    const row = this.page.locator('.quick-input-widget .monaco-list-row.focused', { has: this.page.locator('.label-name', { hasText: exactText(base) }) }).first();
    await this.waitFor(`${relPath} in Quick Open`, async () => (await row.count()) > 0, { timeoutMs: 15_000 }, () => this.quickInputRows());
    await this.page.keyboard.press('Enter');
    await this.waitForQuickInputClosed('Quick Open to close');
    const tab = this.page.locator('.editor-group-container.active .tab.active', { hasText: base });
    await this.waitFor(`an editor tab for ${relPath}`, async () => (await tab.count()) > 0 && (await this.activeEditor().locator('.view-line').count()) > 0);
  }

  /** Puts the keyboard focus in the active editor. */
  async focusEditor(): Promise<void> {
    await this.runCommand('View: Focus Active Editor Group');
  }

  /** Moves the cursor to the start of a 1-based line with Go to Line (Ctrl+G). */
  async goToLine(line: number): Promise<void> {
    await this.focusEditor();
    await this.openQuickInput('Control+G', `Go to Line ${line}`);
    await this.page.keyboard.insertText(`${line}:1`);
    await this.page.keyboard.press('Enter');
    await this.waitForQuickInputClosed(`Go to Line ${line} to close`);
  }

  /** Replaces the whole text of a 1-based line, as one edit (one Ctrl+Z undoes it). */
  async setLineText(line: number, text: string): Promise<void> {
    await this.goToLine(line);
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.insertText(text);
  }

  /** Types at the end of a 1-based line. */
  async typeAtEndOfLine(line: number, text: string): Promise<void> {
    await this.goToLine(line);
    await this.page.keyboard.press('End');
    await this.page.keyboard.insertText(text);
  }

  async undo(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+Z');
  }

  /**
   * Presses Ctrl+Z until `done` holds: Monaco undoes typed text in several
   * steps (it breaks undo stops at spaces), so one press may not undo one edit.
   */
  async undoUntil(what: string, done: () => Promise<boolean>, maxPresses = 20): Promise<void> {
    await this.focusEditor();
    for (let i = 0; i < maxPresses && !(await done()); i++) {
      await this.page.keyboard.press('Control+Z');
      await poll(done, 1_000, 100);
    }
    await this.waitFor(`${what} after ${maxPresses} presses of Ctrl+Z`, done, { timeoutMs: 5_000 });
  }

  /** Ctrl+S in the active editor, then waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    const dirty = this.page.locator('.editor-group-container.active .tab.active.dirty');
    await this.waitFor('the active editor to be saved (tab not dirty)', async () => (await dirty.count()) === 0);
  }

  /** The active editor's visible lines, as the person sees them. */
  async visibleLines(): Promise<string[]> {
    return this.activeEditor().evaluate(probes.visibleLines);
  }

  /** Moves the cursor to a 1-based line and column with Go to Line (Ctrl+G). */
  async goToPosition(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.openQuickInput('Control+G', `Go to Line ${line}:${column}`);
    await this.page.keyboard.insertText(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.waitForQuickInputClosed(`Go to Line ${line}:${column} to close`);
  }

  /** The label of the active editor's tab. */
  async activeTabLabel(): Promise<string> {
    return (await this.page.locator('.editor-group-container.active .tab.active .label-name').first().innerText()).trim();
  }

  /**
   * Runs a palette command that asks with a quick pick, and picks the row
   * whose label is `pick` (a run id, say).
   */
  async runCommandAndPick(title: string, pick: string): Promise<void> {
    await this.openQuickInput('F1', `the command palette for "${title}"`);
    await this.page.keyboard.insertText(title);
    const command = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(title) }) }).first();
    await this.waitFor(`the command "${title}" in the palette`, async () => (await command.count()) > 0, { timeoutMs: 15_000 }, () => this.quickInputRows());
    await command.click();
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(pick) }) }).first();
    await this.waitFor(`"${pick}" in the quick pick of "${title}"`, async () => (await row.isVisible()) && row, { timeoutMs: 15_000 }, () => this.quickInputRows());
    await row.click();
    await this.waitForQuickInputClosed(`the quick pick of "${title}" to close`);
  }

  /**
   * Runs a palette command that asks several questions in turn: `{ pick }`
   * clicks the quick pick row with that exact label, `{ type }` fills the
   * input box and presses Enter. Waits for the quick input to close at the end.
   */
  async runCommandAndAnswer(title: string, answers: Array<{ pick: string } | { type: string }>): Promise<void> {
    await this.openQuickInput('F1', `the command palette for "${title}"`);
    await this.page.keyboard.insertText(title);
    const command = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(title) }) }).first();
    await this.waitFor(`the command "${title}" in the palette`, async () => (await command.count()) > 0, { timeoutMs: 15_000 }, () => this.quickInputRows());
    await command.click();
    const input = this.page.locator('.quick-input-widget .quick-input-box input').first();
    for (const answer of answers) {
      if ('pick' in answer) {
        const row = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(answer.pick) }) }).first();
        await this.waitFor(`"${answer.pick}" in the quick pick of "${title}"`, async () => (await row.isVisible()) && row, { timeoutMs: 15_000 }, () => this.quickInputRows());
        await row.click();
      } else {
        // An input box: the widget shows no list, only the box (with its prompt).
        await this.waitFor(`the input box of "${title}"`, async () => (await input.isVisible()) && (await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').count()) === 0, { timeoutMs: 15_000 }, () => this.quickInputRows());
        await input.fill(answer.type);
        await this.page.keyboard.press('Enter');
      }
    }
    await this.waitForQuickInputClosed(`the questions of "${title}" to close`);
  }

  /** Finds `text` in the active editor (Ctrl+F, Enter), which scrolls it into view, and closes the find widget. */
  async revealText(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+F');
    const find = this.page.locator('.part.editor .editor-group-container.active .find-widget.visible');
    await this.waitFor('the find widget', async () => (await find.count()) > 0, { timeoutMs: 10_000 });
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.insertText(text);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
    await this.waitFor('the find widget to close', async () => (await find.count()) === 0, { timeoutMs: 10_000 });
  }

  // ---- hovers and quick fixes ----------------------------------------------

  /**
   * Points the mouse at `token` on the first line matching `linePattern`
   * (needs `editor.hover.enabled`) and waits for a hover containing `expect`.
   */
  async hoverOver(linePattern: RegExp, token: string, expect: string, opts: WaitOptions = {}): Promise<Hover> {
    let nudge = 0;
    const hover = await this.waitFor(
      `a hover containing "${expect}" over "${token}" on the line matching ${linePattern}`,
      async () => {
        const box = await this.activeEditor().evaluate(probes.tokenBox, { linePattern: linePattern.source, token });
        if (!box) return undefined;
        // A mouse that does not move raises no event: nudge it a pixel each try.
        await this.page.mouse.move(box.x + box.width / 2 + (nudge++ % 2), box.y + box.height / 2);
        const found = (await this.page.evaluate(probes.visibleHovers)).find((h) => h.text.includes(expect));
        // Let the images of the hover load before it is returned.
        return found && found.images.every((i) => i.loaded) ? found : undefined;
      },
      { intervalMs: 500, ...opts },
      async () => JSON.stringify(await this.page.evaluate(probes.visibleHovers)),
    );
    return hover;
  }

  /** Hides an editor hover (Escape) and moves the mouse out of the editor. */
  async dismissHover(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.mouse.move(1, 1);
    await this.waitFor('the hover to close', async () => (await this.page.evaluate(probes.visibleHovers)).length === 0, { timeoutMs: 10_000 });
  }

  /**
   * Quick Fix (Ctrl+.) at the cursor: waits for an action matching `choose`,
   * clicks it, and returns the titles that were offered.
   */
  async quickFix(choose: string | RegExp): Promise<string[]> {
    await this.focusEditor();
    const widget = this.page.locator('.action-widget');
    const rows = widget.locator('.monaco-list-row.action');
    const offered = async () => (await rows.evaluateAll((els) => els.map((e: any) => String(e.getAttribute('aria-label') || e.textContent || '').trim()))) as string[];
    const matches = (t: string) => (typeof choose === 'string' ? t.startsWith(choose) : choose.test(t));
    let titles: string[] = [];
    await this.waitFor(
      `a quick fix ${typeof choose === 'string' ? `starting "${choose}"` : `matching ${choose}`} (Ctrl+.)`,
      async () => {
        if (!(await widget.isVisible())) await this.page.keyboard.press('Control+.');
        await poll(async () => (await rows.count()) > 0, 2_000, 100);
        titles = await offered();
        return titles.some(matches);
      },
      { timeoutMs: 20_000, intervalMs: 500 },
      async () => JSON.stringify(await offered()),
    );
    // Keyboard, as a person would: a pointer block over the menu can swallow clicks.
    for (let i = 0; i <= titles.length; i++) {
      const focused = String((await widget.locator('.monaco-list-row.action.focused').first().getAttribute('aria-label', { timeout: 1_000 }).catch(() => '')) ?? '');
      if (matches(focused)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.waitFor('the Quick Fix menu to close', async () => !(await widget.isVisible()), { timeoutMs: 10_000 });
    return titles;
  }

  // ---- views and themes ----------------------------------------------------

  /** Opens an activity bar view container by clicking its icon (`Hyperlens`), unless it is open. */
  async openViewContainer(title: string): Promise<void> {
    const icon = this.page.locator(`.part.activitybar .action-item a.action-label[aria-label="${title}"], .part.activitybar .action-item a.action-label[aria-label^="${title} ("]`).first();
    await this.waitFor(`the "${title}" icon in the activity bar`, async () => (await icon.count()) > 0, { timeoutMs: 30_000 }, async () =>
      JSON.stringify(await this.page.locator('.part.activitybar .action-item a.action-label').evaluateAll((els) => els.map((e: any) => e.getAttribute('aria-label')))),
    );
    const open = async () => (await this.page.locator('.part.sidebar').isVisible()) && (await this.page.locator('.part.sidebar .composite.title').innerText()).toLowerCase().includes(title.toLowerCase());
    if (await open()) return;
    await icon.click();
    await this.waitFor(`the side bar to show "${title}"`, open, { timeoutMs: 15_000 });
  }

  /** The rows of a tree view by its name (`Runs`), as rendered now. */
  async treeRows(view: string): Promise<TreeRow[]> {
    const tree = this.page.locator(`.part.sidebar [role="tree"][aria-label="${view}"]`).first();
    if ((await tree.count()) === 0) return [];
    return tree.evaluate(probes.treeRows);
  }

  /**
   * Waits for a row of a tree view whose label is `label` (or whose
   * screen-reader label contains it) and which passes `ok`.
   */
  async waitForTreeRow(view: string, label: string, ok: (row: TreeRow) => boolean = () => true, what = '', opts: WaitOptions = {}): Promise<TreeRow> {
    return this.waitFor(
      `a row "${label}"${what ? ` ${what}` : ''} in the ${view} view`,
      async () => (await this.treeRows(view)).find((r) => (r.label === label || r.ariaLabel.includes(label)) && ok(r)),
      opts,
      async () => describeRows(await this.treeRows(view)),
    );
  }

  /** Clicks an action in the side bar's title or a view's header (`Refresh Runs`). */
  async clickViewAction(label: string): Promise<void> {
    const action = this.page.locator(`.part.sidebar a.action-label[aria-label="${label}"], .part.sidebar a.action-label[aria-label^="${label} ("]`).first();
    await this.waitFor(`the action "${label}" in the side bar`, async () => (await action.count()) > 0, { timeoutMs: 10_000 }, async () =>
      JSON.stringify(await this.page.locator('.part.sidebar a.action-label').evaluateAll((els) => els.map((e: any) => e.getAttribute('aria-label')))),
    );
    await action.click();
  }

  /** A tree view's row whose label is `label` or whose screen-reader label contains it. */
  private treeRowLocator(view: string, label: string) {
    const tree = `.part.sidebar [role="tree"][aria-label="${view}"]`;
    const byName = this.page.locator(`${tree} .monaco-list-row`, { has: this.page.locator('.label-name', { hasText: exactText(label) }) });
    const byAria = this.page.locator(`${tree} .monaco-list-row[aria-label*=${JSON.stringify(label)}]`);
    return byName.or(byAria).first();
  }

  /** Hovers a tree row and clicks one of its inline actions (`Resume Run`). */
  async clickTreeRowAction(view: string, label: string, action: string): Promise<void> {
    const row = this.treeRowLocator(view, label);
    await this.waitFor(
      `the inline action "${action}" on the row "${label}" of the ${view} view`,
      async () => {
        if ((await row.count()) === 0) return false;
        await row.hover({ timeout: 2_000 });
        const button = row.locator(`.actions a.action-label[aria-label="${action}"], .actions a.action-label[aria-label^="${action} ("]`).first();
        if (!(await button.isVisible())) return false;
        await button.click({ timeout: 2_000 });
        return true;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
      async () => describeRows(await this.treeRows(view)),
    );
  }

  /** Right-clicks a tree row and picks `item` from its context menu (`Delete Run`). */
  async treeRowContextMenu(view: string, label: string, item: string): Promise<void> {
    const row = this.treeRowLocator(view, label);
    const menu = this.page.locator('.context-view .monaco-menu');
    const entry = menu.locator('.action-item a.action-menu-item', { has: this.page.locator('.action-label', { hasText: exactText(item) }) }).first();
    await this.waitFor(
      `"${item}" in the context menu of the row "${label}" of the ${view} view`,
      async () => {
        if ((await row.count()) === 0) return false;
        if (!(await menu.isVisible())) await row.click({ button: 'right', timeout: 2_000 });
        await poll(async () => (await entry.count()) > 0, 2_000, 100);
        if ((await entry.count()) === 0) {
          await this.page.keyboard.press('Escape');
          return false;
        }
        await entry.click({ timeout: 2_000 });
        return true;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
      async () => `rows: ${describeRows(await this.treeRows(view))}; menu: ${JSON.stringify(await menu.locator('.action-label').allInnerTexts().catch(() => []))}`,
    );
    // A click while the menu is still settling can go unanswered; the item is then focused, and Enter picks it.
    if (!(await this.pollFor(async () => !(await menu.isVisible()), { timeoutMs: 3_000 }))) {
      await entry.hover({ timeout: 2_000 }).catch(() => undefined);
      await this.page.keyboard.press('Enter');
    }
    await this.waitFor(`the context menu to close after "${item}"`, async () => !(await menu.isVisible()), { timeoutMs: 10_000 });
  }

  /** Waits for a modal dialog whose text contains `messageMatch` and clicks its button `label`. */
  async clickDialogButton(label: string, messageMatch: string | RegExp): Promise<string> {
    const dialog = this.page.locator('.monaco-dialog-box', { hasText: messageMatch });
    const text = await this.waitFor(`a dialog matching ${String(messageMatch)}`, async () => (await dialog.count()) > 0 && (await dialog.first().innerText()), { timeoutMs: 15_000 }, async () =>
      JSON.stringify(await this.page.locator('.monaco-dialog-box').allInnerTexts()),
    );
    await dialog.first().getByRole('button', { name: label, exact: true }).click();
    await this.waitFor('the dialog to close', async () => (await dialog.count()) === 0, { timeoutMs: 10_000 });
    return text.replace(/\s+/g, ' ').trim();
  }

  /** The texts of the status bar's items, as shown (icons left out). */
  async statusBarTexts(): Promise<string[]> {
    return (await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t !== '');
  }

  /** Expands a collapsed row of a tree view (clicks its twistie). */
  async expandTreeRow(view: string, label: string): Promise<void> {
    const row = this.page.locator(`.part.sidebar [role="tree"][aria-label="${view}"] .monaco-list-row`, { has: this.page.locator('.label-name', { hasText: exactText(label) }) }).first();
    // A row the view has just refreshed may get its twistie a moment later.
    const state = await this.pollFor(async () => (await row.count()) > 0 && ((await row.getAttribute('aria-expanded')) ?? undefined), { timeoutMs: 5_000 });
    if (state !== 'false') return;
    await row.locator('.monaco-tl-twistie').click();
    await this.waitFor(`the row "${label}" of the ${view} view to expand`, async () => (await row.getAttribute('aria-expanded')) === 'true', { timeoutMs: 10_000 });
  }

  /** Hides the panel (Problems, Output...) if it is open. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if ((await panel.count()) === 0 || !(await panel.first().isVisible())) return;
    await this.runCommand('View: Hide Panel');
    await this.waitFor('the panel to hide', async () => !(await panel.first().isVisible()), { timeoutMs: 10_000 });
  }

  /** Picks a color theme with Preferences: Color Theme and waits for the workbench to wear it. */
  async setColorTheme(name: string): Promise<void> {
    const kind = /dark/i.test(name) ? 'vs-dark' : /high contrast/i.test(name) ? 'hc-black' : 'vs';
    const title = 'Preferences: Color Theme';
    await this.openQuickInput('F1', `the command palette for "${title}"`);
    await this.page.keyboard.insertText(title);
    const command = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(title) }) }).first();
    await this.waitFor(`the command "${title}" in the palette`, async () => (await command.count()) > 0, { timeoutMs: 15_000 }, () => this.quickInputRows());
    await command.click();
    // A row reads "Light Modern" with the setting's name "Default Light Modern" beside it.
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await this.waitFor(`the theme "${name}" in the theme picker`, async () => {
      // The picker opens with the current theme selected; type to narrow it.
      const input = this.page.locator('.quick-input-widget .quick-input-box input').first();
      if ((await input.inputValue()) !== name) await input.fill(name);
      return row.isVisible();
    }, { timeoutMs: 15_000 }, () => this.quickInputRows());
    await row.click();
    await this.waitForQuickInputClosed('the theme picker to close');
    await this.waitFor(`the workbench to wear "${name}" (class ${kind})`, async () => ((await this.page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes(kind), { timeoutMs: 15_000 });
  }

  // ---- code lenses ---------------------------------------------------------

  /** Every code lens of the active editor in view, each with the text of the line it sits on. */
  async codeLenses(): Promise<CodeLens[]> {
    return this.activeEditor().evaluate(probes.codeLenses);
  }

  async codeLensTexts(): Promise<string[]> {
    return (await this.codeLenses()).map((l) => l.text);
  }

  /** Waits for a lens starting with `prefix` (on a line containing `onLine`, if given). */
  async waitForCodeLens(prefix: string, onLine?: string, opts: WaitOptions = {}): Promise<CodeLens> {
    const what = `a code lens starting "${prefix}"${onLine ? ` on the line with "${onLine}"` : ''}`;
    return this.waitFor(what, async () => findLens(await this.codeLenses(), prefix, onLine), opts, () => this.describeLenses());
  }

  /** Clicks the lens starting with `prefix` (on a line containing `onLine`, if given). */
  async clickCodeLens(prefix: string, onLine?: string, opts: WaitOptions = {}): Promise<CodeLens> {
    const what = `a clickable code lens starting "${prefix}"${onLine ? ` on the line with "${onLine}"` : ''}`;
    // Lenses re-render as runs progress, so find and click in one retried step.
    return this.waitFor(
      what,
      async () => {
        const lens = findLens(await this.codeLenses(), prefix, onLine);
        if (!lens || !lens.clickable) return undefined;
        await this.activeEditor().locator('.codelens-decoration a').nth(lens.anchorIndex).click({ timeout: 2_000 });
        return lens;
      },
      opts,
      () => this.describeLenses(),
    );
  }

  async describeLenses(): Promise<string> {
    const lenses = await this.codeLenses();
    return lenses.length ? lenses.map((l) => `"${l.text}" (line: ${l.lineText.trim()})`).join('; ') : 'no code lenses';
  }

  // ---- problems and notifications -----------------------------------------

  /** The Problems panel's entries (message, source, position), opening the panel. */
  async problems(): Promise<string[]> {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.runCommand('Problems: Focus on Problems View');
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r: any) => String(r.getAttribute('aria-label') || r.innerText || '').replace(/\s+/g, ' ').trim()));
  }

  /** Squiggles in the active editor's view: error and warning decorations. */
  async squiggleCount(): Promise<number> {
    return this.activeEditor().locator('.squiggly-error, .squiggly-warning').count();
  }

  /** The notification toasts on screen now. */
  async notifications(): Promise<Notification[]> {
    return this.page.evaluate(probes.visibleNotifications);
  }

  /** Every notification shown since the page loaded, including toasts that have hidden again. */
  async notificationsSeen(): Promise<Notification[]> {
    return this.page.evaluate(probes.seenNotifications);
  }

  /** Waits for a notification whose message matches, shown at any time since the page loaded. */
  async waitForNotification(match: string | RegExp, opts: WaitOptions = {}): Promise<Notification> {
    const test = (n: Notification) => (typeof match === 'string' ? n.message.includes(match) : match.test(n.message));
    return this.waitFor(`a notification matching ${String(match)}`, async () => (await this.notificationsSeen()).find(test), opts, async () =>
      JSON.stringify((await this.notificationsSeen()).map((n) => `${n.severity}: ${n.message}`)),
    );
  }

  /** Clicks a button on a notification (a toast, or in the Notification Center if the toast has hidden). */
  async clickNotificationButton(label: string, messageMatch?: string | RegExp): Promise<void> {
    const item = (scope: string) => {
      let items = this.page.locator(`${scope} .notification-list-item`);
      if (messageMatch !== undefined) items = items.filter({ has: this.page.locator('.notification-list-item-message', { hasText: messageMatch }) });
      return items.getByRole('button', { name: label, exact: true }).first();
    };
    if ((await item('.notifications-toasts').count()) === 0) await this.runCommand('Notifications: Show Notifications');
    await this.waitFor(
      `a notification button "${label}"`,
      async () => {
        for (const scope of ['.notifications-toasts', '.notifications-center']) {
          const button = item(scope);
          if ((await button.count()) > 0) {
            await button.click({ timeout: 2_000 });
            return true;
          }
        }
        return false;
      },
      {},
      async () => JSON.stringify(await this.notifications()),
    );
  }

  // ---- output --------------------------------------------------------------

  /** The text of an output channel, read from the log file VS Code keeps for it. */
  async outputChannelText(channel: string): Promise<string> {
    const files = findFiles(path.join(this.server.userDataDir, 'logs'), (f) => new RegExp(`^\\d+-${escapeRegExp(channel)}\\.log$`).test(path.basename(f)));
    return files.map((f) => fs.readFileSync(f, 'utf8')).join('');
  }

  // ---- internals -----------------------------------------------------------

  private activeEditor() {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  private async openQuickInput(key: string, what: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.waitForQuickInputClosed('an open quick input to close');
    }
    await this.page.keyboard.press(key);
    await this.waitFor(what, async () => widget.isVisible(), { timeoutMs: 15_000 });
  }

  private async waitForQuickInputClosed(what: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await this.waitFor(what, async () => !(await widget.isVisible()), { timeoutMs: 15_000 });
  }

  private async quickInputRows(): Promise<string> {
    const rows = await this.page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    return JSON.stringify(rows.slice(0, 8).map((r) => r.replace(/\s+/g, ' ')));
  }
}

/** Polls quietly: the value once `probe` gives one, else undefined and the last error seen. */
async function poll<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs: number, intervalMs = 250): Promise<{ value?: T; lastError: string }> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return { value, lastError };
    } catch (err) {
      lastError = (err as Error).message.split('\n')[0];
    }
    if (Date.now() > deadline) return { lastError };
    await delay(intervalMs);
  }
}

function describeRows(rows: TreeRow[]): string {
  if (rows.length === 0) return 'no rows';
  return rows.map((r) => `${'  '.repeat(r.level - 1)}${r.expanded === false ? '▸ ' : r.expanded ? '▾ ' : ''}"${r.label}" ${r.description ? `(${r.description}) ` : ''}[${r.icons.join(' ')}]`).join('; ');
}

function findLens(lenses: CodeLens[], prefix: string, onLine?: string): CodeLens | undefined {
  return lenses.find((l) => l.text.startsWith(prefix) && (onLine === undefined || l.lineText.includes(onLine)));
}

function copyLogs(name: string, home: string): void {
  try {
    const dest = path.join(OUTPUT_DIR, `${name}-logs`);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    const log = path.join(home, 'code-server.log');
    if (fs.existsSync(log)) fs.copyFileSync(log, path.join(dest, 'code-server.log'));
    const logs = path.join(home, 'user-data', 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dest, 'vscode'), { recursive: true });
  } catch {
    // Logs are a convenience; a failure to copy them must not hide the test's own error.
  }
}

function findFiles(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => keep(f) && fs.statSync(f).isFile());
}

function exactText(text: string): RegExp {
  return new RegExp(`^${escapeRegExp(text)}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
