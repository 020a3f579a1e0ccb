// The `hyperlens.*` settings, read in one place. Settings that name an
// executable are machine-scoped in package.json, so a workspace cannot
// point them at a program of its choosing.
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface EditorSettings {
  /** Absolute runs directory for this workspace folder. */
  runsDirectory: string;
  sampler?: string;
  pruner?: string;
  parallel?: number;
  trials?: number;
  pythonPath?: string;
  nodePath?: string;
  codeLens: boolean;
}

export const DEFAULT_RUNS_DIRECTORY = '.hyperlens/runs';

export function readSettings(folder: vscode.WorkspaceFolder | undefined): EditorSettings {
  const c = vscode.workspace.getConfiguration('hyperlens', folder?.uri);
  const runs = c.get<string>('runsDirectory') || DEFAULT_RUNS_DIRECTORY;
  const base = folder?.uri.fsPath ?? process.cwd();
  return {
    runsDirectory: path.resolve(base, runs),
    sampler: nonEmpty(c.get<string>('defaultSampler')),
    pruner: nonEmpty(c.get<string>('defaultPruner')),
    // Only when someone set it: left at its default, the GPUs decide how many trials run at once.
    parallel: positive(setByUser(c, 'defaultParallel')),
    trials: positive(c.get<number>('defaultTrials')),
    pythonPath: nonEmpty(c.get<string>('pythonPath')),
    nodePath: nonEmpty(c.get<string>('nodePath')),
    codeLens: c.get<boolean>('codeLens.enabled', true),
  };
}

/** A setting's value if set in any scope (user, workspace, folder), not its package.json default. */
function setByUser<T>(c: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const i = c.inspect<T>(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s && s.trim() ? s.trim() : undefined;
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
