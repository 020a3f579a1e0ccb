// Colours for the charts: the theme's CSS colours parsed once, made
// translucent for dimmed marks, and a ramp from worst to best objective value
// between two theme colours (so it follows light, dark and high contrast).

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(...)` and `rgba(...)`; undefined for anything else. */
export function parseColor(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length !== 3 && parts.length !== 4) return undefined;
    const [r, g, b] = parts.slice(0, 3).map(Number);
    const a = parts.length === 4 ? (parts[3].endsWith('%') ? Number(parts[3].slice(0, -1)) / 100 : Number(parts[3])) : 1;
    if (![r, g, b, a].every(Number.isFinite)) return undefined;
    return { r: clamp(r, 0, 255), g: clamp(g, 0, 255), b: clamp(b, 0, 255), a: clamp(a, 0, 1) };
  }
  return undefined;
}

export function cssColor(c: Rgba): string {
  return `rgba(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)}, ${Number(c.a.toFixed(3))})`;
}

/** The colour with its opacity multiplied by `alpha`; a colour that cannot be parsed is returned as is. */
export function withAlpha(color: string, alpha: number): string {
  const c = parseColor(color);
  return c ? cssColor({ ...c, a: c.a * clamp(alpha, 0, 1) }) : color;
}

/** `from` at t = 0 to `to` at t = 1, channel by channel. */
export function mixColor(from: string, to: string, t: number): string {
  const a = parseColor(from);
  const b = parseColor(to);
  if (!a || !b) return t < 0.5 ? from : to;
  const u = clamp(Number.isFinite(t) ? t : 0, 0, 1);
  const lerp = (x: number, y: number) => x + (y - x) * u;
  return cssColor({ r: lerp(a.r, b.r), g: lerp(a.g, b.g), b: lerp(a.b, b.b), a: lerp(a.a, b.a) });
}

/**
 * How good a value is within [lo, hi]: 0 for the worst, 1 for the best,
 * whichever way the objective goes; NaN for a missing value.
 */
export function goodness(value: number | null | undefined, lo: number, hi: number, direction: 'minimize' | 'maximize'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NaN;
  if (!(hi > lo)) return 1;
  const u = clamp((value - lo) / (hi - lo), 0, 1);
  return direction === 'minimize' ? 1 - u : u;
}

/**
 * A ramp through three colours (worst, middle, best): `steps` CSS colours,
 * so a chart groups its marks by colour and strokes each group once.
 */
export function colorRamp(worst: string, middle: string, best: string, steps: number): string[] {
  const out: string[] = [];
  const n = Math.max(2, Math.floor(steps));
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    out.push(t <= 0.5 ? mixColor(worst, middle, t * 2) : mixColor(middle, best, (t - 0.5) * 2));
  }
  return out;
}

/** The ramp step for a goodness in [0, 1]. */
export function rampIndex(goodnessValue: number, steps: number): number {
  if (!Number.isFinite(goodnessValue)) return 0;
  return Math.round(clamp(goodnessValue, 0, 1) * (steps - 1));
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
