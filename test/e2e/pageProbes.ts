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
