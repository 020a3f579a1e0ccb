// Just enough of the `vscode` module for the panel's host code to run under
// `node --test`: importing this file first makes `require('vscode')` return
// the fake, whose calls (messages shown, commands run, panels made) are kept.
import Module = require('node:module');
import * as path from 'node:path';

export class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  readonly event = (listener: (e: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export interface FakeUri {
  scheme: string;
  fsPath: string;
  path: string;
  toString(): string;
}

const file = (p: string): FakeUri => ({ scheme: 'file', fsPath: p, path: p, toString: () => `file://${p}` });

/** What the code under test asked the editor to do, in order: [what, ...arguments]. */
export const calls: unknown[][] = [];

export interface FakeWebview {
  options: { enableScripts?: boolean; localResourceRoots?: FakeUri[] } | undefined;
  html: string;
  cspSource: string;
  /** What the host posted, as the webview would receive it (through JSON). */
  posted: Array<Record<string, any>>;
  asWebviewUri(u: FakeUri): { toString(): string };
  postMessage(m: unknown): Promise<boolean>;
  onDidReceiveMessage: EventEmitter<unknown>['event'];
  /** The page sends the host a message. */
  send(m: unknown): void;
}

export function fakeWebview(): FakeWebview {
  const received = new EventEmitter<unknown>();
  return {
    options: undefined,
    html: '',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    posted: [],
    asWebviewUri: (u) => ({ toString: () => `https://file+.vscode-resource.vscode-cdn.net${u.fsPath}` }),
    postMessage(m) {
      this.posted.push(JSON.parse(JSON.stringify(m)));
      return Promise.resolve(true);
    },
    onDidReceiveMessage: received.event,
    send: (m) => received.fire(m),
  };
}

function fakePanel(title: string, options: FakeWebview['options']) {
  const viewState = new EventEmitter<unknown>();
  const disposed = new EventEmitter<void>();
  const panel = {
    title,
    webview: Object.assign(fakeWebview(), { options }),
    visible: true,
    iconPath: undefined as FakeUri | undefined,
    reveal: () => void calls.push(['reveal', title]),
    onDidChangeViewState: viewState.event,
    onDidDispose: disposed.event,
    dispose: () => disposed.fire(),
  };
  return panel;
}

/** The editor the person switched to: fire it after setting vscode.window.activeTextEditor. */
export const activeEditorChanged = new EventEmitter<unknown>();

/** A sidebar view (WebviewView) holding a fake webview. */
export function fakeWebviewView() {
  const visibility = new EventEmitter<void>();
  const disposed = new EventEmitter<void>();
  return { webview: fakeWebview(), visible: true, description: undefined as string | undefined, onDidChangeVisibility: visibility.event, onDidDispose: disposed.event, dispose: () => disposed.fire() };
}

/** An editor showing a file, as far as the panel looks at it. */
export function fakeEditor(fsPath: string) {
  return { document: { uri: file(fsPath), fileName: fsPath } };
}

const message = (kind: string) => async (...args: unknown[]) => void calls.push([kind, ...args]);

export const vscode = {
  EventEmitter,
  Uri: { file, joinPath: (u: FakeUri, ...parts: string[]) => file(path.join(u.fsPath, ...parts)) },
  ViewColumn: { Active: -1 },
  workspace: { textDocuments: [] as unknown[], isTrusted: true, onDidChangeTextDocument: new EventEmitter<unknown>().event },
  window: {
    activeTextEditor: undefined as unknown,
    onDidChangeActiveTextEditor: activeEditorChanged.event,
    showInformationMessage: message('info'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    showTextDocument: message('showTextDocument'),
    createWebviewPanel: (viewType: string, title: string, _column: number, options: FakeWebview['options']) => {
      calls.push(['createWebviewPanel', viewType, title]);
      return fakePanel(title, options);
    },
  },
  commands: { executeCommand: message('command') },
};

// `import * as vscode from 'vscode'` in the code under test resolves here.
const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? __filename : resolve.call(this, request, ...rest);
};
module.exports = Object.assign(module.exports, vscode);
