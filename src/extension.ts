// The extension entry: build the one Ctx that owns everything, and show an
// activation failure to the person instead of swallowing it.
import * as vscode from 'vscode';
import { Ctx } from './editor/ctx';

let ctx: Ctx | undefined;

/** Set by esbuild's banner as the bundle starts loading (absent when run unbundled). */
declare const __hyperlensLoadStart: number | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  try {
    ctx = new Ctx(context);
    context.subscriptions.push(ctx);
    const now = Date.now();
    const loaded = typeof __hyperlensLoadStart === 'number' ? `, ${now - __hyperlensLoadStart} ms with loading` : '';
    ctx.output.appendLine(`Hyperlens ${ctx.version} activated in ${now - started} ms${loaded}.`);
  } catch (err) {
    ctx?.dispose();
    ctx = undefined;
    void vscode.window.showErrorMessage(`Hyperlens failed to start: ${(err as Error).message}`);
    throw err;
  }
}

export function deactivate(): void {
  ctx = undefined; // disposed through context.subscriptions
}
