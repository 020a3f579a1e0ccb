// YAML: block mappings and sequences by indentation, one scalar per line.
// Enough of YAML for training configs; flow collections, aliases, tags and
// multi-line scalars are recognised so their text is never mistaken for a
// value or a comment, and reported as not a literal if annotated.

import type { ParamValue } from '../../engine/space';
import { type Comment, type HostSyntax, type Literal, type Scan, type ValueSite, notLiteral, ok } from './host';
import { doubleQuoted, findClosingQuote, formatNumber, readDecimal, unescape } from './literals';

interface Frame {
  indent: number;
  path: string[];
  kind: 'map' | 'seq';
  next: number;
}

/** Types a plain (unquoted) scalar the way YAML 1.2's core schema does. */
export function readYamlPlain(text: string): Literal {
  const t = text.trim();
  if (t === '' || t === '~' || /^(null|Null|NULL)$/.test(t)) return ok(null);
  if (/^(true|True|TRUE)$/.test(t)) return ok(true);
  if (/^(false|False|FALSE)$/.test(t)) return ok(false);
  const n = readDecimal(t, false);
  if (n !== undefined) return ok(n);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(t)) return ok(t.startsWith('-') ? -Infinity : Infinity);
  if (/^\.(nan|NaN|NAN)$/.test(t)) return ok(NaN);
  if (/^[[{]/.test(t)) return notLiteral(`\`${t}\` is a flow collection, not a single value`);
  if (t.startsWith('*')) return notLiteral(`\`${t}\` is an alias, not a literal`);
  if (/^[&!]/.test(t)) return notLiteral(`\`${t}\` carries an anchor or tag; write the plain value`);
  if (t.includes('${')) return notLiteral(`\`${t}\` is an interpolation, not a literal`);
  if (/^[@`|>]/.test(t)) return notLiteral(`\`${t}\` starts with a reserved character`);
  return ok(t);
}

/** Reads a quoted scalar `"..."` / `'...'` (the whole text, quotes included). */
function readQuoted(t: string): Literal {
  if (t.length < 2 || t[t.length - 1] !== t[0]) return notLiteral(`unterminated string ${t}`);
  const body = t.slice(1, -1);
  return ok(t[0] === '"' ? unescape(body) : body.replace(/''/g, "'"));
}

function readChoice(text: string): Literal {
  const t = text.trim();
  return t.startsWith('"') || t.startsWith("'") ? readQuoted(t) : readYamlPlain(t);
}

/** The closing `'` of a single-quoted scalar (where `''` is an escaped quote), or -1. */
function closeSingle(text: string, open: number, end: number): number {
  for (let i = open + 1; i < end; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i;
  }
  return -1;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

export function scanYaml(text: string): Scan {
  const comments: Comment[] = [];
  const values: ValueSite[] = [];
  let stack: Frame[] = [];
  let pending: { indent: number; path: string[] } | undefined;
  let blockIndent: number | undefined;
  let lineEnd = 0;

  const comment = (hash: number): void => {
    comments.push({ start: hash + 1, end: lineEnd, text: text.slice(hash + 1, lineEnd) });
  };
  /** A comment somewhere after `from` on this line (`#` at the start or after a blank). */
  const trailingComment = (from: number): void => {
    for (let i = from; i < lineEnd; i++) {
      if (text[i] === '#' && (i === from || isBlank(text[i - 1]))) return comment(i);
    }
  };
  const skipBlanks = (i: number): number => {
    while (i < lineEnd && isBlank(text[i])) i++;
    return i;
  };
  const isDashAt = (i: number): boolean => text[i] === '-' && (i + 1 === lineEnd || isBlank(text[i + 1]));

  /** A mapping key at `at`: returns the key and where its value starts. */
  const keyAt = (at: number): { key: string; from: number } | undefined => {
    const c = text[at];
    if (c === '"' || c === "'") {
      const close = c === "'" ? closeSingle(text, at, lineEnd) : findClosingQuote(text, at, true);
      if (close < 0 || close >= lineEnd) return undefined;
      const colon = skipBlanks(close + 1);
      if (text[colon] !== ':' || !(colon + 1 === lineEnd || isBlank(text[colon + 1]))) return undefined;
      const key = readQuoted(text.slice(at, close + 1));
      return key.ok ? { key: String(key.value), from: colon + 1 } : undefined;
    }
    if (/[[{?#]/.test(c)) return undefined;
    for (let j = at; j < lineEnd; j++) {
      if (text[j] === '#' && isBlank(text[j - 1])) return undefined;
      if (text[j] === ':' && (j + 1 === lineEnd || isBlank(text[j + 1]))) {
        return { key: text.slice(at, j).trimEnd(), from: j + 1 };
      }
    }
    return undefined;
  };

  /** The value after a key or dash: a scalar site, a nested block to come, or a block scalar. */
  const valueAt = (from: number, path: string[], indent: number): void => {
    const i = skipBlanks(from);
    if (i === lineEnd || text[i] === '#') {
      if (i < lineEnd) comment(i);
      pending = { indent, path };
      return;
    }
    const c = text[i];
    if (c === '|' || c === '>') {
      blockIndent = indent;
      trailingComment(i);
      return;
    }
    if (c === '"' || c === "'") {
      const close = c === "'" ? closeSingle(text, i, lineEnd) : findClosingQuote(text, i, true);
      if (close < 0 || close >= lineEnd) {
        values.push({ path, span: { start: i, end: lineEnd }, literal: notLiteral('a quoted string that runs past its line') });
        return;
      }
      const after = skipBlanks(close + 1);
      const extra = after < lineEnd && text[after] !== '#';
      values.push({
        path,
        span: { start: i, end: close + 1 },
        literal: extra ? notLiteral('text follows the closing quote') : readQuoted(text.slice(i, close + 1)),
      });
      if (after < lineEnd) trailingComment(after);
      return;
    }
    let end = lineEnd;
    for (let j = i; j < lineEnd; j++) {
      if (text[j] === '#' && isBlank(text[j - 1])) {
        end = j;
        break;
      }
    }
    const hash = end;
    while (end > i && isBlank(text[end - 1])) end--;
    values.push({ path, span: { start: i, end }, literal: readYamlPlain(text.slice(i, end)) });
    if (hash < lineEnd) comment(hash);
  };

  /** One node starting at absolute offset `at`, in column `col`. */
  const node = (at: number, col: number): void => {
    const dash = isDashAt(at);
    if (pending) {
      if (col > pending.indent || (col === pending.indent && dash)) {
        stack.push({ indent: col, path: pending.path, kind: dash ? 'seq' : 'map', next: 0 });
      }
      pending = undefined;
    }
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.indent > col || (top.indent === col && top.kind === 'seq' && !dash)) stack.pop();
      else break;
    }
    if (stack.length === 0) stack.push({ indent: col, path: [], kind: dash ? 'seq' : 'map', next: 0 });
    const top = stack[stack.length - 1];
    if (top.indent < col) return trailingComment(at); // a continuation line of a multi-line scalar
    if (dash) {
      const path = [...top.path, String(top.next++)];
      const inner = skipBlanks(at + 1);
      const innerCol = col + (inner - at);
      if (inner < lineEnd && (isDashAt(inner) || keyAt(inner))) {
        stack.push({ indent: innerCol, path, kind: isDashAt(inner) ? 'seq' : 'map', next: 0 });
        return node(inner, innerCol);
      }
      return valueAt(at + 1, path, col);
    }
    const key = keyAt(at);
    if (!key) return trailingComment(at);
    valueAt(key.from, [...top.path, key.key], col);
  };

  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const next = nl < 0 ? text.length + 1 : nl + 1;
    lineEnd = nl < 0 ? text.length : nl;
    if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
    let at = lineStart;
    while (at < lineEnd && text[at] === ' ') at++;
    const col = at - lineStart;
    const first = at < lineEnd ? text[at] : '';
    if (blockIndent !== undefined && (first === '' || col > blockIndent)) {
      lineStart = next;
      continue;
    }
    blockIndent = undefined;
    if (first === '#') comment(at);
    else if (col === 0 && /^(---|\.\.\.)(\s|$)/.test(text.slice(at, lineEnd))) {
      stack = [];
      pending = undefined;
      trailingComment(at + 3);
    } else if (col === 0 && first === '%') {
      // a YAML directive such as %YAML 1.2
    } else if (first !== '' && first !== '\t') node(at, col);
    lineStart = next;
  }
  return { comments, values };
}

function isPlainSafe(s: string): boolean {
  if (s === '' || s !== s.trim() || /[\x00-\x1f\x7f:#]/.test(s)) return false;
  if (/^[-?,[\]{}&*!|>'"%@`]/.test(s)) return false;
  // YAML 1.1 loaders (PyYAML) read these as booleans or numbers.
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s)) return false;
  if (/^[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$/.test(s)) return false;
  const back = readYamlPlain(s);
  return back.ok && back.value === s;
}

function format(value: ParamValue, original: string, asFloat: boolean): string {
  const o = original.trim();
  if (typeof value === 'number') return formatNumber(value, asFloat, true, 'YAML');
  if (typeof value === 'boolean') {
    const word = value ? 'true' : 'false';
    if (/^[A-Z][a-z]+$/.test(o)) return word[0].toUpperCase() + word.slice(1);
    if (/^[A-Z]+$/.test(o)) return word.toUpperCase();
    return word;
  }
  if (value === null) return /^(~|null|Null|NULL)$/.test(o) ? o : 'null';
  if (o.startsWith("'") && !/[\x00-\x1f]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  if (o.startsWith('"') || !isPlainSafe(value)) return doubleQuoted(value);
  return value;
}

export const yaml: HostSyntax = {
  scan: scanYaml,
  readChoice,
  readNumber: (t) => readDecimal(t, false),
  format,
};
