// The Runs view: runs grouped by the file they tuned, newest first, with
// state, trial counts, best value and date; context menus open, resume,
// stop and delete. It re-reads the index on every change event.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatNumber } from '../engine/format';
import { COMMANDS } from './lensModel';
import type { RunController } from './runController';
import { describeCounts, interruptedCount } from '../tuner/summary';
import type { RunEntry } from './runIndex';
import type { AnnotatedFiles } from './annotatedFiles';
import type { RunIndexes } from './runIndexes';

type Node = { kind: 'file'; source: string; runs: RunEntry[] } | { kind: 'run'; entry: RunEntry };

const STATE_ICONS: Record<string, string> = {
  running: 'sync~spin',
  finished: 'pass',
  interrupted: 'debug-pause',
  failed: 'error',
};

export class RunsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly indexes: RunIndexes,
    private readonly runs: RunController,
    private readonly annotated: AnnotatedFiles,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'file') return node.runs.map((entry) => ({ kind: 'run', entry }));
    const byFile = new Map<string, RunEntry[]>();
    for (const index of this.indexes.all()) {
      for (const entry of index.all()) {
        const list = byFile.get(entry.run.source) ?? [];
        list.push(entry);
        byFile.set(entry.run.source, list);
      }
    }
    // Annotated files without a run yet are listed too: they can be tuned from here.
    for (const file of this.annotated.list()) if (!byFile.has(file)) byFile.set(file, []);
    return [...byFile].map(([source, runs]) => ({ kind: 'file', source, runs }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(path.basename(node.source), node.runs.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      // A new id once the file has runs: the editor would otherwise keep the row collapsed as it first showed it.
      item.id = `${node.source}#${node.runs.length > 0 ? 'runs' : 'none'}`;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(node.source));
      item.description = folder ? path.dirname(path.relative(folder.uri.fsPath, node.source)).replace(/^\.$/, '') : path.dirname(node.source);
      item.resourceUri = vscode.Uri.file(node.source);
      item.iconPath = vscode.ThemeIcon.File;
      if (node.runs.length === 0) item.description = `${item.description ? `${item.description} · ` : ''}no runs yet`;
      item.contextValue = 'file';
      item.command = { title: 'Open File', command: 'vscode.open', arguments: [item.resourceUri] };
      return item;
    }
    const { entry } = node;
    const { run, counts, best } = entry;
    // This window's own runs are live even between the tuner's writes.
    const state = this.runs.isLive(run.id) ? 'running' : entry.state;
    // The file is the parent node, so a run reads by when it started; the id is in the tooltip.
    const item = new vscode.TreeItem(startedLabel(run.createdAt), vscode.TreeItemCollapsibleState.None);
    item.id = run.dir;
    const metric = run.objectives?.[0]?.metric ?? 'value';
    const parts = [state, `${counts.complete}/${run.settings?.trials ?? '?'}`];
    const interrupted = interruptedCount(entry.trials);
    if (counts.failed > interrupted) parts.push(`${counts.failed - interrupted} failed`);
    if (best?.values) parts.push(`best ${metric} ${formatNumber(best.values[0])}`);
    item.description = parts.join(' · ');
    item.accessibilityInformation = { label: `run ${run.id}, started ${item.label as string}, ${item.description}` };
    item.tooltip = new vscode.MarkdownString(
      [`**${run.id}** (${state})`, '', `${describeCounts(entry.trials)} of ${run.settings?.trials} trials`, '', `sampler \`${run.settings?.sampler}\`, started ${run.createdAt}`, '', `\`${run.dir}\``].join('\n'),
    );
    item.iconPath = new vscode.ThemeIcon(STATE_ICONS[state] ?? 'circle-outline');
    item.contextValue = `run.${state}`;
    item.command = { title: 'Open Run', command: COMMANDS.openRun, arguments: [run.dir] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `14:05` for a run started today, `Nov 28 14:05` before. */
export function startedLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (d.toDateString() === now.toDateString()) return time;
  const day = d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
  return `${day} ${time}`;
}

/** The run a Runs view item (or a command argument) stands for: a node, a run id or a run directory. */
export function runRefOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && (arg as Node).kind === 'run') return (arg as { entry: RunEntry }).entry.run.dir;
  return undefined;
}
