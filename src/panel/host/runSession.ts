// One webview (the sidebar view or an editor-area panel) showing one run. The
// host is the source of truth: the webview says `ready` and gets a snapshot,
// then batched updates of only the trials that changed, with the run's view
// riding along; every message it sends is validated before anything is done.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageOf, parseConfig, type ParsedConfig } from '../../annotations';
import type { Params } from '../../engine/space';
import type { TrialRecord } from '../../engine/trial';
import { bestTrial } from '../../engine/study';
import type { Ctx } from '../../editor/ctx';
import type { RunEntry } from '../../editor/runIndex';
import { JournalReader } from '../../store/journalReader';
import { JOURNAL_FILE } from '../../store/runDir';
import { effectiveRunState } from '../../tuner/liveness';
import { readRun } from '../../tuner/runFiles';
import { countsOf, describeSettings } from '../../tuner/summary';
import { newNonce, panelHtml } from '../html';
import { parseWebviewMessage, runViewOf, trialViewOf, UpdateBatcher, type HostMessage, type RunProgress, type RunView, type TrialView } from '../protocol';
import { runPanelAction } from './actions';
import { ImportanceCache } from './importanceCache';
import { TrialChanges } from './trialChanges';
import { trialDetail } from './trialDetail';

/** How often a live run's view is refreshed while shown. */
const LIVE_TICK_MS = 1000;

/** Scripts on, and files from the bundle and media/ only. */
export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

