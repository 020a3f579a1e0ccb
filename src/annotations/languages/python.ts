// Python: a tokenizer (strings of every kind, comments, brackets, logical
// lines) and a forgiving parser that finds literal values and names them:
// `lr = 0.1` -> `lr`, `self.lr = ...` -> `lr`, `{"lr": 0.1}` and
// `dict(lr=0.1)` -> `lr` (nested: `optimizer.lr`), `sizes = [64, 128]` ->
// `sizes.0`, keyword arguments and `def` defaults by their keyword.

import type { ParamValue } from '../../engine/space';
import { type Comment, type HostSyntax, type Literal, type Scan, type ValueSite, notLiteral, ok } from './host';
import { formatNumber, readDecimal, unescape } from './literals';

interface Token {
  kind: 'name' | 'number' | 'string' | 'op' | 'newline';
  start: number;
  end: number;
  text: string;
}

const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;
const NUMBER = /^(0[xXoObB][0-9a-fA-F_]+|(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d[\d_]*)?)[jJlL]?/;
const OPERATOR = /^(\*\*=|\/\/=|>>=|<<=|->|:=|==|!=|<=|>=|\*\*|\/\/|<<|>>|[-+*/%@&|^~]=|.)/s;
const NOT_CALLS = new Set(['if', 'elif', 'while', 'return', 'not', 'and', 'or', 'in', 'is', 'assert', 'del', 'yield', 'lambda', 'await', 'with', 'for', 'except', 'raise', 'else', 'import', 'from', 'as']);

/** Reads one Python literal: a number, True/False/None, or a string (not bytes, not an f-string). */
export function readPythonLiteral(text: string): Literal {
  const t = text.trim().replace(/^([+-])\s+/, '$1');
  if (t === 'True') return ok(true);
  if (t === 'False') return ok(false);
  if (t === 'None') return ok(null);
  const n = readDecimal(t, true);
  if (n !== undefined) return ok(n);
  const m = STRING_START.exec(t);
  if (m && t.length >= m[0].length + m[2].length && t.endsWith(m[2])) {
    const prefix = m[1].toLowerCase();
    if (prefix.includes('b')) return notLiteral(`${t} is a bytes literal, not a string`);
    if (prefix.includes('f')) return notLiteral(`${t} is an f-string, not a literal`);
    const body = t.slice(m[0].length, t.length - m[2].length);
    return ok(prefix.includes('r') ? body : unescape(body));
  }
  return notLiteral(`\`${t}\` is not a Python literal (strings need quotes)`);
}

/** The end (exclusive) of a string whose quotes open at `q`, or the line's end if unterminated. */
function stringEnd(text: string, q: number, quote: string): number {
  for (let i = q + quote.length; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(quote, i)) return i + quote.length;
    else if (text[i] === '\n' && quote.length === 1) return i;
  }
  return text.length;
}

