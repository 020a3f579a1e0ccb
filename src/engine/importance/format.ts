// Importance as text bars for the terminal (`hyperlens show`).
import type { ParamImportance } from '../importance';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * One line a parameter: its name, a bar of `width` cells drawn to an eighth
 * of a cell (a full bar is importance 1), and the importance to 2 decimals.
 */
export function formatImportance(list: ParamImportance[], width = 30): string[] {
  const nameWidth = Math.max(0, ...list.map((p) => p.name.length));
  return list.map((p) => `${p.name.padEnd(nameWidth)}  ${bar(p.importance, width)}  ${p.importance.toFixed(2)}`);
}

/** A bar exactly `width` characters wide. */
export function bar(fraction: number, width: number): string {
  const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8];
  return ('█'.repeat(full) + part).padEnd(width);
}
