// Parsed annotations of open documents, by URI and version: lenses,
// diagnostics and hovers all ask here, so a document is parsed once per edit
// and unsaved text is what they see.
import * as vscode from 'vscode';
import { languageOf, parseConfig, type ParsedConfig } from '../annotations';

const TUNE_MARK = '@tune';

export class AnnotationCache implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; parsed: ParsedConfig | undefined }>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString()));
  }

  /** The document's annotations, or undefined when it is not a file Hyperlens reads or holds no `@tune`. */
  get(document: vscode.TextDocument): ParsedConfig | undefined {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.parsed;
    const parsed = parseDocument(document);
    this.cache.set(key, { version: document.version, parsed });
    return parsed;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}

/** Whether Hyperlens reads this document at all (by file name; the language id may be anything). */
export function isCandidate(document: vscode.TextDocument): boolean {
  return (document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-remote') && languageOf(document.fileName) !== undefined;
}

function parseDocument(document: vscode.TextDocument): ParsedConfig | undefined {
  if (!isCandidate(document)) return undefined;
  const text = document.getText();
  if (!text.includes(TUNE_MARK)) return undefined;
  try {
    return parseConfig(text, document.fileName, languageOf(document.fileName));
  } catch {
    return undefined; // a file the host-language scanner cannot read at all has no annotations to show
  }
}
