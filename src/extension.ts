// The extension entry. The editor features (lenses, diagnostics, Runs view,
// panel) arrive with their own issues; for now activation proves the bundle
// loads and shows its failures instead of swallowing them.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  try {
    const output = vscode.window.createOutputChannel('Hyperlens');
    context.subscriptions.push(output);
    context.subscriptions.push(
      vscode.commands.registerCommand('hyperlens.showVersion', () => {
        const version = String(context.extension.packageJSON.version ?? '?');
        void vscode.window.showInformationMessage(`Hyperlens ${version}`);
      }),
    );
    output.appendLine('Hyperlens activated.');
  } catch (err) {
    void vscode.window.showErrorMessage(`Hyperlens failed to start: ${(err as Error).message}`);
    throw err;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
