// The theme's colours for canvas and SVG charts, read from the --vscode-*
// variables VS Code sets on the webview's body, and a way to hear when the
// person switches theme (VS Code swaps the body's vscode-light / vscode-dark /
// vscode-high-contrast(-light) class and its data-vscode-theme-id).

export interface ThemeColors {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  /** Secondary text: tick labels, notes. */
  muted: string;
  background: string;
  /** Axis lines and grid. */
  border: string;
  focus: string;
  selection: string;
  red: string;
  blue: string;
  yellow: string;
  orange: string;
  green: string;
  purple: string;
  /** The charts' own line colour (VS Code's charts.lines). */
  lines: string;
  font: string;
}

const THEME_CLASSES = ['vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light'];

export function themeKind(body: HTMLElement = document.body): ThemeColors['kind'] {
  const list = body.classList;
  if (list.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (list.contains('vscode-high-contrast')) return 'high-contrast';
  return list.contains('vscode-light') ? 'light' : 'dark';
}

/** The current colours; where VS Code sets no variable (a test page), ones that suit the theme's kind. */
export function readTheme(): ThemeColors {
  const style = getComputedStyle(document.body);
  const kind = themeKind();
  const light = kind === 'light' || kind === 'high-contrast-light';
  const v = (names: string[], fallback: string): string => {
    for (const name of names) {
      const value = style.getPropertyValue(name).trim();
      if (value) return value;
    }
    return fallback;
  };
  const foreground = v(['--vscode-foreground', '--vscode-editor-foreground'], light ? '#3b3b3b' : '#cccccc');
  return {
    kind,
    foreground,
    muted: v(['--vscode-descriptionForeground'], light ? '#717171' : '#9d9d9d'),
    background: v(['--vscode-editor-background', '--vscode-sideBar-background'], light ? '#ffffff' : '#1f1f1f'),
    border: v(['--vscode-panel-border', '--vscode-widget-border', '--vscode-editorWidget-border'], light ? '#d4d4d4' : '#3c3c3c'),
    focus: v(['--vscode-focusBorder'], light ? '#005fb8' : '#0078d4'),
    selection: v(['--vscode-list-activeSelectionBackground', '--vscode-list-inactiveSelectionBackground'], light ? '#e4e6f1' : '#04395e'),
    red: v(['--vscode-charts-red'], light ? '#e51400' : '#f14c4c'),
    blue: v(['--vscode-charts-blue'], light ? '#1a85ff' : '#3794ff'),
    yellow: v(['--vscode-charts-yellow'], light ? '#bf8803' : '#cca700'),
    orange: v(['--vscode-charts-orange'], light ? '#d18616' : '#d18616'),
    green: v(['--vscode-charts-green'], light ? '#388a34' : '#89d185'),
    purple: v(['--vscode-charts-purple'], light ? '#652d90' : '#b180d7'),
    lines: v(['--vscode-charts-lines'], light ? 'rgba(0, 0, 0, 0.5)' : 'rgba(204, 204, 204, 0.5)'),
    font: `${v(['--vscode-font-size'], '12px')} ${v(['--vscode-font-family'], 'system-ui, sans-serif')}`,
  };
}

/** Calls `cb` whenever the body's theme class changes; returns the unsubscribe. */
export function onThemeChange(cb: () => void): () => void {
  let last = themeKey();
  const observer = new MutationObserver(() => {
    const now = themeKey();
    if (now === last) return;
    last = now;
    cb();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  return () => observer.disconnect();
}

// The class tells the theme's kind; the theme id also tells one dark theme from another.
function themeKey(): string {
  return [...THEME_CLASSES.filter((c) => document.body.classList.contains(c)), document.body.dataset.vscodeThemeId ?? ''].join(' ');
}
