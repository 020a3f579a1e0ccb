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
    ctx.output.appendLine(`Hyperlens ${ctx.version} activated in ${Date.now() - started} ms.`);
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
