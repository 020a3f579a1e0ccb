// Open Run: a read-only document with the run as `hyperlens show` prints it,
// refreshed while the run goes on.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runReport } from '../cli/runReport';
import { JournalReader } from '../store/journalReader';
import { JOURNAL_FILE } from '../store/runDir';
import { effectiveRunState } from '../tuner/liveness';
import { readRun } from '../tuner/runFiles';

export const REPORT_SCHEME = 'hyperlens-run';

export class RunReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly open = new Set<string>();
  readonly onDidChange = this.changed.event;

  async show(runDir: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${path.basename(runDir)}.txt`, query: runDir });
    this.open.add(uri.toString());
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Re-render every open report (the run index changed). */
  refresh(): void {
    for (const key of this.open) this.changed.fire(vscode.Uri.parse(key));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const runDir = uri.query;
    try {
      const run = readRun(runDir);
      const trials = new JournalReader(path.join(runDir, JOURNAL_FILE)).snapshot(run.id).trials;
      return runReport(run, trials, effectiveRunState(run)) + '\n';
    } catch (err) {
      return `Cannot read the run in ${runDir}: ${(err as Error).message}\n`;
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.open.clear();
  }
}
