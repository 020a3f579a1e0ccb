// The extension entry: build the one Ctx that owns everything, and show an
// activation failure to the person instead of swallowing it.
import * as vscode from 'vscode';
import { Ctx } from './editor/ctx';

let ctx: Ctx | undefined;


export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  try {
    ctx = new Ctx(context);
    context.subscriptions.push(ctx);
    // Set by esbuild's banner and footer around the bundle's loading (absent when run unbundled); read here, after the footer ran.
    const loaded = (globalThis as { __hyperlensLoaded?: { start: number; end: number } }).__hyperlensLoaded;
    const load = loaded ? ` (the bundle loaded in ${loaded.end - loaded.start} ms)` : '';
    ctx.output.appendLine(`Hyperlens ${ctx.version} activated in ${Date.now() - started} ms${load}.`);
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
