// Code lenses: positions and titles from the cached parse and the in-memory
// run index (lensModel.ts decides the words); nothing here reads the disk.
import * as vscode from 'vscode';
import { AnnotationCache } from './annotationCache';
import { fileLenses, valueLenses, type AcceptedValue } from './lensModel';
import type { RunController } from './runController';
import type { RunIndexes } from './runIndexes';
import { readSettings } from './settings';

export class TuneLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly cache: AnnotationCache,
    private readonly indexes: RunIndexes,
    private readonly runs: RunController,
    private readonly accepted: (uri: vscode.Uri) => Record<string, AcceptedValue>,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!readSettings(folder).codeLens) return [];
    const parsed = this.cache.get(document);
    if (!parsed || parsed.values.length === 0) return [];
    const index = this.indexes.forUri(document.uri);
    const file = document.uri.fsPath;
    const runs = index?.runsOf(file) ?? [];
    const best = index?.bestOf(file, parsed.directives.objectives[0]);
    const uri = document.uri.toString();
    const specs = [...fileLenses(uri, parsed, runs, best, this.runs.liveFor(file)), ...valueLenses(uri, parsed, best, this.accepted(document.uri))];
    return specs.map((s) => {
      const line = Math.min(s.line, document.lineCount - 1);
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: s.title, tooltip: s.tooltip, command: s.command, arguments: s.args });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
