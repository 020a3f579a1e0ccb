// The `@tune <distribution>` mini-language: float(lo, hi[, log][, step=s]),
// int(...), choice(v1, ...), fidelity(lo, hi), fixed, each with an optional
// name=... option. Numbers and choice values are read the way the host
// language reads literals, so `choice(True, None)` is Python and
// `choice(adam, sgd)` is YAML.

import { type Distribution, type ParamValue, checkDistribution } from '../engine/space';
import type { HostSyntax } from './languages/host';
import { closest } from './suggest';
import type { Span } from './types';

export const DISTRIBUTIONS = ['float', 'int', 'choice', 'fidelity', 'fixed'] as const;

/** A problem inside an annotation, at absolute offsets in the file. */
export interface Problem {
  span: Span;
  field?: string;
  message: string;
}

export interface ParsedAnnotation {
  /** For `fixed`, `value` is filled in from the file by the caller. */
  distribution?: Distribution;
  name?: string;
  /** The `@tune ...` text, from `@` to the end of the distribution and its options. */
  span: Span;
  problems: Problem[];
}

export interface Arg {
  text: string;
  span: Span;
  /** For `key=value` arguments. */
  key?: string;
  value?: string;
}

/** Splits `a, "b,c", d=1` at top-level commas, with each piece's span. */
export function splitArgs(text: string, offset: number): Arg[] {
  const args: Arg[] = [];
  let depth = 0;
  let from = 0;
  const flush = (to: number): void => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const piece = raw.trim();
    const span = { start: offset + from + lead, end: offset + from + lead + piece.length };
    const option = /^([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(piece);
    args.push(option ? { text: piece, span, key: option[1], value: option[2] } : { text: piece, span });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      flush(i);
      from = i + 1;
    }
  }
  if (text.trim() !== '' || args.length > 0) flush(text.length);
  return args;
}

