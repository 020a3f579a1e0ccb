// What each host language contributes: a scanner that finds comments and
// value literals (with their key paths) without being fooled by `#` inside
// strings, a reader for `choice(...)` arguments, and a literal writer.

import type { ParamValue } from '../../engine/space';
import type { Span } from '../types';

/** A comment's content, without its markers (`#`, `//`, `/*`, `*\/`). */
export interface Comment {
  start: number;
  end: number;
  text: string;
}

/** A literal read from the text, or why it could not be read as one. */
export type Literal = { ok: true; value: ParamValue } | { ok: false; reason: string };

/** A place in the file where a single value is written. */
export interface ValueSite {
  /** Key path segments; undefined where the language gives no name (e.g. a bare expression). */
  path: string[] | undefined;
  span: Span;
  literal: Literal;
}

export interface Scan {
  comments: Comment[];
  values: ValueSite[];
}

export interface HostSyntax {
  scan(text: string): Scan;
  /** Reads one `choice(...)` argument (or `fixed`-style value) as this language types literals. */
  readChoice(text: string): Literal;
  /** Reads a number as written in an annotation's bounds (underscores where the language allows). */
  readNumber(text: string): number | undefined;
  /**
   * Writes `value` as a literal in the place of `original`; `asFloat` asks an
   * integral number to still read back as a float (`1.0`). Throws when the
   * language has no way to write the value.
   */
  format(value: ParamValue, original: string, asFloat: boolean): string;
}

export const ok = (value: ParamValue): Literal => ({ ok: true, value });
export const notLiteral = (reason: string): Literal => ({ ok: false, reason });
