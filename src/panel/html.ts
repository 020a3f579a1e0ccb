// The panel's page: one root element, the bundle's script and stylesheet, and
// a Content-Security-Policy that lets nothing else in (no inline script or
// style, no eval). Pure (no vscode): the host and the benchmark both make it.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** webview.cspSource: where the webview may load the bundle's files from. */
  cspSource: string;
  /** A fresh newNonce() per page: only the script carrying it runs. */
  nonce: string;
  /** webview.asWebviewUri of dist/webview.js and dist/webview.css. */
  scriptUri: string;
  styleUri: string;
  /** The sidebar view or the editor-area panel: the webview lays itself out by it. */
  mode: 'sidebar' | 'editor';
  title: string;
}

/** 128 random bits, base64: a nonce an attacker cannot guess. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of a panel page. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function panelHtml(o: PanelHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
</head>
<body data-mode="${o.mode === 'editor' ? 'editor' : 'sidebar'}">
<div id="root"></div>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** Text and attribute values: a run's title or a path cannot close a tag or an attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ENTITIES[c]);
}

// Every attribute here is double-quoted, so a single quote (the CSP's 'none') needs no escape.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
