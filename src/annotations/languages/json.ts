// JSON with comments: a tokenizer that tracks the stack of object keys and
// array indexes, allows `//` and `/* */` comments and tolerates trailing
// commas (as VS Code's own settings files do).

import type { ParamValue } from '../../engine/space';
import { type Comment, type HostSyntax, type Literal, type Scan, type ValueSite, notLiteral, ok } from './host';
import { findClosingQuote, formatNumber, readDecimal, unescape } from './literals';

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function readBare(t: string): Literal {
  if (t === 'true') return ok(true);
  if (t === 'false') return ok(false);
  if (t === 'null') return ok(null);
  if (JSON_NUMBER.test(t)) return ok(Number(t));
  return notLiteral(`\`${t}\` is not a JSON value (strings need double quotes)`);
}

function readString(t: string): Literal {
  if (t.length < 2 || !t.startsWith('"') || !t.endsWith('"')) return notLiteral(`\`${t}\` is not a JSON string`);
  try {
    return ok(JSON.parse(t) as string);
  } catch {
    return ok(unescape(t.slice(1, -1)));
  }
}

function readChoice(text: string): Literal {
  const t = text.trim();
  return t.startsWith('"') ? readString(t) : readBare(t);
}

type Container =
  | { kind: 'object'; path: string[]; key: string | undefined; expectKey: boolean }
  | { kind: 'array'; path: string[]; index: number };

export function scanJson(text: string): Scan {
  const comments: Comment[] = [];
  const values: ValueSite[] = [];
  const stack: Container[] = [];
  const n = text.length;
  let i = 0;

  const here = (): string[] | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    if (top.kind === 'array') return [...top.path, String(top.index)];
    return top.key === undefined ? undefined : [...top.path, top.key];
  };

  while (i < n) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      if (end > i && text[end - 1] === '\r') end--;
      comments.push({ start: i + 2, end, text: text.slice(i + 2, end) });
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      let end = text.indexOf('*/', i + 2);
      const close = end < 0 ? n : end + 2;
      if (end < 0) end = n;
      comments.push({ start: i + 2, end, text: text.slice(i + 2, end) });
      i = close;
    } else if (c === '{' || c === '[') {
      const path = here() ?? [];
      stack.push(c === '{' ? { kind: 'object', path, key: undefined, expectKey: true } : { kind: 'array', path, index: 0 });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') {
        top.expectKey = true;
        top.key = undefined;
      } else if (top?.kind === 'array') top.index++;
      i++;
    } else if (c === ':') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = false;
      i++;
    } else if (c === '"') {
      const close = findClosingQuote(text, i, true);
      const end = close < 0 ? Math.max(text.indexOf('\n', i), i + 1) : close + 1;
      const literal = close < 0 ? notLiteral('unterminated string') : readString(text.slice(i, end));
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) top.key = literal.ok ? String(literal.value) : undefined;
      else values.push({ path: here(), span: { start: i, end }, literal });
      i = end;
    } else {
      // a bare word: a number, true/false/null, or something that is not JSON (`${LR}`)
      const start = i;
      let depth = 0;
      while (i < n && !/[\s,]/.test(text[i])) {
        if (text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) break;
        if (text[i] === '{' || text[i] === '[') depth++;
        else if (text[i] === '}' || text[i] === ']') {
          if (depth === 0) break;
          depth--;
        }
        i++;
      }
      if (i === start) i++;
      else values.push({ path: here(), span: { start, end: i }, literal: readBare(text.slice(start, i)) });
    }
  }
  return { comments, values };
}

function format(value: ParamValue, _original: string, asFloat: boolean): string {
  if (typeof value === 'number') return formatNumber(value, asFloat, false, 'JSON');
  return JSON.stringify(value);
}

export const json: HostSyntax = {
  scan: scanJson,
  readChoice,
  readNumber: (t) => readDecimal(t, false),
  format,
};
