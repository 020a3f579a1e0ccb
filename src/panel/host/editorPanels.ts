// The same view as the sidebar's, in the editor area, for any run (a past one
// next to a live one): one panel per run, titled `Run <id>`; opening a run
// again focuses its panel. After a reload the editor restores these panels
// through the serializer, which finds the run again from the title.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../editor/ctx';
import { panelWebviewOptions, RunSession } from './runSession';

export const RUN_PANEL_TYPE = 'hyperlens.run';
const TITLE_PREFIX = 'Run ';

export class EditorPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, { panel: vscode.WebviewPanel; session: RunSession }>();

  constructor(private readonly ctx: Ctx) {}

  /** Opens (or focuses) the panel of the run in this directory. */
  show(runDir: string): void {
    const dir = path.resolve(runDir);
    const existing = this.open.get(dir);
    if (existing) return existing.panel.reveal();
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_TYPE, `${TITLE_PREFIX}${path.basename(dir)}`, vscode.ViewColumn.Active, panelWebviewOptions(this.ctx.extension.extensionUri));
    this.adopt(panel, dir);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    const id = panel.title.startsWith(TITLE_PREFIX) ? panel.title.slice(TITLE_PREFIX.length) : '';
    const entry = id ? this.ctx.indexes.all().map((i) => i.find(id)).find((e) => e !== undefined) : undefined;
    if (!entry || this.open.has(entry.run.dir)) return panel.dispose(); // the run was deleted (or is open twice)
    this.adopt(panel, entry.run.dir);
  }

  private adopt(panel: vscode.WebviewPanel, dir: string): void {
    panel.iconPath = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'media', 'hyperlens.svg');
    const session = new RunSession(this.ctx, panel.webview, 'editor', panel.title);
    session.show(dir);
    session.setVisible(panel.visible);
    this.open.set(dir, { panel, session });
    const viewState = panel.onDidChangeViewState((e) => session.setVisible(e.webviewPanel.visible));
    panel.onDidDispose(() => {
      viewState.dispose();
      session.dispose();
      this.open.delete(dir);
    });
  }

  dispose(): void {
    for (const { panel } of [...this.open.values()]) panel.dispose();
    this.open.clear();
  }
}
