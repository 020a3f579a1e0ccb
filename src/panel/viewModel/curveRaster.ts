// Thousands of learning curves drawn as a density image: every curve adds 1
// to each pixel it crosses, and a pixel's opacity grows with how many curves
// cross it. Stroking 10,000 translucent canvas paths takes seconds in a
// software-rendered webview; this takes a few tens of milliseconds for a
// million points, and shows where curves bunch up rather than a solid band.
// Each pixel also remembers the last curve across it, so finding the curve
// under the pointer costs a look at a few pixels, not a million points.
import type { Rgba } from './colorScale';

/**
 * Data to image pixels, linear so a million points cost a multiply-add each:
 * column = xOffset + step * xScale, row = yOffset + y * yScale where y is the
 * value, or its log10 on a log axis (a value <= 0 cannot be placed).
 * Pixel i covers [i, i + 1).
 */
export interface LinearMap {
  xOffset: number;
  xScale: number;
  yOffset: number;
  yScale: number;
  logY: boolean;
}

export interface RasterCurve {
  number: number;
  steps: readonly number[];
  values: readonly number[];
}

/** A width x height image (row-major) that curves are added to. */
export interface DensityRaster {
  width: number;
  height: number;
  /** How many curve segments cross each pixel. */
  counts: Uint32Array;
  /** 1 + the number of the last curve that crossed each pixel; 0 where none did. */
  owner: Int32Array;
}

/** An empty raster; rasters given the same `owner` tell together which curve was drawn last. */
export function densityRaster(width: number, height: number, owner = new Int32Array(width * height)): DensityRaster {
  return { width, height, counts: new Uint32Array(width * height), owner };
}

/**
 * Adds each curve's line to `raster`. Segments are clipped to the image (a
 * diverging value far off the axis costs nothing) and walked one pixel at a
 * time along their longer side; points the map cannot place break the line.
 */
export function rasterizeCurves(curves: Iterable<RasterCurve>, map: LinearMap, raster: DensityRaster): void {
  const { width, height, counts, owner } = raster;
  const { xOffset, xScale, yOffset, yScale, logY } = map;
  // The clip box, a hair inside the image so rounding never leaves it.
  const right = width - 1e-6;
  const bottom = height - 1e-6;
  for (const curve of curves) {
    const { steps, values } = curve;
    const id = curve.number + 1;
    let px = NaN;
    let py = NaN;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const y = yOffset + (logY ? (v > 0 ? Math.log10(v) : NaN) : v) * yScale;
      const x = xOffset + steps[i] * xScale;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        px = NaN;
        continue;
      }
      let x0 = px;
      let y0 = py;
      px = x;
      py = y;
      if (Number.isNaN(x0)) {
        // A curve's first point, or the first after a break.
        const ix = Math.floor(x);
        const iy = Math.floor(y);
        if (ix >= 0 && ix < width && iy >= 0 && iy < height) {
          counts[iy * width + ix] += 1;
          owner[iy * width + ix] = id;
        }
        continue;
      }
      let x1 = x;
      let y1 = y;
      // The segment's first pixel is the previous segment's last: start one step in, unless clipping moved the start.
      let first = 1;
      if (x0 < 0 || x0 > right || y0 < 0 || y0 > bottom || x1 < 0 || x1 > right || y1 < 0 || y1 > bottom) {
        if (!clip(x0, y0, x1, y1, right, bottom)) continue;
        const dx = x1 - x0;
        const dy = y1 - y0;
        if (span[0] > 0) first = 0;
        // Clamped too: rounding in the clip must not step a hair outside.
        x1 = clamp(x0 + dx * span[1], right);
        y1 = clamp(y0 + dy * span[1], bottom);
        x0 = clamp(x0 + dx * span[0], right);
        y0 = clamp(y0 + dy * span[0], bottom);
      }
      // Pixel i covers [i, i + 1). Bresenham from pixel to pixel, one step along the longer side each time: no pixel counted twice.
      const ix0 = Math.floor(x0);
      const iy0 = Math.floor(y0);
      const dx = Math.floor(x1) - ix0;
      const dy = Math.floor(y1) - iy0;
      const adx = dx < 0 ? -dx : dx;
      const ady = dy < 0 ? -dy : dy;
      const stepX = dx < 0 ? -1 : 1;
      const stepY = dy < 0 ? -width : width;
      // The longer side steps every time, the shorter when the error says so.
      const long = adx >= ady ? adx : ady;
      const short = adx >= ady ? ady : adx;
      const stepLong = adx >= ady ? stepX : stepY;
      const stepShort = adx >= ady ? stepY : stepX;
      let p = iy0 * width + ix0;
      let error = long >> 1;
      for (let k = 0; k <= long; k++) {
        if (k >= first) {
          counts[p] += 1;
          owner[p] = id;
        }
        p += stepLong;
        error -= short;
        if (error < 0) {
          p += stepShort;
          error += long;
        }
      }
    }
  }
}

