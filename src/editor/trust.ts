// Workspace Trust: in Restricted Mode Hyperlens reads (lenses, diagnostics,
// history) but never runs anything from the workspace. Checked when a
// command runs, not only by hiding it: a keybinding or a lens must not get round it.
import * as vscode from 'vscode';

export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showErrorMessage(
      `Hyperlens: this workspace is not trusted, so Hyperlens will not ${action}: a run executes the file's @tune.command. Trust the workspace to tune here.`,
      'Manage Workspace Trust',
    )
    .then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
