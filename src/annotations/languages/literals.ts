// Number and string helpers the host languages share: reading decimal
// numbers, undoing backslash escapes, and writing numbers so that each
// language reads them back as the same type.

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_UNDERSCORE = /^[+-]?(\d(_?\d)*(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/;
const RADIX = /^[+-]?0([xX][0-9a-fA-F](_?[0-9a-fA-F])*|[oO][0-7](_?[0-7])*|[bB][01](_?[01])*)$/;

/** A decimal number (`0.1`, `-3`, `1e-5`); `underscores` also allows `1_000` and `0x1F`-style radix ints. */
export function readDecimal(text: string, underscores: boolean): number | undefined {
  const t = text.trim();
  if (underscores) {
    if (RADIX.test(t)) {
      const negative = t.startsWith('-');
      const body = t.replace(/^[+-]/, '').replace(/_/g, '');
      const radix = { x: 16, o: 8, b: 2 }[body[1].toLowerCase() as 'x' | 'o' | 'b'];
      const n = parseInt(body.slice(2), radix);
      return negative ? -n : n;
    }
    if (!DECIMAL_UNDERSCORE.test(t)) return undefined;
    return Number(t.replace(/_/g, ''));
  }
  return DECIMAL.test(t) ? Number(t) : undefined;
}

/** True when the literal text is written as a float (`1.0`, `1e-3`), not an integer. */
export function looksLikeFloat(text: string): boolean {
  const t = text.trim();
  return !/^[+-]?0[xXoObB]/.test(t) && /[.eE]/.test(t) && readDecimal(t, true) !== undefined;
}

/**
 * Writes a number: integers as integers, `asFloat` integral values as `1.0`.
 * `dotBeforeExponent` makes `1e-7` into `1.0e-7`, which YAML 1.1 loaders
 * (PyYAML) need to read a float.
 */
export function formatNumber(x: number, asFloat: boolean, dotBeforeExponent: boolean, language: string): string {
  if (!Number.isFinite(x)) throw new Error(`${language} cannot write ${x} as a literal`);
  const s = String(x);
  const e = s.indexOf('e');
  const mantissa = e < 0 ? s : s.slice(0, e);
  if (mantissa.includes('.')) return s;
  if (e >= 0) return dotBeforeExponent ? `${mantissa}.0${s.slice(e)}` : s;
  return asFloat ? `${s}.0` : s;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', e: '\x1b', '0': '\0',
  '\\': '\\', '"': '"', "'": "'", '/': '/', ' ': ' ',
};

/**
 * Undoes backslash escapes: the simple ones, `\xHH`, `\uXXXX`, `\UXXXXXXXX`.
 * An escape the language does not know is kept as written (Python's rule).
 */
export function unescape(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1];
    const hexLength = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      if (hex.length === hexLength && /^[0-9a-fA-F]+$/.test(hex)) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + hexLength;
        continue;
      }
    }
    if (n === '\n') {
      i += 1; // a line continuation inside a string
      continue;
    }
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i += 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** A double-quoted string with JSON escapes, which YAML, TOML and Python also read. */
export function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/\x7f/g, '\\u007f');
}

/** The closing quote of a string opened at `open` (backslash escapes if `escapes`), or -1. */
export function findClosingQuote(text: string, open: number, escapes: boolean, stopAtNewline = true): number {
  const q = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (escapes && c === '\\') {
      i++;
      continue;
    }
    if (c === q) return i;
    if (stopAtNewline && c === '\n') return -1;
  }
  return -1;
}