function tokenize(text: string, comments: Comment[]): Token[] {
  const tokens: Token[] = [];
  const push = (kind: Token['kind'], start: number, end: number): void => {
    tokens.push({ kind, start, end, text: text.slice(start, end) });
  };
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i, i + 64);
    if (c === ' ' || c === '\t' || c === '\f') i++;
    else if (c === '\\' && /^\\\r?\n/.test(rest)) i += rest[1] === '\r' ? 3 : 2;
    else if (c === '\n' || c === '\r') {
      if (depth === 0 && tokens.length > 0 && tokens[tokens.length - 1].kind !== 'newline') push('newline', i, i + 1);
      i++;
    } else if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      if (text[end - 1] === '\r') end--;
      comments.push({ start: i + 1, end, text: text.slice(i + 1, end) });
      i = end;
    } else if (STRING_START.test(rest) && (c === '"' || c === "'" || /^[rRbBuUfF]{1,2}['"]/.test(rest))) {
      const m = STRING_START.exec(rest) as RegExpExecArray;
      const end = stringEnd(text, i + m[1].length, m[2]);
      push('string', i, end);
      i = end;
    } else if (/[\p{L}_]/u.test(c)) {
      const m = /^[\p{L}\p{N}_]+/u.exec(rest) as RegExpExecArray;
      push('name', i, i + m[0].length);
      i += m[0].length;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
      const m = NUMBER.exec(rest) as RegExpExecArray;
      push('number', i, i + m[0].length);
      i += m[0].length;
    } else {
      const m = OPERATOR.exec(rest) as RegExpExecArray;
      if ('([{'.includes(m[0])) depth++;
      else if (')]}'.includes(m[0])) depth = Math.max(0, depth - 1);
      push('op', i, i + m[0].length);
      i += m[0].length;
    }
  }
  return tokens;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export function scanPython(text: string): Scan {
  const comments: Comment[] = [];
  const values: ValueSite[] = [];
  const t = tokenize(text, comments);
  let p = 0;

  const is = (at: number, s: string): boolean => t[at]?.kind === 'op' && t[at].text === s;
  const endsStatement = (at: number): boolean => at >= t.length || t[at].kind === 'newline' || is(at, ';');
  /** Skips balanced tokens until one of `stops` at this depth (not consumed) or the statement's end. */
  const skipUntil = (stops: string[]): void => {
    let depth = 0;
    while (p < t.length) {
      const tok = t[p];
      if (depth === 0 && (endsStatement(p) || (tok.kind === 'op' && stops.includes(tok.text)))) return;
      if (tok.kind === 'op' && tok.text in OPENERS) depth++;
      else if (tok.kind === 'op' && ')]}'.includes(tok.text)) {
        if (depth === 0) return;
        depth--;
      }
      p++;
    }
  };
  const extend = (path: string[] | undefined, key: string | undefined): string[] | undefined =>
    path && key !== undefined ? [...path, key] : undefined;

  /** One value; `statement` marks an assignment's value, whose dict or call starts a fresh key path. */
  const value = (path: string[] | undefined, delimiters: string[], statement = false): void => {
    const tok = t[p];
    if (!tok || endsStatement(p)) return;
    if (tok.kind === 'op' && tok.text === '{') return dict(statement ? [] : path ?? []);
    if (tok.kind === 'op' && (tok.text === '[' || tok.text === '(')) return sequence(path);
    if (tok.kind === 'name' && is(p + 1, '(') && !NOT_CALLS.has(tok.text)) {
      const before = values.length;
      p++;
      call(statement ? [] : path ?? []);
      // a call without literal arguments (`get_lr()`) is itself the value, and not a literal
      const span = { start: tok.start, end: t[p - 1].end };
      if (values.length === before) values.push({ path, span, literal: notLiteral(`\`${text.slice(span.start, span.end)}\` is an expression, not a literal`) });
      return;
    }
    const start = p;
    if (tok.kind === 'op' && (tok.text === '-' || tok.text === '+') && t[p + 1]?.kind === 'number') p++;
    const last = t[p];
    const single = last.kind === 'number' || last.kind === 'string' || /^(True|False|None)$/.test(last.text);
    p++;
    const done = endsStatement(p) || (t[p].kind === 'op' && delimiters.includes(t[p].text));
    if (single && done) {
      const span = { start: t[start].start, end: last.end };
      values.push({ path, span, literal: readPythonLiteral(text.slice(span.start, span.end)) });
      return;
    }
    p = start;
    skipUntil(delimiters);
    if (p === start) return;
    const end = t[Math.max(start, p - 1)].end;
    const expression = text.slice(t[start].start, end);
    values.push({ path, span: { start: t[start].start, end }, literal: notLiteral(`\`${expression}\` is an expression, not a literal`) });
  };

  /** After a container's item: a comma, the closing bracket, or anything else skipped up to it. */
  const next = (close: string): boolean => {
    if (is(p, ',')) {
      p++;
      return true;
    }
    skipUntil([close]);
    if (is(p, close)) p++;
    return false;
  };

  const dict = (path: string[]): void => {
    p++;
    while (p < t.length && !is(p, '}')) {
      let key: string | undefined;
      if (t[p].kind === 'string' && is(p + 1, ':')) {
        const read = readPythonLiteral(t[p].text);
        key = read.ok ? String(read.value) : undefined;
        p += 2;
      } else {
        skipUntil([':', ',', '}']);
        if (!is(p, ':')) {
          if (!next('}')) return;
          continue;
        }
        p++;
      }
      value(extend(path, key), [',', '}']);
      if (!next('}')) return;
    }
    p++;
  };

  const sequence = (path: string[] | undefined): void => {
    const close = OPENERS[t[p].text];
    p++;
    for (let index = 0; p < t.length && !is(p, close); index++) {
      value(extend(path, String(index)), [',', close]);
      if (!next(close)) return;
    }
    p++;
  };

  /** Arguments of a call, or parameters of a `def`: keywords name their values. */
  const call = (path: string[]): void => {
    p++;
    for (let index = 0; p < t.length && !is(p, ')'); ) {
      const tok = t[p];
      if (tok.kind === 'name' && (is(p + 1, '=') || is(p + 1, ':'))) {
        p++;
        if (is(p, ':')) skipUntil(['=', ',', ')']);
        if (is(p, '=')) {
          p++;
          value([...path, tok.text], [',', ')']);
        }
      } else if (is(p, '*') || is(p, '**')) {
        skipUntil([',', ')']);
      } else value([...path, String(index++)], [',', ')']);
      if (!next(')')) return;
    }
    p++;
  };

  /** `a.b: T` or `self.lr` as a name; undefined for targets like `x[0]` or `a, b`. */
  const targetName = (from: number, to: number): string | undefined => {
    let end = from;
    while (end < to && !is(end, ':')) end++;
    const parts: string[] = [];
    for (let k = from; k < end; k += 2) {
      if (t[k].kind !== 'name' || (k + 1 < end && !is(k + 1, '.'))) return undefined;
      parts.push(t[k].text);
    }
    if (parts[0] === 'self' && parts.length > 1) parts.shift();
    return parts.length > 0 ? parts.join('.') : undefined;
  };

  while (p < t.length) {
    const start = p;
    let depth = 0;
    let lastEq = -1;
    let previousEq = -1;
    for (let q = p; !endsStatement(q) || depth > 0; q++) {
      if (q >= t.length) break;
      const tok = t[q];
      if (tok.kind !== 'op') continue;
      if (tok.text in OPENERS) depth++;
      else if (')]}'.includes(tok.text)) depth--;
      else if (tok.text === '=' && depth === 0) {
        previousEq = lastEq;
        lastEq = q;
      }
    }
    if (lastEq >= 0) {
      const target = targetName(previousEq >= 0 ? previousEq + 1 : start, lastEq);
      p = lastEq + 1;
      // a dict or a call starts its own key path (`cfg = dict(lr=0.1)` -> `lr`); a list keeps the target's
      value(target === undefined ? undefined : [target], [], true);
    }
    // calls elsewhere in the statement (`def f(lr=0.1):`, `train(lr=0.1)`)
    while (p < t.length && !endsStatement(p)) {
      if (t[p].kind === 'name' && is(p + 1, '(') && !NOT_CALLS.has(t[p].text)) {
        p++;
        call([]);
      } else p++;
    }
    p++;
  }
  return { comments, values };
}

function quote(s: string, q: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(q, 'g'), `\\${q}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return q + escaped + q;
}

function format(value: ParamValue, original: string, asFloat: boolean): string {
  if (typeof value === 'number') return formatNumber(value, asFloat, false, 'Python');
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  const m = STRING_START.exec(original.trim());
  return quote(value, m ? m[2][0] : '"');
}

export const python: HostSyntax = {
  scan: scanPython,
  readChoice: readPythonLiteral,
  readNumber: (t) => readDecimal(t, true),
  format,
};
