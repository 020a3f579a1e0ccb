// Thousands of learning curves drawn as a density image: every curve adds 1
// to each pixel it crosses, and a pixel's opacity grows with how many curves
// cross it. Stroking 10,000 translucent canvas paths takes seconds in a
// software-rendered webview; this takes tens of milliseconds, and shows where
// curves bunch up rather than a solid band.
import type { Rgba } from './colorScale';

export interface PixelMap {
  /** Data to pixels of the image; a value the axis cannot place (log of <= 0) maps to NaN. */
  x(v: number): number;
  y(v: number): number;
}

export interface CurvePoints {
  steps: readonly number[];
  values: readonly number[];
}

/**
 * Adds each curve's line to `density` (width x height, row-major), `thickness`
 * pixels tall. Segments are walked one pixel at a time along their longer
 * side; points the map cannot place break the line.
 */
export function rasterizeCurves(curves: Iterable<CurvePoints>, map: PixelMap, width: number, height: number, density: Float32Array, thickness = 1): void {
  for (const { steps, values } of curves) {
    let px = NaN;
    let py = NaN;
    for (let i = 0; i < values.length; i++) {
      const x = map.x(steps[i]);
      const y = map.y(values[i]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        px = NaN;
        continue;
      }
      if (Number.isNaN(px)) {
        plot(density, width, height, x, y, thickness);
      } else {
        const n = Math.max(1, Math.ceil(Math.max(Math.abs(x - px), Math.abs(y - py))));
        // The segment's first pixel is the previous segment's last: start one step in.
        for (let k = 1; k <= n; k++) plot(density, width, height, px + ((x - px) * k) / n, py + ((y - py) * k) / n, thickness);
      }
      px = x;
      py = y;
    }
  }
}

function plot(density: Float32Array, width: number, height: number, x: number, y: number, thickness: number): void {
  const ix = Math.round(x);
  if (ix < 0 || ix >= width) return;
  const top = Math.round(y - (thickness - 1) / 2);
  for (let t = 0; t < thickness; t++) {
    const iy = top + t;
    if (iy >= 0 && iy < height) density[iy * width + ix] += 1;
  }
}

export interface DensityLayer {
  density: Float32Array;
  color: Rgba;
}

/** A pixel one curve crosses is this opaque; the densest pixel is fully opaque. */
const FLOOR = 0.15;

/**
 * The layers composited, first at the bottom, into RGBA pixels (`out`,
 * 4 bytes a pixel, not premultiplied, as ImageData holds them). A pixel's
 * opacity grows with the square root of its density relative to the
 * layer's densest pixel, so bands show their inner structure and a lone
 * curve stays visible.
 */
export function densityImage(layers: readonly DensityLayer[], out: Uint8ClampedArray): void {
  const pixels = out.length / 4;
  const scales = layers.map((l) => {
    let max = 0;
    for (let p = 0; p < pixels; p++) if (l.density[p] > max) max = l.density[p];
    return max > 0 ? 1 / max : 0;
  });
  for (let p = 0; p < pixels; p++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l];
      const d = layer.density[p];
      if (d <= 0) continue;
      const alpha = (FLOOR + (1 - FLOOR) * Math.sqrt(d * scales[l])) * layer.color.a;
      // Source over, premultiplied.
      r = layer.color.r * alpha + r * (1 - alpha);
      g = layer.color.g * alpha + g * (1 - alpha);
      b = layer.color.b * alpha + b * (1 - alpha);
      a = alpha + a * (1 - alpha);
    }
    const o = p * 4;
    if (a <= 0) {
      out[o + 3] = 0;
      continue;
    }
    out[o] = r / a;
    out[o + 1] = g / a;
    out[o + 2] = b / a;
    out[o + 3] = a * 255;
  }
}
