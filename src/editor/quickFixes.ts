// Quick fixes (Ctrl+.) for the problems AnnotationDiagnostics reports: each
// Hyperlens diagnostic in the request is matched back to the problem it came
// from, and quickFixModel says what to edit.
import * as vscode from 'vscode';
import type { AnnotationCache } from './annotationCache';
import { DIAGNOSTIC_SOURCE, allProblems } from './diagnostics';
import { quickFixes } from './quickFixModel';

export class AnnotationQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly cache: AnnotationCache) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const parsed = this.cache.get(document);
    if (!parsed) return [];
    const problems = allProblems(parsed);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      // A diagnostic from before the last edit may no longer match any problem: no fix then.
      const problem = problems.find((p) => p.message === diagnostic.message && p.line - 1 === diagnostic.range.start.line);
      if (!problem) continue;
      for (const fix of quickFixes(parsed, problem)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred ?? false;
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.span.start), document.positionAt(e.span.end)), e.text);
        action.edit = edit;
        actions.push(action);
      }
    }
    return actions;
  }
}