/** The index of the `)` closing the `(` at `open`, skipping quoted text; -1 if none. */
export function closingParen(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < limit && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function fieldOf(problem: string): string {
  if (problem.startsWith('low')) return 'bounds';
  if (problem.startsWith('a log')) return 'log';
  if (problem.startsWith('step')) return 'step';
  if (problem.startsWith('a choice')) return 'choices';
  return 'distribution';
}

/**
 * Parses the annotation whose `@tune` starts at `at` in `text`, reading no
 * further than `limit` (the end of its comment).
 */
export function parseAnnotation(text: string, at: number, limit: number, syntax: HostSyntax): ParsedAnnotation {
  const problems: Problem[] = [];
  const result: ParsedAnnotation = { span: { start: at, end: at + 5 }, problems };
  const problem = (span: Span, field: string | undefined, message: string): ParsedAnnotation => {
    problems.push(field === undefined ? { span, message } : { span, field, message });
    return result;
  };
  let i = at + 5;
  while (i < limit && /\s/.test(text[i])) i++;
  const kind = /^[A-Za-z_]\w*/.exec(text.slice(i, limit))?.[0];
  if (!kind) {
    return problem({ start: at, end: at + 5 }, 'distribution', 'expected a distribution after @tune: float(lo, hi), int(lo, hi), choice(...), fidelity(lo, hi) or fixed');
  }
  const kindSpan = { start: i, end: i + kind.length };
  result.span.end = kindSpan.end;
  if (!(DISTRIBUTIONS as readonly string[]).includes(kind)) {
    const guess = closest(kind, DISTRIBUTIONS);
    return problem(kindSpan, 'distribution', `unknown distribution "${kind}"${guess ? `; did you mean "${guess}"?` : ''} (float, int, choice, fidelity, fixed)`);
  }
  i = kindSpan.end;
  let args: Arg[] = [];
  let j = i;
  while (j < limit && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text[j] === '(') {
    const close = closingParen(text, j, limit);
    if (close < 0) return problem({ start: j, end: limit }, 'distribution', `${kind}( is missing its closing parenthesis`);
    args = splitArgs(text.slice(j + 1, close), j + 1);
    i = close + 1;
  } else if (kind !== 'fixed') {
    return problem(kindSpan, 'distribution', `${kind} needs arguments: ${kind === 'choice' ? 'choice(a, b, ...)' : `${kind}(lo, hi)`}`);
  }
  result.span.end = i;
  // name=... may also follow the closing parenthesis (the only way to name `fixed` without one)
  for (;;) {
    const m = /^[ \t]+(name\s*=\s*[^\s,]+)/.exec(text.slice(i, limit));
    if (!m) break;
    const start = i + m[0].length - m[1].length;
    const option = /^name\s*=\s*(.*)$/.exec(m[1]) as RegExpExecArray;
    args.push({ text: m[1], span: { start, end: start + m[1].length }, key: 'name', value: option[1] });
    i += m[0].length;
    result.span.end = i;
  }

  const positional = args.filter((a) => a.key === undefined);
  const options = args.filter((a) => !positional.includes(a));
  let log = false;
  let step: number | undefined;
  const allowed = kind === 'float' || kind === 'int' ? ['name', 'step', 'log'] : ['name'];
  for (const o of options) {
    const key = o.key as string;
    const value = (o.value ?? '').trim();
    if (!allowed.includes(key)) {
      problem(o.span, key, `unknown option "${key}" for ${kind} (options: ${allowed.join(', ')})`);
    } else if (key === 'name') {
      const name = value.replace(/^(["'])(.*)\1$/, '$2');
      if (!/^[^\s"'=,()]+$/.test(name)) problem(o.span, 'name', `name must be a non-empty word like optimizer.lr (got "${value}")`);
      else result.name = name;
    } else if (key === 'log') {
      if (!/^(true|false|True|False)$/.test(value)) problem(o.span, 'log', `log must be true or false (got "${value}")`);
      else log = value.toLowerCase() === 'true';
    } else {
      step = syntax.readNumber(value);
      if (step === undefined) problem(o.span, 'step', `step must be a number (got "${value}")`);
    }
  }

  const argsSpan = { start: kindSpan.start, end: result.span.end };
  let distribution: Distribution | undefined;
  if (kind === 'fixed') {
    if (positional.length > 0) problem(positional[0].span, 'distribution', 'fixed takes no values; it records the value written in the file');
    distribution = { type: 'fixed', value: null };
  } else if (kind === 'choice') {
    const choices: ParamValue[] = [];
    for (const a of positional) {
      const read = syntax.readChoice(a.text);
      if (a.text === '') problem(a.span, 'choices', 'empty value in choice(...)');
      else if (!read.ok) problem(a.span, 'choices', read.reason);
      else choices.push(read.value);
    }
    distribution = { type: 'categorical', choices };
    if (positional.length === 0) return problem(argsSpan, 'choices', 'a choice needs at least one value: choice(a, b, ...)');
  } else {
    const usage = kind === 'fidelity' ? 'fidelity(lo, hi)' : `${kind}(lo, hi[, log][, step=s])`;
    const bounds = positional.slice(0, 2).map((a, k) => {
      const field = k === 0 ? 'low' : 'high';
      const n = syntax.readNumber(a.text);
      if (n === undefined) problem(a.span, field, `${field} bound "${a.text}" is not a number`);
      else if ((kind === 'int' || kind === 'fidelity') && !Number.isInteger(n)) {
        problem(a.span, field, `${kind} bounds must be integers (${field} is ${a.text})`);
      }
      return n;
    });
    if (positional.length < 2) return problem(argsSpan, 'distribution', `${kind} needs a low and a high bound: ${usage}`);
    for (const extra of positional.slice(2)) {
      if (kind !== 'fidelity' && extra.text === 'log' && !log) log = true;
      else problem(extra.span, 'distribution', `unexpected argument "${extra.text}"; expected ${usage}`);
    }
    if (kind === 'int' && step !== undefined && !Number.isInteger(step)) {
      const s = options.find((o) => o.key === 'step') as Arg;
      problem(s.span, 'step', `int step must be an integer (got ${s.value})`);
    }
    const [low, high] = bounds;
    if (low === undefined || high === undefined) return result;
    if (kind === 'fidelity') distribution = { type: 'fidelity', low, high };
    else if (kind === 'int') distribution = { type: 'int', low, high, log, step: step ?? 1 };
    else distribution = step === undefined ? { type: 'float', low, high, log } : { type: 'float', low, high, log, step };
  }
  const invalid = checkDistribution(distribution);
  if (invalid) problem(argsSpan, fieldOf(invalid), invalid);
  if (problems.length === 0) result.distribution = distribution;
  return result;
}
