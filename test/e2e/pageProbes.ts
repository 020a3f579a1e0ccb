// Functions that run inside the workbench page (Playwright serialises them):
// each must be self-contained. The test tsconfig has no DOM library, so page
// objects are typed `any` here and nowhere else.
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface CodeLens {
  text: string;
  /** The text of the editor line the lens sits above. */
  lineText: string;
  /** False for a lens with no command (rendered as plain text). */
  clickable: boolean;
  /** Index among the editor's `.codelens-decoration a` anchors, for clicking. */
  anchorIndex: number;
}

export interface Notification {
  message: string;
  severity: 'error' | 'warning' | 'info' | 'unknown';
  buttons: string[];
}

/** Code lenses in view in one editor (VS Code renders each as `a` or `span` in `.codelens-decoration`). */
export function codeLenses(editor: any): CodeLens[] {
  const text = (el: any) => String(el.textContent || '').replace(/\u00a0/g, ' ');
  const lines = Array.from(editor.querySelectorAll('.view-lines .view-line') as ArrayLike<any>)
    .map((el) => ({ top: el.getBoundingClientRect().top as number, text: text(el) }))
    .sort((a, b) => a.top - b.top);
  const anchors = Array.from(editor.querySelectorAll('.codelens-decoration a') as ArrayLike<any>);
  const lenses: CodeLens[] = [];
  for (const deco of Array.from(editor.querySelectorAll('.codelens-decoration') as ArrayLike<any>)) {
    const bottom = deco.getBoundingClientRect().bottom as number;
    // A lens is drawn in a zone just above its line: the first line below it.
    const line = lines.find((l) => l.top >= bottom - 2);
    for (const item of Array.from(deco.children as ArrayLike<any>)) {
      const label = text(item).trim();
      if (!label || label === '|') continue;
      const clickable = item.tagName === 'A';
      lenses.push({ text: label, lineText: line ? line.text : '', clickable, anchorIndex: clickable ? anchors.indexOf(item) : -1 });
    }
  }
  return lenses;
}

