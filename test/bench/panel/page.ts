// The panel's page as VS Code would show it, served from 127.0.0.1: the
// host's HTML (panelHtml: the same CSP, #root, dist/webview.css and
// dist/webview.js with a nonce), a stand-in for VS Code's `acquireVsCodeApi` and theme
// variables, and the benchmark's data as scripts the page loads on demand
// (the CSP allows no fetch; a nonce'd script is how data gets in).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { newNonce, panelHtml } from '../../../src/panel/html';

export type PanelMode = 'sidebar' | 'editor';

export const REPO = path.resolve(__dirname, '../../../..');
export const DIST = path.join(REPO, 'dist');

/**
 * The host's own page (panelHtml) with the benchmark's additions: the
 * theme's stylesheet at the end of the head, and the VS Code stand-in just
 * before the bundle's script (so it runs first, with the body there).
 */
export function benchPage(o: { origin: string; nonce: string; mode: PanelMode }): string {
  const html = panelHtml({ cspSource: o.origin, nonce: o.nonce, scriptUri: `${o.origin}/dist/webview.js`, styleUri: `${o.origin}/dist/webview.css`, mode: o.mode, title: 'Hyperlens' });
  const withTheme = html.replace('</head>', `<link rel="stylesheet" href="${o.origin}/bench/theme.css">\n</head>`);
  const bundle = `<script nonce="${o.nonce}" src="${o.origin}/dist/webview.js">`;
  if (!withTheme.includes(bundle)) throw new Error(`panelHtml no longer loads the bundle as ${bundle}`);
  return withTheme.replace(bundle, `<script nonce="${o.nonce}" src="${o.origin}/bench/vscode-stub.js"></script>\n${bundle}`);
}

/** What VS Code's webview sets: the dark theme's colours and fonts (a subset, the ones a panel reads). */
const DARK_THEME: Record<string, string> = {
  '--vscode-font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': "'Droid Sans Mono', 'monospace', monospace",
  '--vscode-editor-font-size': '14px',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-errorForeground': '#f85149',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-sideBar-background': '#181818',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-widget-border': '#313131',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-checkbox-background': '#313131',
  '--vscode-checkbox-border': '#3c3c3c',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-list-activeSelectionForeground': '#ffffff',
  '--vscode-list-inactiveSelectionBackground': '#37373d',
  '--vscode-panelTitle-activeForeground': '#cccccc',
  '--vscode-panelTitle-activeBorder': '#0078d4',
  '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
  '--vscode-scrollbarSlider-background': '#79797966',
  '--vscode-scrollbarSlider-hoverBackground': '#646464b3',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': '#cccccc80',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-testing-iconFailed': '#f14c4c',
};

const THEME_CSS = `html {\n${Object.entries(DARK_THEME)
  .map(([k, v]) => `  ${k}: ${v};`)
  .join('\n')}\n}\nbody { background-color: var(--vscode-editor-background); color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }\n`;

/**
 * Stands in for VS Code in the page: `acquireVsCodeApi` (once, as VS Code
 * allows) records what the webview posts in `window.__benchPosted`; the body
 * gets VS Code's theme class. Runs before the bundle, so its message
 * listener runs before the webview's: it notes when each message arrived and
 * when its data was decoded (the structured clone's second half), in
 * `window.__benchArrivals` by seq.
 */
const VSCODE_STUB = `(() => {
  document.body.classList.add('vscode-dark');
  const arrivals = (window.__benchArrivals = new Map());
  window.addEventListener('message', (e) => {
    const at = performance.now();
    const seq = e.data && e.data.seq;
    arrivals.set(seq, { at, decoded: performance.now() });
  });
  const posted = (window.__benchPosted = []);
  let state;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => void posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => (state = s),
    };
  };
})();`;

/** A tiny server for the page, dist/ and the benchmark's data scripts. */
export class PanelServer {
  readonly nonce = newNonce();
  /** Name -> the body of `/bench/<name>.js`. */
  private readonly scripts = new Map<string, string>();
  private origin = '';

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<PanelServer> {
    const s = new PanelServer(http.createServer());
    s.server.on('request', (req, res) => s.handle(req, res));
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.origin = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  pageUrl(mode: PanelMode): string {
    return `${this.origin}/panel.html?mode=${mode}`;
  }

  /** Serves `window[global] = value` as `/bench/<name>.js`, for loadScript in the page. */
  setData(name: string, global: string, value: unknown): string {
    // A JSON string parsed once is faster to load than the same object as a JS literal.
    this.scripts.set(name, `window[${JSON.stringify(global)}] = JSON.parse(${JSON.stringify(JSON.stringify(value))});`);
    return `${this.origin}/bench/${name}.js`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/panel.html') {
      const mode: PanelMode = url.searchParams.get('mode') === 'sidebar' ? 'sidebar' : 'editor';
      return send(200, 'text/html; charset=utf-8', benchPage({ origin: this.origin, nonce: this.nonce, mode }));
    }
    // Chromium asks for one; a webview has none.
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/bench/theme.css') return send(200, 'text/css', THEME_CSS);
    if (url.pathname === '/bench/vscode-stub.js') return send(200, 'text/javascript', VSCODE_STUB);
    const data = /^\/bench\/([\w-]+)\.js$/.exec(url.pathname);
    if (data && this.scripts.has(data[1])) return send(200, 'text/javascript', this.scripts.get(data[1]) ?? '');
    const dist = /^\/dist\/([\w.-]+)$/.exec(url.pathname);
    if (dist) {
      const file = path.join(DIST, dist[1]);
      if (fs.existsSync(file)) {
        const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.map') ? 'application/json' : 'application/octet-stream';
        return send(200, type, fs.readFileSync(file));
      }
    }
    send(404, 'text/plain', 'not found');
  }
}
