// Values of `.env` and INI files are raw text up to the comment: a number
// when the text reads as one, otherwise a string, quotes removed. The two
// differ in escapes (the shell has them, INI has none) and interpolation
// syntax, which `escapes` selects.

import type { ParamValue } from '../../engine/space';
import { type Literal, notLiteral, ok } from './host';
import { formatNumber, readDecimal } from './literals';

export type RawStyle = 'env' | 'ini';

/** Undoes the backslashes a shell honours inside double quotes. */
function unescapeShell(body: string): string {
  return body.replace(/\\([\\"$`\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}

export function readRaw(text: string, style: RawStyle): Literal {
  const t = text.trim();
  const q = t[0];
  if ((q === '"' || q === "'") && t.length >= 2 && t.endsWith(q)) {
    const body = t.slice(1, -1);
    if (q === "'" || style === 'ini') return ok(body);
    if (/\$[{(A-Za-z_]|`/.test(body.replace(/\\[\\$`]/g, ''))) return notLiteral(`${t} expands a variable or command, not a literal`);
    return ok(unescapeShell(body));
  }
  if (q === '"' || q === "'") return notLiteral(`unterminated string ${t}`);
  if (style === 'env' && /\$[{(A-Za-z_]|`/.test(t)) return notLiteral(`\`${t}\` expands a variable or command, not a literal`);
  if (style === 'ini' && /\$\{|%\(/.test(t)) return notLiteral(`\`${t}\` is an interpolation, not a literal`);
  const n = readDecimal(t, false);
  return n === undefined ? ok(t) : ok(n);
}

/** Where a value's quoted string ends (exclusive) on this line, or -1. */
export function quotedEnd(text: string, open: number, lineEnd: number, style: RawStyle): number {
  const q = text[open];
  for (let i = open + 1; i < lineEnd; i++) {
    if (style === 'env' && q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) return i + 1;
  }
  return -1;
}

/** The first comment marker on the line after `from`: at the start or after a blank. */
export function commentStart(text: string, from: number, lineEnd: number, markers: string): number {
  for (let i = from; i < lineEnd; i++) {
    if (markers.includes(text[i]) && (i === from || text[i - 1] === ' ' || text[i - 1] === '\t')) return i;
  }
  return -1;
}

export function formatRaw(value: ParamValue, original: string, asFloat: boolean, style: RawStyle): string {
  const where = style === 'env' ? '.env' : 'INI';
  if (typeof value === 'number') return formatNumber(value, asFloat, false, where);
  if (typeof value === 'boolean') return String(value);
  if (value === null) throw new Error(`${where} has no null value`);
  if (/[\r\n]/.test(value)) throw new Error(`${where} cannot write a value over several lines`);
  const o = original.trim();
  if (o.startsWith("'") && !value.includes("'")) return `'${value}'`;
  const back = readRaw(value, style);
  const plain = style === 'env' ? /^[A-Za-z0-9_.,:/@%+=-]+$/.test(value) : !/^\s|\s$|^['"]|[#;]|\$\{|%\(/.test(value);
  if (!o.startsWith('"') && value !== '' && plain && back.ok && back.value === value) return value;
  if (style === 'env') return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
  if (value.includes('"')) {
    if (!value.includes("'")) return `'${value}'`;
    throw new Error(`INI cannot write a value holding both kinds of quote: ${value}`);
  }
  return `"${value}"`;
}
