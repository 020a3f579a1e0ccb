// `.env` files and shell scripts: `KEY=value` and `export KEY=value` lines,
// named by their key. Other shell lines only contribute their comments.

import { type Comment, type HostSyntax, type Scan, type ValueSite, notLiteral } from './host';
import { readDecimal } from './literals';
import { commentStart, formatRaw, quotedEnd, readRaw } from './rawtext';

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*/;

/** A `#` that starts a comment on a shell line, outside quotes. */
function shellComment(text: string, from: number, lineEnd: number): number {
  for (let i = from; i < lineEnd; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = quotedEnd(text, i, lineEnd, 'env');
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === '\\') i++;
    else if (c === '#' && (i === from || /\s/.test(text[i - 1]))) return i;
  }
  return -1;
}

export function scanEnv(text: string): Scan {
  const comments: Comment[] = [];
  const values: ValueSite[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    let lineEnd = nl < 0 ? text.length : nl;
    if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
    const line = text.slice(lineStart, lineEnd);
    const m = ASSIGNMENT.exec(line);
    let hash = -1;
    if (m) {
      const at = lineStart + m[0].length;
      const path = [m[1]];
      if (text[at] === '"' || text[at] === "'") {
        const end = quotedEnd(text, at, lineEnd, 'env');
        if (end < 0) values.push({ path, span: { start: at, end: lineEnd }, literal: notLiteral('a quoted value that runs past its line') });
        else {
          values.push({ path, span: { start: at, end }, literal: readRaw(text.slice(at, end), 'env') });
          hash = commentStart(text, end, lineEnd, '#');
        }
      } else {
        hash = commentStart(text, at, lineEnd, '#');
        let end = hash < 0 ? lineEnd : hash;
        while (end > at && /\s/.test(text[end - 1])) end--;
        if (end > at) values.push({ path, span: { start: at, end }, literal: readRaw(text.slice(at, end), 'env') });
      }
    } else hash = shellComment(text, lineStart, lineEnd);
    if (hash >= 0) comments.push({ start: hash + 1, end: lineEnd, text: text.slice(hash + 1, lineEnd) });
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return { comments, values };
}

export const env: HostSyntax = {
  scan: scanEnv,
  readChoice: (t) => readRaw(t, 'env'),
  readNumber: (t) => readDecimal(t, false),
  format: (value, original, asFloat) => formatRaw(value, original, asFloat, 'env'),
};
