'use strict';
// A minimal YAML reader for the config files of this example: nested
// mappings of scalars, written one `key: value` a line. It is enough for a
// config that Hyperlens renders (same layout, only values changed) and
// refuses anything richer (lists, flow style, multi-line strings) with a
// message that names the line, instead of guessing.

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Turns one scalar's text into a number, boolean, null or string. */
function readScalar(text, lineNo) {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`line ${lineNo}: unterminated "string"`);
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`line ${lineNo}: bad double-quoted string ${text}`);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`line ${lineNo}: unterminated 'string'`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (NUMBER.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  if (/^[[{|>&*!]/.test(text)) throw new Error(`line ${lineNo}: this reader supports plain scalars only, not ${JSON.stringify(text)}`);
  return text;
}

/** Drops a trailing `# comment`, leaving `#` inside quotes alone. */
function stripComment(line) {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Parses the text of a config file into nested plain objects. */
function parseYaml(text) {
  const root = {};
  // Open mappings, innermost last, each with the indent of its keys.
  const stack = [{ indent: -1, map: root }];
  let pendingParent = null; // a `key:` with no value waits for its first child
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = stripComment(lines[i]).replace(/\s+$/, '');
    if (raw.trim() === '' || raw === '---' || raw === '...') continue;
    if (raw.includes('\t') && /^\s*\t/.test(raw)) throw new Error(`line ${lineNo}: tabs cannot indent YAML`);
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body.startsWith('- ') || body === '-') throw new Error(`line ${lineNo}: lists are not supported by this reader`);
    const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(body);
    if (!m) throw new Error(`line ${lineNo}: expected "key: value", got ${JSON.stringify(body)}`);
    const key = m[1].startsWith('"') || m[1].startsWith("'") ? readScalar(m[1], lineNo) : m[1];
    const valueText = (m[2] ?? '').trim();

    if (pendingParent) {
      if (indent <= pendingParent.indent) {
        pendingParent.owner[pendingParent.key] = null; // `key:` with nothing under it
      } else {
        const child = {};
        pendingParent.owner[pendingParent.key] = child;
        stack.push({ indent, map: child });
      }
      pendingParent = null;
    }
    while (stack.length > 1 && indent < stack[stack.length - 1].indent) stack.pop();
    const top = stack[stack.length - 1];
    if (indent !== top.indent && !(stack.length === 1 && top.indent === -1)) {
      throw new Error(`line ${lineNo}: indentation does not match any open mapping`);
    }
    if (stack.length === 1 && top.indent === -1) top.indent = indent;
    if (Object.prototype.hasOwnProperty.call(top.map, key)) throw new Error(`line ${lineNo}: duplicate key "${key}"`);

    if (valueText === '') {
      top.map[key] = null;
      pendingParent = { owner: top.map, key, indent };
    } else {
      top.map[key] = readScalar(valueText, lineNo);
    }
  }
  return root;
}

module.exports = { parseYaml, readScalar };
