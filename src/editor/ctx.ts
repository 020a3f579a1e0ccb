// The one object that owns the extension's state. Everything disposable is
// tracked here the moment it is made, so deactivation (or a failed
// activation) leaves nothing behind.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { spaceOf } from '../annotations';
import { formatNumber } from '../engine/format';
import { registerPanels, type Panels } from '../panel/host/register';
import { packageRoot } from '../tuner/paths';
import { describeCounts } from '../tuner/summary';
import { Acceptor, PREVIEW_SCHEME, PreviewDocuments } from './accept';
import { AnnotatedFiles } from './annotatedFiles';
import { AnnotationCache } from './annotationCache';
import { registerCommands } from './commands';
import { AnnotationDiagnostics } from './diagnostics';
import { AnnotationHover } from './hover';
import { AnnotationQuickFixes } from './quickFixes';
import { TuneLensProvider } from './lenses';
import { COMMANDS } from './lensModel';
import { RunController, type ForkOptions } from './runController';
import { RunIndexes } from './runIndexes';
import { REPORT_SCHEME, RunReports } from './runReports';
import { RunsTree } from './runsView';
import { DOCUMENT_SELECTOR } from './selector';
import { readSettings } from './settings';

export class Ctx implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly output: vscode.LogOutputChannel | vscode.OutputChannel;
  readonly cache: AnnotationCache;
  readonly indexes: RunIndexes;
  readonly runs: RunController;
  readonly acceptor: Acceptor;
  readonly reports: RunReports;
  /** The Run view in the sidebar and the runs opened in the editor area. */
  readonly panels: Panels;
  readonly version: string;
  /** Runs whose file's search space changed while they ran, already told about. */
  private readonly spaceChangeNoticed = new Set<string>();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.version = String(extension.extension.packageJSON.version ?? '?');
    this.output = this.track(vscode.window.createOutputChannel('Hyperlens'));
    this.cache = this.track(new AnnotationCache());
    this.indexes = this.track(new RunIndexes());
    this.runs = this.track(new RunController(this.output));
    const previews = new PreviewDocuments();
    this.track(vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews));
    this.reports = this.track(new RunReports());
    this.track(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this.reports));

    const lenses = this.track(new TuneLensProvider(this.cache, this.indexes, this.runs, (uri) => this.acceptor.accepted(uri)));
    this.acceptor = new Acceptor(this.cache, this.indexes, extension.workspaceState, previews, () => lenses.refresh());
    this.track(vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, lenses));

    this.track(new AnnotationDiagnostics(this.cache));
    this.track(vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new AnnotationQuickFixes(this.cache), AnnotationQuickFixes.metadata));
    this.track(vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new AnnotationHover(this.cache, (uri) => this.indexes.forUri(uri))));

    const annotated = this.track(new AnnotatedFiles());
    const tree = this.track(new RunsTree(this.indexes, this.runs, annotated));
    this.track(annotated.onDidChange(() => tree.refresh()));
    this.track(vscode.window.createTreeView('hyperlens.runs', { treeDataProvider: tree, showCollapseAll: true }));
    this.panels = registerPanels(this);

    const refreshViews = (): void => {
      lenses.refresh();
      tree.refresh();
      this.reports.refresh();
      this.updateContextKeys();
    };
    this.track(vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKeys()));
    setTimeout(() => this.updateContextKeys(), 0); // reads the runs directory: not on the activation path
    this.track(this.indexes.onDidChange(refreshViews));
    this.track(this.runs.onDidChange(() => this.indexes.invalidate()));
    this.track(this.runs.onDidEnd((e) => this.announceEnd(e.runId, e.runDir, e.source, e.state)));
    this.track(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hyperlens.runsDirectory')) this.indexes.reset();
        if (e.affectsConfiguration('hyperlens')) lenses.refresh();
      }),
    );
    this.track(vscode.workspace.onDidChangeTextDocument((e) => this.checkSpaceChange(e.document)));
    registerCommands(this);
  }

  track<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** `hyperlens.activeFileHasRuns` shows the diff button on files with history. */
  private updateContextKeys(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const has = uri?.scheme === 'file' && (this.indexes.forUri(uri)?.runsOf(uri.fsPath).length ?? 0) > 0;
    void vscode.commands.executeCommand('setContext', 'hyperlens.activeFileHasRuns', has);
  }

  /** How to fork the tuner for a file in this folder. */
  forkOptions(uri: vscode.Uri): ForkOptions {
    const s = readSettings(vscode.workspace.getWorkspaceFolder(uri));
    return { tunerScript: path.join(packageRoot(), 'dist', 'tuner.js'), nodePath: s.nodePath, pythonPath: s.pythonPath };
  }

  private async announceEnd(runId: string, runDir: string, source: string, state: string): Promise<void> {
    const entry = this.indexes.forUri(vscode.Uri.file(source))?.find(runDir);
    const counts = entry ? describeCounts(entry.trials) : '';
    const metric = entry?.run.objectives?.[0]?.metric ?? 'value';
    const best = entry?.best?.values ? ` · best ${metric} ${formatNumber(entry.best.values[0])}` : '';
    const words = state === 'finished' ? 'finished' : state === 'interrupted' ? 'stopped' : state;
    const actions = entry?.best ? ['Accept Best', 'Open Run'] : ['Open Run', 'Show Log'];
    const show = state === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    const pick = await show(`Hyperlens: run ${runId} ${words}: ${counts}${best}`, ...actions);
    if (pick === 'Accept Best') await vscode.commands.executeCommand(COMMANDS.acceptBest, vscode.Uri.file(source).toString());
    else if (pick === 'Open Run') await vscode.commands.executeCommand(COMMANDS.openRun, runDir);
    else if (pick === 'Show Log') this.output.show();
  }

  /** Part 8 of the editor issue: tell the person when the file's space no longer matches its live run's. */
  private checkSpaceChange(document: vscode.TextDocument): void {
    const live = this.runs.liveFor(document.fileName);
    if (!live || this.spaceChangeNoticed.has(live.runId)) return;
    const parsed = this.cache.get(document);
    if (!parsed || parsed.errors.length > 0) return;
    const entry = this.indexes.forUri(document.uri)?.find(live.runId);
    const runSpace = entry?.run.space;
    if (!runSpace || JSON.stringify(spaceOf(parsed)) === JSON.stringify(runSpace)) return;
    this.spaceChangeNoticed.add(live.runId);
    void vscode.window
      .showWarningMessage(
        `Hyperlens: the search space of ${path.basename(document.fileName)} changed while run ${live.runId} is running; that run keeps the space it started with.`,
        'Stop It and Start a Warm-Started Run',
      )
      .then((pick) => {
        if (!pick || !entry) return;
        // The new run starts once the old tuner has ended, from its completed trials that fit the new space.
        const sub = this.runs.onDidEnd((e) => {
          if (e.runId !== live.runId) return;
          sub.dispose();
          void vscode.commands.executeCommand(COMMANDS.startRun, document.uri.toString(), { warmStartFrom: [entry.run.dir] });
        });
        this.track(sub);
        this.runs.stop(live.runId);
      });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // Keep disposing the rest.
      }
    }
  }
}
