// INI: `[section]` headers and `key = value` / `key: value` lines, named
// `section.key` (a bare `key` before any header). Comments start with `#`
// or `;` at the start of a line or after a blank.

import { type Comment, type HostSyntax, type Scan, type ValueSite, notLiteral } from './host';
import { readDecimal } from './literals';
import { commentStart, formatRaw, quotedEnd, readRaw } from './rawtext';

export function scanIni(text: string): Scan {
  const comments: Comment[] = [];
  const values: ValueSite[] = [];
  let section: string | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    let lineEnd = nl < 0 ? text.length : nl;
    if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
    let at = lineStart;
    while (at < lineEnd && /[ \t]/.test(text[at])) at++;
    let hash = -1;
    const header = /^\[([^\]]*)\]/.exec(text.slice(at, lineEnd));
    if (header) {
      section = header[1].trim();
      hash = commentStart(text, at + header[0].length, lineEnd, '#;');
    } else if (at < lineEnd && !'#;'.includes(text[at])) {
      const line = text.slice(at, lineEnd);
      const sep = line.search(/[=:]/);
      const key = sep > 0 ? line.slice(0, sep).trim() : '';
      if (key !== '') {
        let v = at + sep + 1;
        while (v < lineEnd && /[ \t]/.test(text[v])) v++;
        const path = section === undefined ? [key] : [section, key];
        const end = text[v] === '"' || text[v] === "'" ? quotedEnd(text, v, lineEnd, 'ini') : -1;
        if (end >= 0) {
          values.push({ path, span: { start: v, end }, literal: readRaw(text.slice(v, end), 'ini') });
          hash = commentStart(text, end, lineEnd, '#;');
        } else {
          hash = commentStart(text, v, lineEnd, '#;');
          let stop = hash < 0 ? lineEnd : hash;
          while (stop > v && /\s/.test(text[stop - 1])) stop--;
          if (stop > v) {
            const raw = text.slice(v, stop);
            const literal = /^["']/.test(raw) ? notLiteral(`unterminated string ${raw}`) : readRaw(raw, 'ini');
            values.push({ path, span: { start: v, end: stop }, literal });
          }
        }
      } else hash = commentStart(text, at, lineEnd, '#;');
    } else if (at < lineEnd) hash = at;
    if (hash >= 0) comments.push({ start: hash + 1, end: lineEnd, text: text.slice(hash + 1, lineEnd) });
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return { comments, values };
}

export const ini: HostSyntax = {
  scan: scanIni,
  readChoice: (t) => readRaw(t, 'ini'),
  readNumber: (t) => readDecimal(t, false),
  format: (value, original, asFloat) => formatRaw(value, original, asFloat, 'ini'),
};
