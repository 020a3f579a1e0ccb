// Messages between the extension host and the side panel's webview, with the
// views of a run and its trials they carry. The host is the source of truth:
// the webview says `ready`, gets a snapshot, then numbered updates (at most
// 10 a second); a gap in the numbers, a reload or a hidden panel coming back
// gets a fresh snapshot, so the webview keeps nothing the host cannot resend.
//
// Both bundles import this file (the host for node, the webview for the
// browser, type-checked by webview/tsconfig.json without Node's types), so it
// imports no `vscode`, no DOM, no Node API, and from the engine only modules
// free of all three (not study.ts: its Rng default seed reads `process`).
export * from './views';
export * from './messages';
export * from './batcher';
