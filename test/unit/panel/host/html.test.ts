// The panel's page: a strict Content-Security-Policy with a fresh nonce, the
// bundle's script and stylesheet only, and a title that cannot inject markup.
import assert from 'node:assert/strict';
import test from 'node:test';
import { newNonce, panelCsp, panelHtml, type PanelHtmlOptions } from '../../../../src/panel/html';

const base: PanelHtmlOptions = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utb2YtdGhlLXRlc3Q=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
  mode: 'sidebar',
  title: 'Run 20261123-191500-quickstart-a1b2',
};

/** The policy as the page states it (attribute entities decoded), directive -> sources. */
function pageCsp(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, `the page should carry a CSP meta tag:\n${html}`);
  const text = m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return new Map(text.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

test('panel page: the CSP allows only the bundle and nonce-carrying scripts, never inline or eval', () => {
  const html = panelHtml(base);
  const csp = pageCsp(html);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), [`'nonce-${base.nonce}'`]);
  assert.deepEqual(csp.get('style-src'), [base.cspSource]);
  assert.deepEqual(csp.get('font-src'), [base.cspSource]);
  assert.deepEqual(csp.get('img-src'), [base.cspSource, 'data:']);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|strict-dynamic/);
  assert.equal(panelCsp(base.cspSource, base.nonce), [...csp].map(([k, v]) => [k, ...v].join(' ')).join('; '));
});

test('panel page: one script, carrying the nonce, from the bundle; the stylesheet from the bundle; no inline style', () => {
  const html = panelHtml(base);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1, html);
  assert.match(scripts[0][1], new RegExp(`nonce="${base.nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
  assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
  assert.equal(scripts[0][2].trim(), '', 'the script tag should have no inline code');
  assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.css">/);
  assert.doesNotMatch(html, /<style\b|\sstyle=/);
  assert.match(html, /<body data-mode="sidebar">\s*<div id="root"><\/div>/);
  assert.match(panelHtml({ ...base, mode: 'editor' }), /<body data-mode="editor">/);
});

test('panel page: a hostile title or URI cannot close its tag or attribute', () => {
  const hostile = '</title><script>alert(1)</script><img src=x onerror="alert(2)">&';
  const html = panelHtml({ ...base, title: hostile, styleUri: 'https://x/"><script>alert(3)</script>' });
  assert.equal((html.match(/<script\b/g) ?? []).length, 1, `only the bundle's script tag should be in the page:\n${html}`);
  assert.doesNotMatch(html, /<img|onerror="/);
  assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=&quot;alert\(2\)&quot;&gt;&amp;<\/title>/);
});

test('panel page: every page gets a fresh, unguessable base64 nonce', () => {
  const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
  assert.equal(nonces.size, 50, 'nonces should not repeat');
  for (const n of nonces) {
    assert.match(n, /^[A-Za-z0-9+/]+=*$/, `${n} should be base64`);
    assert.equal(Buffer.from(n, 'base64').length, 16, `${n} should hold 128 bits`);
  }
});