/** The part of a clipped segment inside the image, as fractions [from, to] of its length (Liang-Barsky). */
const span = new Float64Array(2);

function clip(x0: number, y0: number, x1: number, y1: number, right: number, bottom: number): boolean {
  span[0] = 0;
  span[1] = 1;
  return edge(x0 - x1, x0) && edge(x1 - x0, right - x0) && edge(y0 - y1, y0) && edge(y1 - y0, bottom - y0);
}

function clamp(v: number, max: number): number {
  return v < 0 ? 0 : v > max ? max : v;
}

/** Narrows `span` to the side of one edge; false when nothing is left. */
function edge(p: number, q: number): boolean {
  if (p === 0) return q >= 0;
  const r = q / p;
  if (p < 0) {
    if (r > span[1]) return false;
    if (r > span[0]) span[0] = r;
  } else {
    if (r < span[0]) return false;
    if (r < span[1]) span[1] = r;
  }
  return true;
}

/**
 * The curve drawn last nearest to (x, y) in image pixels, looking no further
 * than `radius` pixels; undefined when none is that close.
 */
export function curveNear(raster: DensityRaster, x: number, y: number, radius: number): number | undefined {
  const { width, height, owner } = raster;
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  let best = 0;
  let bestD = Infinity;
  for (let iy = Math.max(0, cy - radius); iy <= Math.min(height - 1, cy + radius); iy++) {
    for (let ix = Math.max(0, cx - radius); ix <= Math.min(width - 1, cx + radius); ix++) {
      const id = owner[iy * width + ix];
      if (id === 0) continue;
      const d = (ix - cx) ** 2 + (iy - cy) ** 2;
      if (d < bestD && d <= radius * radius) {
        bestD = d;
        best = id;
      }
    }
  }
  return best === 0 ? undefined : best - 1;
}

export interface DensityLayer {
  counts: Uint32Array;
  color: Rgba;
}

/** A pixel one curve crosses is this opaque; the densest pixel is fully opaque. */
const FLOOR = 0.15;

/**
 * The layers composited, first at the bottom, into RGBA pixels (`out`,
 * 4 bytes a pixel, not premultiplied, as ImageData holds them). A pixel's
 * opacity grows with the logarithm of its density relative to the
 * layer's densest pixel, so bands show their inner structure, a lone curve
 * stays visible, and a band of thousands does not wash out to a haze. Densities are whole counts: each layer's opacities
 * come from a table, not a square root per pixel.
 */
export function densityImage(layers: readonly DensityLayer[], out: Uint8ClampedArray): void {
  const pixels = out.length / 4;
  const alphas = layers.map((l) => {
    let max = 0;
    const c = l.counts;
    for (let p = 0; p < pixels; p++) if (c[p] > max) max = c[p];
    const table = new Float32Array(max + 1);
    const scale = 1 / Math.log1p(max);
    for (let d = 1; d <= max; d++) table[d] = (FLOOR + (1 - FLOOR) * Math.log1p(d) * scale) * l.color.a;
    return table;
  });
  out.fill(0);
  for (let p = 0; p < pixels; p++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    for (let l = 0; l < layers.length; l++) {
      const d = layers[l].counts[p];
      if (d === 0) continue;
      const alpha = alphas[l][d];
      const color = layers[l].color;
      // Source over, premultiplied.
      r = color.r * alpha + r * (1 - alpha);
      g = color.g * alpha + g * (1 - alpha);
      b = color.b * alpha + b * (1 - alpha);
      a = alpha + a * (1 - alpha);
    }
    if (a <= 0) continue;
    const o = p * 4;
    out[o] = r / a;
    out[o + 1] = g / a;
    out[o + 2] = b / a;
    out[o + 3] = a * 255;
  }
}