export class RunSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly batcher: UpdateBatcher;
  private readonly changes = new TrialChanges();
  private readonly importance = new ImportanceCache();
  private dir: string | undefined;
  /** A run outside every runs directory the indexes watch (opened by path): read here. */
  private outside: { dir: string; reader: JournalReader } | undefined;
  private selected: number | undefined;
  /** What the webview has: the index's trial list last diffed, the run view and the detail last sent. */
  private lastTrials: readonly TrialRecord[] | undefined;
  private lastRun = '';
  private lastDetail = '';
  private visible = true;
  private tick: NodeJS.Timeout | undefined;
  private fileCache: { source: string; mtimeMs: number; values: Params | undefined } | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly webview: vscode.Webview,
    mode: 'sidebar' | 'editor',
    title: string,
  ) {
    const extensionUri = ctx.extension.extensionUri;
    webview.options = panelWebviewOptions(extensionUri);
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css')).toString(),
      mode,
      title,
    });
    this.batcher = new UpdateBatcher((m) => this.post(m), () => this.snapshot());
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => this.receive(raw)),
      ctx.indexes.onDidChange(() => this.refresh()),
      ctx.runs.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.dir && e.document.uri.scheme === 'file' && e.document.fileName === this.entry()?.run.source) this.refresh();
      }),
    );
    this.startTick();
  }

  /** The run directory shown, if any. */
  get runDir(): string | undefined {
    return this.dir;
  }

  /** Shows another run (or none): the webview gets a fresh snapshot. */
  show(runDir: string | undefined): void {
    const dir = runDir === undefined ? undefined : path.resolve(runDir);
    if (dir === this.dir) return;
    this.dir = dir;
    this.outside = undefined;
    this.selected = undefined;
    this.batcher.resync();
  }

  /** Hidden: nothing is sent (the webview may be gone); shown again: a snapshot. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.batcher.setVisible(visible);
    if (visible) {
      this.startTick();
    } else {
      this.stopTick();
    }
  }

  /** Built when the batcher sends it: the webview (re)loaded, asked again, came back, or shows another run. */
  private snapshot(): { run: RunView | null; trials: TrialView[] } {
    this.lastDetail = '';
    const entry = this.entry();
    this.lastTrials = entry?.trials;
    this.changes.reset(entry?.trials ?? []);
    const run = entry ? this.runView(entry) : null;
    this.lastRun = JSON.stringify(run);
    return { run, trials: entry ? entry.trials.map(trialViewOf) : [] };
  }

  /** The index (or the journal) changed: send the trials that moved, and the run if its view did. */
  private refresh(): void {
    if (!this.visible || !this.dir) return;
    const entry = this.entry();
    if (!entry) return;
    // The index keeps one trial list per read of the journal: the same list has nothing new.
    if (entry.trials !== this.lastTrials) {
      this.lastTrials = entry.trials;
      this.batcher.upsertTrials(this.changes.changed(entry.trials).map(trialViewOf));
    }
    this.sendRun(entry);
    if (this.selected !== undefined) this.sendDetail(entry, this.selected);
  }

  /** A live run's clock and log tail move on between journal writes (and a run outside the indexes is only read here). */
  private onTick(): void {
    const entry = this.entry();
    if (entry && this.stateOf(entry) === 'running') this.refresh();
  }

  private sendRun(entry: RunEntry): void {
    const view = this.runView(entry);
    const text = JSON.stringify(view);
    if (text === this.lastRun) return;
    this.lastRun = text;
    this.batcher.setRun(view);
  }

  private startTick(): void {
    if (this.tick) return;
    this.tick = setInterval(() => this.onTick(), LIVE_TICK_MS);
  }

  private stopTick(): void {
    if (this.tick) clearInterval(this.tick);
    this.tick = undefined;
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) return this.refuse(parsed.error);
    const m = parsed.message;
    if (m.type === 'ready' || m.type === 'requestSnapshot') {
      // A (re)loaded page has no trial selected; one that found a gap keeps its own.
      if (m.type === 'ready') this.selected = undefined;
      this.batcher.handle(m);
      return;
    }
    const entry = this.entry();
    if (!entry || m.runId !== entry.run.id) return this.refuse(`${m.type}.runId: ${m.runId} is not the run this panel shows (${entry?.run.id ?? 'none'})`);
    if (m.type === 'selectTrial') {
      this.selected = m.trial;
      this.lastDetail = '';
      this.sendDetail(entry, m.trial);
      return;
    }
    runPanelAction(this.ctx, m, entry).catch((err: unknown) => {
      this.ctx.output.appendLine(`[panel] ${m.type} of run ${entry.run.id}: ${(err as Error).stack ?? String(err)}`);
      void vscode.window.showErrorMessage(`Hyperlens: ${(err as Error).message}`);
      this.post({ type: 'error', message: (err as Error).message });
    });
  }

  /** An invalid message is logged and answered, never acted on. */
  private refuse(error: string): void {
    this.ctx.output.appendLine(`[panel] refused a message from the webview: ${error}`);
    this.post({ type: 'error', message: `Hyperlens refused a message from the panel: ${error}` });
  }

  /** The selected trial's detail, sent only when it differs from the last one (a running trial's log grows). */
  private sendDetail(entry: RunEntry, number: number): void {
    const trial = entry.trials.find((t) => t.number === number);
    if (!trial) return;
    const detail = trialDetail(entry.run, trial, this.fileValues(entry.run.source));
    const text = JSON.stringify(detail);
    if (text === this.lastDetail) return;
    this.lastDetail = text;
    this.post(detail);
  }

  private post(message: HostMessage): void {
    void this.webview.postMessage(message);
  }

  private stateOf(entry: RunEntry): string {
    return this.ctx.runs.isLive(entry.run.id) ? 'running' : entry.state;
  }

  private runView(entry: RunEntry): RunView {
    const { run } = entry;
    return runViewOf(run, entry.trials, {
      best: entry.best,
      state: this.stateOf(entry),
      settings: run.settings ? describeSettings(run.settings) : '',
      progress: this.progressOf(entry),
      importance: this.importance.get(run, entry.trials),
      fileValues: this.fileValues(run.source),
    });
  }

  /** The tuner's clock where this window drives the run, moved on to now; the budget is run.json's (raised by Add Trials). */
  private progressOf(entry: RunEntry): RunProgress | undefined {
    const p = this.ctx.runs.tunerProgress(entry.run.id);
    if (!p) return undefined;
    const since = (Date.now() - p.receivedAt) / 1000;
    const progress: RunProgress = { done: p.done, budget: entry.run.settings?.trials ?? p.budget, running: p.running, elapsedSeconds: p.elapsedSeconds + since };
    if (p.etaSeconds !== undefined) progress.etaSeconds = Math.max(0, p.etaSeconds - since);
    return progress;
  }

  /** The annotated file's current values by full name: the open document's (unsaved edits count), else the file on disk. */
  private fileValues(source: string): Params | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.fileName === source);
    if (open) return valuesOf(this.ctx.cache.get(open));
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(source).mtimeMs;
    } catch {
      return undefined;
    }
    if (this.fileCache?.source !== source || this.fileCache.mtimeMs !== mtimeMs) {
      let parsed: ParsedConfig | undefined;
      try {
        parsed = parseConfig(fs.readFileSync(source, 'utf8'), source, languageOf(source));
      } catch {
        parsed = undefined;
      }
      this.fileCache = { source, mtimeMs, values: valuesOf(parsed) };
    }
    return this.fileCache.values;
  }

  /** The run's entry from the index that watches its runs directory, else read here. */
  private entry(): RunEntry | undefined {
    const dir = this.dir;
    if (!dir) return undefined;
    for (const index of this.ctx.indexes.all()) {
      const found = index.find(dir);
      if (found) return found;
    }
    if (this.outside?.dir !== dir) this.outside = { dir, reader: new JournalReader(path.join(dir, JOURNAL_FILE)) };
    return entryOf(dir, this.outside.reader);
  }

  dispose(): void {
    this.stopTick();
    this.batcher.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function valuesOf(parsed: ParsedConfig | undefined): Params | undefined {
  return parsed ? Object.fromEntries(parsed.values.map((v) => [v.name, v.current])) : undefined;
}

/** A run read straight from its directory, as the index would read it; undefined when it is gone. */
function entryOf(dir: string, reader: JournalReader): RunEntry | undefined {
  try {
    const run = readRun(dir);
    const trials = reader.snapshot(run.id).trials;
    return { run, state: effectiveRunState(run), trials, counts: countsOf(trials), best: bestTrial(trials, run.directions ?? ['minimize']) };
  } catch {
    return undefined;
  }
}
