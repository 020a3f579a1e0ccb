// Annotation problems in the Problems panel and as squiggles: what the parser
// rejects is an error at the exact text; what only stops a run (no command,
// no objective) is a warning. Only files with `@tune` get any.
import * as vscode from 'vscode';
import { type AnnotationError, type ParsedConfig, runProblems } from '../annotations';
import type { AnnotationCache } from './annotationCache';

export const DIAGNOSTIC_SOURCE = 'hyperlens';
const DEBOUNCE_MS = 150;

export class AnnotationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  private readonly initial: NodeJS.Timeout;

  constructor(private readonly cache: AnnotationCache) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    ];
    // After activation returns: the documents already open are checked a moment later.
    this.initial = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) this.update(document);
    }, 0);
  }

  dispose(): void {
    clearTimeout(this.initial);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (!document.isClosed) this.update(document);
    }, DEBOUNCE_MS));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.delete(key);
    this.collection.delete(uri);
  }

  private update(document: vscode.TextDocument): void {
    const parsed = this.cache.get(document);
    if (!parsed) {
      this.collection.delete(document.uri);
      return;
    }
    this.collection.set(document.uri, annotationDiagnostics(document, parsed));
  }
}

/** Every problem of the file as a diagnostic; the quick-fix provider matches them back by message and line. */
export function annotationDiagnostics(document: vscode.TextDocument, parsed: ParsedConfig): vscode.Diagnostic[] {
  const errors = parsed.errors.map((e) => diagnostic(e, rangeOf(document, e), vscode.DiagnosticSeverity.Error));
  const warnings = runProblems(parsed).map((e) => {
    const range = e.span ? rangeOf(document, e) : document.lineAt(0).range;
    return diagnostic(e, range, vscode.DiagnosticSeverity.Warning);
  });
  return [...errors, ...warnings];
}

/** Every problem the file has, parser errors first, in the order the diagnostics list them. */
export function allProblems(parsed: ParsedConfig): AnnotationError[] {
  return [...parsed.errors, ...runProblems(parsed)];
}

function diagnostic(e: AnnotationError, range: vscode.Range, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, e.message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  if (e.field) d.code = e.field;
  return d;
}

/** The error's span; without one (or an empty one), from its line and column to the end of the word there. */
function rangeOf(document: vscode.TextDocument, e: AnnotationError): vscode.Range {
  if (e.span && e.span.end > e.span.start) return new vscode.Range(document.positionAt(e.span.start), document.positionAt(e.span.end));
  const start = e.span ? document.positionAt(e.span.start) : new vscode.Position(Math.max(0, e.line - 1), Math.max(0, e.column - 1));
  const line = document.lineAt(Math.min(start.line, document.lineCount - 1)).text;
  const word = /^\S+/.exec(line.slice(start.character));
  return new vscode.Range(start, start.translate(0, word ? word[0].length : 0));
}
