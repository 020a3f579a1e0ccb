// Reading the side panel inside code-server: a webview is an iframe in an
// iframe, so its frame is found by what its page holds (#root and the mode
// the host wrote on <body>), then read with plain DOM queries. The test
// tsconfig has no DOM library: page objects are `any` inside the functions
// Playwright runs in the page.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Frame, Page } from 'playwright-core';

export type PanelMode = 'sidebar' | 'editor';

/** What the panel shows now, as a person reads it. */
export interface PanelView {
  /** Header fields by their data-field (file, state, progress, best, ...), as text. */
  fields: Record<string, string>;
  /** The number of trials the webview holds (body data-trials), and the seq it last rendered. */
  trials: number;
  renderedSeq: string;
  /** Rows in the DOM now (the table is virtual: those in view). */
  rows: Array<{ trial: number; text: string; selected: boolean }>;
  /** The header's buttons by data-action. */
  actions: string[];
  tabs: string[];
  suggestion: string;
  detail: string;
  /** The body's theme class (vscode-light, vscode-dark, ...). */
  theme: string;
  /** The text of the panel, first 400 characters (for failure messages). */
  text: string;
}

/** The frame of the panel in the given mode, if one is on the page. */
export async function panelFrame(page: Page, mode: PanelMode): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    try {
      const found = await frame.evaluate(() => {
        const doc = (globalThis as any).document;
        return doc.getElementById('root') ? ((doc.body.dataset.mode as string | undefined) ?? null) : null;
      });
      if (found === mode) return frame;
    } catch {
      // A frame that went away or is not ours.
    }
  }
  return undefined;
}

export async function readPanel(frame: Frame): Promise<PanelView> {
  return frame.evaluate((): PanelView => {
    const doc = (globalThis as any).document;
    const all = (selector: string): any[] => Array.from(doc.querySelectorAll(selector) as ArrayLike<any>);
    const text = (el: any): string => String(el?.innerText ?? '').replace(/\s+/g, ' ').trim();
    const fields: Record<string, string> = {};
    for (const el of all('#run-header [data-field]')) fields[el.dataset.field] = text(el);
    const rows = all('#trials-table .row[data-trial]')
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({
        trial: Number(el.dataset.trial),
        text: text(el),
        selected: el.classList.contains('selected') || el.getAttribute('aria-selected') === 'true',
      }));
    const actions: string[] = all('#run-header [data-action]')
      .filter((el) => el.offsetParent !== null)
      .map((el) => String(el.dataset.action));
    const tabs: string[] = all('[data-tab]').map((el) => String(el.dataset.tab));
    const theme: string = (Array.from(doc.body.classList as ArrayLike<string>).find((c) => c.startsWith('vscode-')) as string | undefined) ?? '';
    return {
      fields,
      trials: Number(doc.body.dataset.trials ?? 0),
      renderedSeq: String(doc.body.dataset.renderedSeq ?? ''),
      rows,
      actions,
      tabs,
      suggestion: text(doc.getElementById('suggestion')),
      detail: text(doc.getElementById('trial-detail')),
      theme,
      text: text(doc.getElementById('root')).slice(0, 400),
    };
  });
}

/** The luminance (0 dark .. 1 light) of an element's background in a frame: themes are checked by what is painted. */
export async function backgroundLuminance(frame: Frame, selector: string): Promise<number | undefined> {
  return frame.evaluate((sel) => {
    const w = globalThis as any;
    const el = w.document.querySelector(sel);
    if (!el) return undefined;
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(w.getComputedStyle(el).backgroundColor);
    if (!m) return undefined;
    return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255;
  }, selector);
}

/** True when a canvas is shown at some size (a chart drew). */
export async function hasDrawnCanvas(frame: Frame): Promise<boolean> {
  return frame.evaluate(() => {
    const canvases: any[] = Array.from((globalThis as any).document.querySelectorAll('canvas') as ArrayLike<any>);
    return canvases.some((c) => c.offsetParent !== null && c.width > 100 && c.height > 50);
  });
}

/** A one-line account of the panel for failure messages. */
export function describePanel(p: PanelView | undefined): string {
  if (!p) return 'no panel frame';
  return `fields ${JSON.stringify(p.fields)}, ${p.trials} trials (seq ${p.renderedSeq}), rows [${p.rows.slice(0, 6).map((r) => r.text).join(' | ')}], theme ${p.theme}, text "${p.text}"`;
}
