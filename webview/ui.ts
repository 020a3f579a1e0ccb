// The one module over @vscode-elements/elements (the maintained successor of
// the sunset webview-ui-toolkit): every native-looking control the panel uses
// is made here, so a change of component library touches this file only.
// Labels are set with textContent: they may hold parameter names from the file.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

export function button(label: string, onClick: () => void, opts: { secondary?: boolean; title?: string; action?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  b.secondary = opts.secondary === true;
  if (opts.title) b.title = opts.title;
  if (opts.action) b.dataset.action = opts.action;
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): HTMLElement {
  const c = document.createElement('vscode-checkbox');
  c.textContent = label;
  c.checked = checked;
  c.addEventListener('change', () => onChange(c.checked));
  return c;
}

export function select(options: Array<{ value: string; label: string }>, value: string, onChange: (value: string) => void): HTMLElement {
  const s = document.createElement('vscode-single-select');
  for (const o of options) {
    const option = document.createElement('vscode-option');
    option.value = o.value;
    option.textContent = o.label;
    option.selected = o.value === value;
    s.append(option);
  }
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/**
 * A tab strip over its panels. Each header carries `data-tab` (its id);
 * `selected` opens that tab (the first by default); onSelect hears every change.
 */
export function tabs(items: Array<{ id: string; label: string; panel: HTMLElement }>, onSelect: (id: string) => void, selected?: string): HTMLElement {
  const t = document.createElement('vscode-tabs');
  t.panel = true;
  for (const item of items) {
    const header = document.createElement('vscode-tab-header');
    header.slot = 'header';
    header.dataset.tab = item.id;
    header.textContent = item.label;
    const panel = document.createElement('vscode-tab-panel');
    panel.append(item.panel);
    t.append(header, panel);
  }
  t.selectedIndex = Math.max(0, items.findIndex((i) => i.id === selected));
  t.addEventListener('vsc-tabs-select', (e) => {
    const item = items[e.detail.selectedIndex];
    if (item) onSelect(item.id);
  });
  return t;
}

export function badge(text: string): HTMLElement {
  const b = document.createElement('vscode-badge');
  b.textContent = text;
  return b;
}

/** A determinate bar for 0..1, or a moving one when the fraction is unknown. */
export function progressBar(label: string): { element: HTMLElement; set(fraction: number | undefined): void } {
  const bar = document.createElement('vscode-progress-bar');
  bar.ariaLabel = label;
  bar.max = 1;
  // The component turns an hour-long indeterminate bar into a slower one; a run's progress is always determinate when known.
  return {
    element: bar,
    set(fraction) {
      bar.indeterminate = fraction === undefined;
      bar.value = fraction === undefined ? undefined : Math.min(1, Math.max(0, fraction));
    },
  };
}

/** A one-line number input. */
export function numberField(opts: { min: number; max: number; value: string; placeholder?: string; label: string }): HTMLElement & { value: string; invalid: boolean } {
  const f = document.createElement('vscode-textfield');
  f.type = 'number';
  f.min = opts.min;
  f.max = opts.max;
  f.value = opts.value;
  f.label = opts.label;
  f.ariaLabel = opts.label;
  if (opts.placeholder) f.placeholder = opts.placeholder;
  return f;
}

/** A plain element with a class: the panel's own layout around the components. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
