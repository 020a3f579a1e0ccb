// Discovery: which files of the workspace hold `@tune` annotations, found
// once in the background with findFiles (which honours files.exclude and
// search.exclude) and kept current by a file watcher (files.watcherExclude).
// The Runs view lists them, so a file can be tuned before it has any run.
import * as path from 'node:path';
import * as vscode from 'vscode';

const GLOB = '**/{*.yaml,*.yml,*.toml,*.json,*.jsonc,*.py,*.env,*.sh,*.ini,*.cfg,*.conf,.env,.env.*}';
/** Folders that never hold a person's configs, on top of the workspace's own excludes. */
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.hyperlens/**,**/.venv/**,**/venv/**,**/__pycache__/**,**/dist/**,**/out/**}';
/** A config file is small; larger files are data, not worth reading to find out. */
const MAX_BYTES = 1_000_000;
const MAX_FILES = 5000;
const MARK = new TextEncoder().encode('@tune');

export class AnnotatedFiles implements vscode.Disposable {
  private readonly files = new Set<string>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    this.watcher.onDidCreate((uri) => void this.check(uri));
    this.watcher.onDidChange((uri) => void this.check(uri));
    this.watcher.onDidDelete((uri) => {
      if (this.files.delete(uri.fsPath)) this.changed.fire();
    });
    void this.scan();
  }

  /** Absolute paths of the annotated files found so far. */
  list(): string[] {
    return [...this.files].sort();
  }

  private async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES);
    for (const uri of uris) await this.check(uri, false);
    this.changed.fire();
  }

  private async check(uri: vscode.Uri, announce = true): Promise<void> {
    if (uri.scheme !== 'file' || uri.fsPath.split(path.sep).includes('.hyperlens')) return;
    let has = false;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size <= MAX_BYTES) has = contains(await vscode.workspace.fs.readFile(uri), MARK);
    } catch {
      has = false; // gone or unreadable
    }
    const had = this.files.has(uri.fsPath);
    if (has) this.files.add(uri.fsPath);
    else this.files.delete(uri.fsPath);
    if (announce && has !== had) this.changed.fire();
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function contains(bytes: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
