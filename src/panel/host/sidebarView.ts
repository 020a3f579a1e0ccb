// The Run view in the Hyperlens activity-bar container. It follows the active
// editor: the file's live run, else its latest run; a file without runs
// leaves the view as it was (else the latest run in the workspace). Open
// Panel with a run pins that run until the active editor changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../editor/ctx';
import { RUN_FILE } from '../../store/runDir';
import { RunSession } from './runSession';

export const PANEL_VIEW_ID = 'hyperlens.panel';

export class SidebarView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: { view: vscode.WebviewView; session: RunSession; subscriptions: vscode.Disposable[] } | undefined;
  private pinned: string | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.pinned = undefined;
        this.follow();
      }),
      // A new run of the active file, or the first run in the workspace.
      ctx.indexes.onDidChange(() => this.follow()),
      ctx.runs.onDidChange(() => this.follow()),
    ];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const session = new RunSession(this.ctx, view.webview, 'sidebar', 'Hyperlens run');
    const subscriptions = [
      view.onDidChangeVisibility(() => session.setVisible(view.visible)),
      view.onDidDispose(() => {
        session.dispose();
        for (const d of subscriptions) d.dispose();
        if (this.view?.session === session) this.view = undefined;
      }),
    ];
    this.view = { view, session, subscriptions };
    session.setVisible(view.visible);
    this.follow();
  }

  /** Shows the view; with a run directory, shows that run until the active editor changes. */
  async reveal(runDir?: string): Promise<void> {
    if (runDir) this.pinned = path.resolve(runDir);
    await vscode.commands.executeCommand(`${PANEL_VIEW_ID}.focus`);
    this.follow();
  }

  private follow(): void {
    if (!this.view) return;
    const { view, session } = this.view;
    const dir = this.target(session.runDir);
    session.show(dir);
    view.description = dir ? path.basename(dir) : undefined;
  }

  private target(current: string | undefined): string | undefined {
    if (this.pinned) return this.pinned;
    const document = vscode.window.activeTextEditor?.document;
    if (document?.uri.scheme === 'file') {
      const index = this.ctx.indexes.forUri(document.uri);
      const live = this.ctx.runs.liveFor(document.fileName);
      const dir = (live && index?.find(live.runId)?.run.dir) ?? index?.runsOf(document.fileName)[0]?.run.dir;
      if (dir) return dir;
    }
    if (current && fs.existsSync(path.join(current, RUN_FILE))) return current;
    const all = this.ctx.indexes.all().flatMap((i) => i.all());
    all.sort((a, b) => b.run.createdAt.localeCompare(a.run.createdAt));
    return all[0]?.run.dir;
  }

  dispose(): void {
    if (this.view) {
      this.view.session.dispose();
      for (const d of this.view.subscriptions) d.dispose();
    }
    this.view = undefined;
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