/** The editor's rendered lines, top to bottom. */
export function visibleLines(editor: any): string[] {
  return Array.from(editor.querySelectorAll('.view-lines .view-line') as ArrayLike<any>)
    .map((el) => ({ top: el.getBoundingClientRect().top as number, text: String(el.textContent || '').replace(/\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text);
}

/** The notification toasts on screen. */
export function visibleNotifications(): Notification[] {
  const doc = (globalThis as any).document;
  return Array.from(doc.querySelectorAll('.notifications-toasts .notification-list-item') as ArrayLike<any>).map((item) => {
    const icon = String(item.querySelector('.notification-list-item-icon')?.className || '');
    const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : /codicon-info/.test(icon) ? 'info' : 'unknown';
    const message = String(item.querySelector('.notification-list-item-message')?.textContent || '').trim();
    const buttons = Array.from(item.querySelectorAll('.notification-list-item-buttons-container .monaco-button') as ArrayLike<any>).map((b) => String(b.textContent || '').trim());
    return { message, severity, buttons };
  });
}

/** Init script: records every notification ever rendered, since toasts hide after a while. */
export function recordNotifications(): void {
  const w = globalThis as any;
  const seen: Notification[] = (w.__hyperlensNotifications = []);
  const keys = new Set<string>();
  let pending = false;
  const scan = () => {
    pending = false;
    for (const item of Array.from(w.document.querySelectorAll('.notification-list-item') as ArrayLike<any>)) {
      const icon = String(item.querySelector('.notification-list-item-icon')?.className || '');
      const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : /codicon-info/.test(icon) ? 'info' : 'unknown';
      const message = String(item.querySelector('.notification-list-item-message')?.textContent || '').trim();
      const buttons = Array.from(item.querySelectorAll('.notification-list-item-buttons-container .monaco-button') as ArrayLike<any>).map((b) => String(b.textContent || '').trim());
      const key = `${severity}\u0000${message}`;
      if (message && !keys.has(key)) {
        keys.add(key);
        seen.push({ message, severity, buttons });
      }
    }
  };
  new w.MutationObserver(() => {
    if (!pending) {
      pending = true;
      setTimeout(scan, 50);
    }
  }).observe(w.document, { childList: true, subtree: true, characterData: true });
}

/** What recordNotifications has kept. */
export function seenNotifications(): Notification[] {
  return [...((globalThis as any).__hyperlensNotifications ?? [])];
}

export interface TreeRow {
  label: string;
  description: string;
  /** What a screen reader says for the row (an item's accessibilityInformation, else label and description). */
  ariaLabel: string;
  /** 1 for a top-level item. */
  level: number;
  /** undefined for an item with no children to show (no twistie). */
  expanded: boolean | undefined;
  /** codicon-* classes of the item's icon (a run's state: codicon-pass, codicon-sync...). */
  icons: string[];
  /** Labels of the inline actions on the row (shown on hover or selection). */
  actions: string[];
}

/** The rows a tree view renders (`[role=tree]`), top to bottom. */
export function treeRows(tree: any): TreeRow[] {
  const text = (el: any) => String(el?.textContent || '').replace(/\u00a0/g, ' ').trim();
  return Array.from(tree.querySelectorAll('.monaco-list-row') as ArrayLike<any>)
    .map((row) => ({ row, top: row.getBoundingClientRect().top as number }))
    .sort((a, b) => a.top - b.top)
    .map(({ row }) => {
      const expandedAttr = row.getAttribute('aria-expanded');
      const icons: string[] = [];
      for (const el of Array.from(row.querySelectorAll('.codicon') as ArrayLike<any>)) {
        if (el.classList.contains('monaco-tl-twistie') || el.closest('.actions')) continue;
        for (const c of Array.from(el.classList as ArrayLike<string>)) if (c.startsWith('codicon-')) icons.push(c);
      }
      return {
        label: text(row.querySelector('.label-name')),
        description: text(row.querySelector('.label-description')),
        ariaLabel: String(row.getAttribute('aria-label') || ''),
        level: Number(row.getAttribute('aria-level') || 1),
        expanded: expandedAttr === null ? undefined : expandedAttr === 'true',
        icons,
        actions: Array.from(row.querySelectorAll('.actions .action-label') as ArrayLike<any>).map((a) => String(a.getAttribute('aria-label') || '')),
      };
    });
}

export interface Hover {
  /** The hover's text as rendered (Markdown turned to text). */
  text: string;
  images: { src: string; alt: string; width: number; height: number; loaded: boolean }[];
}

/** The editor hovers on screen now. */
export function visibleHovers(): Hover[] {
  const doc = (globalThis as any).document;
  return Array.from(doc.querySelectorAll('.monaco-hover:not(.hidden)') as ArrayLike<any>)
    .filter((h) => h.getBoundingClientRect().height > 0 && String(h.innerText || '').trim() !== '')
    .map((h) => ({
      text: String(h.innerText || '').replace(/\u00a0/g, ' ').trim(),
      images: Array.from(h.querySelectorAll('img') as ArrayLike<any>).map((img) => ({
        src: String(img.getAttribute('src') || '').slice(0, 40),
        alt: String(img.getAttribute('alt') || ''),
        width: img.getBoundingClientRect().width as number,
        height: img.getBoundingClientRect().height as number,
        loaded: Boolean(img.complete && img.naturalWidth > 0),
      })),
    }));
}

/**
 * The screen box of the first token of the first editor line matching
 * `linePattern` whose text is `token` (for pointing the mouse at a value).
 */
export function tokenBox(editor: any, arg: { linePattern: string; token: string }): { x: number; y: number; width: number; height: number } | undefined {
  const re = new RegExp(arg.linePattern);
  for (const line of Array.from(editor.querySelectorAll('.view-lines .view-line') as ArrayLike<any>)) {
    if (!re.test(String(line.textContent || '').replace(/\u00a0/g, ' '))) continue;
    for (const span of Array.from(line.querySelectorAll('span span') as ArrayLike<any>)) {
      if (String(span.textContent || '').replace(/\u00a0/g, ' ').trim() !== arg.token) continue;
      const r = span.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    }
  }
  return undefined;
}
