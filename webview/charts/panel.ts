// What every chart panel shares: it draws only while visible, and a panel
// that was hidden catches up on everything it missed (one merged change) when
// shown; a theme change re-reads the colours and redraws.
import type { PanelStore, StoreChange } from '../store';
import { onThemeChange, readTheme, type ThemeColors } from '../theme';

export interface ChartPanel {
  update(change: StoreChange): void;
  setVisible(visible: boolean): void;
  dispose(): void;
}

export const FULL_CHANGE: StoreChange = { full: true, runChanged: true, trials: new Set(), viewChanged: true };

/** Two changes as one: what either touched. */
export function mergeChanges(a: StoreChange | undefined, b: StoreChange): StoreChange {
  if (!a) return b;
  const full = a.full || b.full;
  return {
    full,
    runChanged: a.runChanged || b.runChanged,
    trials: full ? new Set() : new Set([...a.trials, ...b.trials]),
    viewChanged: a.viewChanged || b.viewChanged,
  };
}

export abstract class LazyPanel implements ChartPanel {
  protected theme: ThemeColors = readTheme();
  /** What changed while hidden; the first showing draws everything. */
  private pending: StoreChange | undefined = FULL_CHANGE;
  private visible = false;
  private readonly stopTheme: () => void;

  constructor(
    protected readonly root: HTMLElement,
    protected readonly store: PanelStore,
  ) {
    this.stopTheme = onThemeChange(() => {
      this.theme = readTheme();
      this.update(FULL_CHANGE);
    });
  }

  update(change: StoreChange): void {
    if (this.visible) this.render(change);
    else this.pending = mergeChanges(this.pending, change);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.root.hidden = !visible;
    if (visible && this.pending) {
      const change = this.pending;
      this.pending = undefined;
      this.render(change);
    }
  }

  dispose(): void {
    this.stopTheme();
    this.root.remove();
  }

  /** Brings the panel's drawing up to date with the store. */
  protected abstract render(change: StoreChange): void;
}

/** A titled part of a panel: a heading over its body. */
export function section(title: string, body: HTMLElement): HTMLElement {
  const wrap = document.createElement('section');
  wrap.className = 'chart-section';
  const heading = document.createElement('h3');
  heading.className = 'chart-title';
  heading.textContent = title;
  wrap.append(heading, body);
  return wrap;
}
