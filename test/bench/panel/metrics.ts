// The benchmark's figures from what the page recorded: frame times and
// intervals, dropped frames, and each update's cost. Pure, so tested alone.
import { quantile } from '../scheduler/metrics';
import type { FrameSample, UpdateTiming } from './probes';

/** One frame at 60 Hz. */
export const FRAME_MS = 1000 / 60;
export const INITIAL_TARGET_MS = 500;
export const FRAME_TARGET_MS = 16;

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function spread(xs: readonly number[]): Spread {
  const v = xs.filter(Number.isFinite);
  return { n: v.length, p50: quantile(v, 0.5), p95: quantile(v, 0.95), max: v.length ? Math.max(...v) : NaN };
}

export interface FrameFigures {
  frames: number;
  /** Main-thread time per frame (its start to its work done), ms. */
  work: Spread;
  /** Time between frame starts, ms. */
  interval: Spread;
  /** Vsyncs that passed without a frame: an interval of k frames drops k - 1. */
  dropped: number;
  /** Frames after which no row was under the middle of the table. */
  blank: number;
}

export function frameFigures(frames: readonly FrameSample[]): FrameFigures {
  const intervals: number[] = [];
  let dropped = 0;
  for (let i = 1; i < frames.length; i++) {
    const gap = frames[i].start - frames[i - 1].start;
    intervals.push(gap);
    // Rounded, so the timer's jitter around 16.7 ms does not count as a drop.
    dropped += Math.max(0, Math.round(gap / FRAME_MS) - 1);
  }
  return {
    frames: frames.length,
    work: spread(frames.map((f) => f.done - f.start)),
    interval: spread(intervals),
    dropped,
    blank: frames.filter((f) => !f.rowShown).length,
  };
}

export interface UpdateCost {
  seq: number;
  /** Posting to the end of the webview's message handler (clone, validation, store). */
  messageMs: number;
  /** Of which the webview's own handler. */
  handlerMs: number;
  /** The main-thread time of the first frame that showed this update (render, style, layout, paint). */
  frameMs: number;
  /** Posting to the end of that frame. */
  latencyMs: number;
}

/** Matches each update to the first frame, after it was handled, whose renderedSeq reached it; updates never shown are left out. */
export function updateCosts(timings: readonly UpdateTiming[], frames: readonly FrameSample[]): UpdateCost[] {
  const out: UpdateCost[] = [];
  for (const t of timings) {
    const f = frames.find((x) => x.renderedSeq >= t.seq && x.done >= t.handled);
    if (!f || !Number.isFinite(t.handled)) continue;
    out.push({ seq: t.seq, messageMs: t.handled - t.posted, handlerMs: t.message.handlerMs, frameMs: f.done - f.start, latencyMs: f.done - t.posted });
  }
  return out;
}

export function verdict(pass: boolean): 'PASS' | 'FAIL' {
  return pass ? 'PASS' : 'FAIL';
}
