// One RunIndex per workspace folder (each folder has its own runs directory),
// kept fresh by a file watcher on that directory: runs started from the CLI
// or another window appear and update live.
import * as vscode from 'vscode';
import { RunIndex } from './runIndex';
import { readSettings } from './settings';

interface Watched {
  index: RunIndex;
  watcher: vscode.FileSystemWatcher;
  fingerprint: string;
}

/** How often the runs directories are checked for writes the watcher did not report. */
const POLL_MS = 2000;

export class RunIndexes implements vscode.Disposable {
  private readonly byDir = new Map<string, Watched>();
  private readonly changed = new vscode.EventEmitter<void>();
  private pending: NodeJS.Timeout | undefined;
  private readonly poll: NodeJS.Timeout;
  readonly onDidChange = this.changed.event;

  constructor() {
    // The watcher gives changes at once; the poll catches what it cannot see
    // (a runs directory created after the window opened, network filesystems).
    this.poll = setInterval(() => this.checkFingerprints(), POLL_MS);
    this.poll.unref?.();
  }

  private checkFingerprints(): void {
    for (const w of this.byDir.values()) {
      const now = w.index.fingerprint();
      if (now !== w.fingerprint) {
        w.fingerprint = now;
        this.invalidate(w.index);
      }
    }
  }

  /** The index of the runs directory that holds runs of this file (its workspace folder's). */
  forUri(uri: vscode.Uri): RunIndex | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    return this.forFolder(folder);
  }

  forFolder(folder: vscode.WorkspaceFolder): RunIndex {
    const dir = readSettings(folder).runsDirectory;
    let w = this.byDir.get(dir);
    if (!w) {
      const index = new RunIndex(dir);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '**/{run.json,journal.jsonl}'));
      const refresh = (): void => this.invalidate(index);
      watcher.onDidChange(refresh);
      watcher.onDidCreate(refresh);
      watcher.onDidDelete(refresh);
      w = { index, watcher, fingerprint: index.fingerprint() };
      this.byDir.set(dir, w);
    }
    return w.index;
  }

  /** Every folder's index (the Runs view lists them all). */
  all(): RunIndex[] {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.forFolder(f);
    return [...this.byDir.values()].map((w) => w.index);
  }

  /** Re-read on the next query; listeners hear of it once per burst of file events. */
  invalidate(index?: RunIndex): void {
    if (index) index.invalidate();
    else for (const w of this.byDir.values()) w.index.invalidate();
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.changed.fire();
    }, 150);
  }

  /** After a settings change: drop indexes of directories no longer configured. */
  reset(): void {
    for (const w of this.byDir.values()) w.watcher.dispose();
    this.byDir.clear();
    this.invalidate();
  }

  dispose(): void {
    clearInterval(this.poll);
    if (this.pending) clearTimeout(this.pending);
    for (const w of this.byDir.values()) w.watcher.dispose();
    this.byDir.clear();
    this.changed.dispose();
  }
}
