// Accepting suggestions: one value or all of a trial's, as one WorkspaceEdit
// over the value spans only (one undo step), remembering which run and trial
// each accepted value came from so the line can say so.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderConfig, valueEdits, type ParsedConfig } from '../annotations';
import { formatValue } from '../engine/format';
import type { Params } from '../engine/space';
import type { TrialRecord } from '../engine/trial';
import type { AnnotationCache } from './annotationCache';
import type { AcceptedValue } from './lensModel';
import type { RunIndexes } from './runIndexes';

export const PREVIEW_SCHEME = 'hyperlens-preview';
const ACCEPTED_KEY = 'hyperlens.accepted';

/** Read-only documents holding "the file with the best values written in", for the diff view. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();

  put(source: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: source.path, query: String(Date.now()) });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

export interface Suggestion {
  parsed: ParsedConfig;
  document: vscode.TextDocument;
  trial: TrialRecord;
  runId: string;
  /** The trial's values for the parameters this file still has. */
  values: Params;
}

export class Acceptor {
  constructor(
    private readonly cache: AnnotationCache,
    private readonly indexes: RunIndexes,
    private readonly state: vscode.Memento,
    private readonly previews: PreviewDocuments,
    private readonly onAccepted: () => void,
  ) {}

  /** Where each accepted value of this file came from. */
  accepted(uri: vscode.Uri): Record<string, AcceptedValue> {
    return this.state.get<Record<string, Record<string, AcceptedValue>>>(ACCEPTED_KEY, {})[uri.fsPath] ?? {};
  }

  /** The best trial's values for this document (or a given run's trial), or a message saying why there are none. */
  async suggestion(uri: vscode.Uri, from?: { runId: string; trial: number }): Promise<Suggestion | string> {
    const document = await vscode.workspace.openTextDocument(uri);
    const parsed = this.cache.get(document);
    if (!parsed) return `${path.basename(uri.fsPath)} has no @tune annotations.`;
    const index = this.indexes.forUri(uri);
    let trial: TrialRecord | undefined;
    let runId: string | undefined;
    if (from) {
      const entry = index?.find(from.runId);
      trial = entry?.trials.find((t) => t.number === from.trial);
      runId = entry?.run.id;
    } else {
      const best = index?.bestOf(uri.fsPath, parsed.directives.objectives[0]);
      trial = best?.trial;
      runId = best?.entry.run.id;
    }
    if (!trial || !runId) return `No complete trial to accept for ${path.basename(uri.fsPath)} yet.`;
    const values: Params = {};
    for (const v of parsed.values) if (Object.prototype.hasOwnProperty.call(trial.params, v.name)) values[v.name] = trial.params[v.name];
    return { parsed, document, trial, runId, values };
  }

  /** Writes one parameter's suggested value. */
  async acceptValue(uri: vscode.Uri, name: string): Promise<void> {
    const s = await this.suggestion(uri);
    if (typeof s === 'string') return void vscode.window.showWarningMessage(`Hyperlens: ${s}`);
    if (!(name in s.values)) return void vscode.window.showWarningMessage(`Hyperlens: trial ${s.trial.number} has no value for ${name}.`);
    await this.apply(s, { [name]: s.values[name] });
  }

  /** Shows the diff with the trial's values, then writes them all if the person agrees. */
  async acceptAll(uri: vscode.Uri, from?: { runId: string; trial: number }): Promise<void> {
    const s = await this.suggestion(uri, from);
    if (typeof s === 'string') return void vscode.window.showWarningMessage(`Hyperlens: ${s}`);
    const edits = valueEdits(s.parsed, s.values);
    if (edits.length === 0) {
      return void vscode.window.showInformationMessage(`Hyperlens: ${path.basename(uri.fsPath)} already holds the values of trial ${s.trial.number} (run ${s.runId}).`);
    }
    await this.openDiff(s);
    const list = edits.map((e) => `${e.name} = ${formatValue(s.values[e.name])}`).join(', ');
    const pick = await vscode.window.showInformationMessage(`Hyperlens: accept ${edits.length} value(s) of trial ${s.trial.number} (run ${s.runId}): ${list}?`, 'Accept', 'Cancel');
    if (pick === 'Accept') await this.apply(s, s.values);
  }

  /** Opens a diff of the file against the file with the best trial's values (or a given run's trial's) written in. */
  async showDiff(uri: vscode.Uri, from?: { runId: string; trial: number }): Promise<void> {
    const s = await this.suggestion(uri, from);
    if (typeof s === 'string') return void vscode.window.showWarningMessage(`Hyperlens: ${s}`);
    await this.openDiff(s);
  }

  private async openDiff(s: Suggestion): Promise<void> {
    const uri = s.document.uri;
    const preview = this.previews.put(uri, renderConfig(s.parsed, s.values));
    await vscode.commands.executeCommand('vscode.diff', uri, preview, `${path.basename(uri.fsPath)} ↔ trial ${s.trial.number} (run ${s.runId})`, { preview: true });
  }

  private async apply(s: Suggestion, values: Params): Promise<void> {
    let edits;
    try {
      edits = valueEdits(s.parsed, values);
    } catch (err) {
      return void vscode.window.showErrorMessage(`Hyperlens: ${(err as Error).message}`);
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(s.document.uri, new vscode.Range(s.document.positionAt(e.span.start), s.document.positionAt(e.span.end)), e.text);
    if (edits.length > 0 && !(await vscode.workspace.applyEdit(edit))) {
      return void vscode.window.showErrorMessage(`Hyperlens: could not edit ${path.basename(s.document.fileName)} (it changed meanwhile?).`);
    }
    const all = this.state.get<Record<string, Record<string, AcceptedValue>>>(ACCEPTED_KEY, {});
    const mine = { ...(all[s.document.uri.fsPath] ?? {}) };
    for (const name of Object.keys(values)) mine[name] = { runId: s.runId, trial: s.trial.number, value: values[name] };
    await this.state.update(ACCEPTED_KEY, { ...all, [s.document.uri.fsPath]: mine });
    this.onAccepted();
  }
}
