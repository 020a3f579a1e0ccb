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
import type { CodeLens, Notification } from './pageProbes';

export type { CodeLens, Notification } from './pageProbes';

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

    const server = await startCodeServer({ home, vsix, settings: QUIET_SETTINGS, disableWorkspaceTrust: opts.trust === 'trust-disabled' });
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

  async screenshot(name: string): Promise<string> {
    const file = path.join(OUTPUT_DIR, `${this.name}-${String(++this.shots).padStart(2, '0')}-${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
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
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(base) }) }).first();
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
