// TOML: a small tokenizer over the whole file. Table headers (`[a.b]`,
// `[[runs]]` with an index per entry), dotted keys, inline tables and arrays
// (items as `key.0`) give the key path; strings of every kind are skipped
// whole so a `#` inside one is never a comment.

import type { ParamValue } from '../../engine/space';
import { type Comment, type HostSyntax, type Literal, type Scan, type ValueSite, notLiteral, ok } from './host';
import { doubleQuoted, findClosingQuote, formatNumber, readDecimal, unescape } from './literals';

function readBare(t: string): Literal {
  if (t === 'true') return ok(true);
  if (t === 'false') return ok(false);
  if (/^[+-]?inf$/.test(t)) return ok(t.startsWith('-') ? -Infinity : Infinity);
  if (/^[+-]?nan$/.test(t)) return ok(NaN);
  const n = readDecimal(t, true);
  if (n !== undefined) return ok(n);
  if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(t)) return notLiteral(`\`${t}\` is a date or time, which cannot be tuned`);
  return notLiteral(`\`${t}\` is not a TOML value (strings need quotes)`);
}

/** Reads a whole string literal of any of TOML's four kinds. */
function readString(t: string): Literal {
  const triple = t.startsWith('"""') || t.startsWith("'''");
  const quote = triple ? t.slice(0, 3) : t[0];
  if (t.length < 2 * quote.length || !t.endsWith(quote)) return notLiteral(`unterminated string ${t}`);
  let body = t.slice(quote.length, t.length - quote.length);
  if (triple) body = body.replace(/^\r?\n/, '');
  if (quote[0] === "'") return ok(body);
  if (triple) body = body.replace(/\\[ \t]*\r?\n[\s]*/g, ''); // a line-ending backslash joins lines
  return ok(unescape(body));
}

function readChoice(text: string): Literal {
  const t = text.trim();
  return t.startsWith('"') || t.startsWith("'") ? readString(t) : readBare(t);
}

export function scanToml(text: string): Scan {
  const comments: Comment[] = [];
  const values: ValueSite[] = [];
  const arrayTables = new Map<string, number>();
  const n = text.length;
  let i = 0;
  let table: string[] = [];

  const lineEnd = (from: number): number => {
    const nl = text.indexOf('\n', from);
    let end = nl < 0 ? n : nl;
    if (end > from && text[end - 1] === '\r') end--;
    return end;
  };
  const comment = (): void => {
    const end = lineEnd(i);
    comments.push({ start: i + 1, end, text: text.slice(i + 1, end) });
    i = end;
  };
  const skipBlanks = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  /** Blanks, newlines and comments, as allowed inside arrays. */
  const skipSpace = (): void => {
    for (;;) {
      skipBlanks();
      if (text[i] === '\r' || text[i] === '\n') i++;
      else if (text[i] === '#') comment();
      else return;
    }
  };
  /** The end (exclusive) of a string starting at `i`, or -1 if it never closes. */
  const stringEnd = (): number => {
    const q = text[i];
    if (text.startsWith(q.repeat(3), i)) {
      const close = text.indexOf(q.repeat(3), i + 3);
      if (close < 0) return -1;
      let end = close + 3;
      while (text[end] === q && end - close < 5) end++; // up to two quotes may end the content
      return end;
    }
    const close = q === '"' ? findClosingQuote(text, i, true) : findClosingQuote(text, i, false);
    return close < 0 ? -1 : close + 1;
  };
  const readKey = (): string[] | undefined => {
    const keys: string[] = [];
    for (;;) {
      skipBlanks();
      const c = text[i];
      if (c === '"' || c === "'") {
        const end = stringEnd();
        if (end < 0) return undefined;
        const key = readString(text.slice(i, end));
        if (!key.ok) return undefined;
        keys.push(String(key.value));
        i = end;
      } else {
        const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 256));
        if (!m) return undefined;
        keys.push(m[0]);
        i += m[0].length;
      }
      skipBlanks();
      if (text[i] !== '.') return keys;
      i++;
    }
  };
  /** Fills in the entry index of every `[[array]]` table along a header's path. */
  const resolve = (keys: string[], newEntry: boolean): string[] => {
    const out: string[] = [];
    keys.forEach((k, at) => {
      out.push(k);
      const id = out.join('\0');
      if (newEntry && at === keys.length - 1) {
        const count = arrayTables.get(id) ?? 0;
        arrayTables.set(id, count + 1);
        out.push(String(count));
      } else if (arrayTables.has(id)) {
        out.push(String((arrayTables.get(id) ?? 1) - 1));
      }
    });
    return out;
  };

  /** One value; returns false where the text is not TOML, so the caller skips the line. */
  const value = (path: string[]): boolean => {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = stringEnd();
      if (end < 0) return false;
      values.push({ path, span: { start: i, end }, literal: readString(text.slice(i, end)) });
      i = end;
      return true;
    }
    if (c === '[') {
      i++;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text[i] === ']') break;
        if (!value([...path, String(index)])) return false;
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') return false;
      }
      i++;
      return true;
    }
    if (c === '{') {
      i++;
      for (;;) {
        skipBlanks();
        if (text[i] === '}') break;
        const keys = readKey();
        if (!keys || text[i] !== '=') return false;
        i++;
        skipBlanks();
        if (!value([...path, ...keys])) return false;
        skipBlanks();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') return false;
      }
      i++;
      return true;
    }
    const start = i;
    while (i < n && !/[\s,\]}#]/.test(text[i])) i++;
    // a date and time may be separated by one space: 1979-05-27 07:32:00
    if (/^\d{4}-\d{2}-\d{2}$/.test(text.slice(start, i)) && text[i] === ' ' && /\d/.test(text[i + 1] ?? '')) {
      i++;
      while (i < n && !/[\s,\]}#]/.test(text[i])) i++;
    }
    if (i === start) return false;
    values.push({ path, span: { start, end: i }, literal: readBare(text.slice(start, i)) });
    return true;
  };

  while (i < n) {
    skipBlanks();
    const c = text[i];
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#') {
      comment();
      continue;
    }
    let good = false;
    if (c === '[') {
      const arrayTable = text[i + 1] === '[';
      i += arrayTable ? 2 : 1;
      const keys = readKey();
      const close = arrayTable ? ']]' : ']';
      if (keys && text.startsWith(close, i)) {
        i += close.length;
        table = resolve(keys, arrayTable);
        good = true;
      }
    } else {
      const keys = readKey();
      if (keys && text[i] === '=') {
        i++;
        skipBlanks();
        good = value([...table, ...keys]);
      }
    }
    // the rest of the line: a comment, or text that is not TOML and is skipped
    skipBlanks();
    if (text[i] === '#') comment();
    else if (!good || (text[i] !== '\n' && text[i] !== '\r')) i = Math.max(i, lineEnd(i));
  }
  return { comments, values };
}

function format(value: ParamValue, original: string, asFloat: boolean): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (value === Infinity || value === -Infinity) return value > 0 ? 'inf' : '-inf';
    return formatNumber(value, asFloat, false, 'TOML');
  }
  if (typeof value === 'boolean') return String(value);
  if (value === null) throw new Error('TOML has no null value');
  const o = original.trim();
  if (o.startsWith("'") && !o.startsWith("'''") && !/['\x00-\x1f\x7f]/.test(value)) return `'${value}'`;
  return doubleQuoted(value);
}

export const toml: HostSyntax = {
  scan: scanToml,
  readChoice,
  readNumber: (t) => readDecimal(t, true),
  format,
};
