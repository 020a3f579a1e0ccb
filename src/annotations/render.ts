// Writing values back: only the spans of the named values change, each as a
// literal of the host language, so a trial's copy of the file (or an
// accepted best value) differs from the original in those spans alone.

import type { ParamValue, Params } from '../engine/space';
import { syntaxOf } from './languages';
import { looksLikeFloat } from './languages/literals';
import type { AnnotatedValue, HostLanguage, ParsedConfig } from './types';

/**
 * `value` as a literal of `language`, in the place of `original` (whose
 * quote style it keeps). `asFloat` makes an integral number read back as a
 * float (`1.0`); by default it follows the original literal. Throws when
 * the language cannot write the value (null in TOML, NaN in JSON, ...).
 */
export function formatLiteral(language: HostLanguage, value: ParamValue, original: string, asFloat?: boolean): string {
  return syntaxOf(language).format(value, original, asFloat ?? looksLikeFloat(original));
}

/** Whether an integral value written for this parameter must still read as a float. */
function wantsFloat(v: AnnotatedValue, original: string): boolean {
  if (v.distribution.type === 'float') return true;
  return v.distribution.type === 'categorical' && looksLikeFloat(original);
}

/** Replace the text in `span` by `text`. */
export interface ValueEdit {
  name: string;
  span: { start: number; end: number };
  text: string;
}

/**
 * The edits that write the values named in `values` into the file, in file
 * order: one per value that changes, over its literal's span only. Throws
 * (naming the file, line and parameter) when a value cannot be written in
 * the host language.
 */
export function valueEdits(parsed: ParsedConfig, values: Params): ValueEdit[] {
  const edits: ValueEdit[] = [];
  const ordered = [...parsed.values].sort((a, b) => a.span.start - b.span.start);
  for (const v of ordered) {
    if (!Object.prototype.hasOwnProperty.call(values, v.name)) continue;
    const next = values[v.name];
    if (next === v.current) continue; // keeps the original spelling (1e-3, 'quotes', True)
    const original = parsed.text.slice(v.span.start, v.span.end);
    let literal: string;
    try {
      literal = formatLiteral(parsed.language, next, original, wantsFloat(v, original));
    } catch (e) {
      throw new Error(`${parsed.file}:${v.line}:${v.column}: ${v.name}: ${(e as Error).message}`);
    }
    edits.push({ name: v.name, span: v.span, text: literal });
  }
  return edits;
}

/**
 * The file's text with the values named in `values` written in; every other
 * byte, and every value not named, stays as it was.
 */
export function renderConfig(parsed: ParsedConfig, values: Params): string {
  let out = '';
  let at = 0;
  for (const e of valueEdits(parsed, values)) {
    out += parsed.text.slice(at, e.span.start) + e.text;
    at = e.span.end;
  }
  return out + parsed.text.slice(at);
}
