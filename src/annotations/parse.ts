// parseConfig: the annotated values, directives and problems of one file.
// It never throws on bad input: everything a person should fix comes back
// in `errors`, each at a line and column; only valid values reach `values`.

import * as fs from 'node:fs';
import { type Distribution, type ParamValue, type Params, type SearchSpace, contains } from '../engine/space';
import { type Problem, parseAnnotation } from './distribution';
import { parseDirectives } from './directives';
import { languageOf, syntaxOf } from './languages';
import type { Scan, ValueSite } from './languages/host';
import { LineIndex } from './lines';
import type { AnnotationError, HostLanguage, ParsedConfig, Span } from './types';

/** "file:line:col: field: message", the form compilers and editors link. */
export function formatAnnotationError(e: AnnotationError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.field ? `${e.field}: ` : ''}${e.message}`;
}

function show(v: ParamValue): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function describe(d: Distribution): string {
  switch (d.type) {
    case 'float':
    case 'int': {
      const extras = [d.log ? 'log' : '', d.step !== undefined && !(d.type === 'int' && d.step === 1) ? `step=${d.step}` : ''];
      return `${d.type}(${[d.low, d.high, ...extras.filter(Boolean)].join(', ')})`;
    }
    case 'fidelity':
      return `fidelity(${d.low}, ${d.high})`;
    case 'categorical':
      return `choice(${d.choices.map(show).join(', ')})`;
    case 'fixed':
      return 'fixed';
  }
}

/** Why the file's value does not fit the distribution. */
function misfit(d: Distribution, current: ParamValue): string {
  if (d.type === 'categorical') return `current value ${show(current)} is not among the choices of ${describe(d)}`;
  if (d.type === 'fixed') return `current value ${show(current)} is not the fixed value`;
  if (typeof current !== 'number') return `current value ${show(current)} is not a number, but the annotation is ${describe(d)}`;
  if (current < d.low || current > d.high) return `current value ${current} is outside the range of ${describe(d)}`;
  if (!Number.isInteger(current)) return `current value ${current} is not an integer, but the annotation is ${describe(d)}`;
  return `current value ${current} is not on the step grid of ${describe(d)}`;
}

/** Whether `offset` lies in one of `spans` (sorted by start, not overlapping). */
function insideAny(spans: Span[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else if (spans[mid].start > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

export function parseConfig(text: string, file: string, language?: HostLanguage): ParsedConfig {
  const lines = new LineIndex(text);
  const errors: AnnotationError[] = [];
  const error = (span: Span, field: string | undefined, message: string): void => {
    const at = lines.position(span.start);
    errors.push({ file, ...at, ...(field === undefined ? {} : { field }), message, span });
  };
  const lang = language ?? languageOf(file);
  const parsed: ParsedConfig = { file, language: lang ?? 'yaml', text, values: [], directives: { objectives: [], metrics: [], constraints: [] }, errors };
  if (!lang) {
    error({ start: 0, end: 0 }, undefined, 'unknown file type; Hyperlens reads .yaml, .yml, .toml, .json, .jsonc, .py, .env, .sh, .ini, .cfg and .conf files');
    return parsed;
  }
  const syntax = syntaxOf(lang);
  let scan: Scan;
  try {
    scan = syntax.scan(text);
  } catch (e) {
    error({ start: 0, end: 0 }, undefined, `could not read the file as ${lang}: ${(e as Error).message}`);
    return parsed;
  }
  const report = (p: Problem): void => error(p.span, p.field, p.message);

  const found = parseDirectives(text, scan.comments, (offset) => lines.line(offset));
  parsed.directives = found.directives;
  found.problems.forEach(report);

  // value sites by the line their literal ends on, where a trailing comment sits
  const sitesByLine = new Map<number, ValueSite[]>();
  for (const site of scan.values) {
    const line = lines.line(Math.max(site.span.start, site.span.end - 1));
    const onLine = sitesByLine.get(line);
    if (onLine) onLine.push(site);
    else sitesByLine.set(line, [site]);
  }
  const annotatedLines = new Set<number>();
  const names = new Map<string, number>();

  for (const comment of scan.comments) {
    const find = /@tune(?![.\w])/g;
    let m: RegExpExecArray | null;
    while ((m = find.exec(comment.text)) !== null) {
      const at = comment.start + m.index;
      if (insideAny(found.claimed, at)) continue;
      const line = lines.line(at);
      const nl = text.slice(at, comment.end).search(/\r?\n/);
      const annotation = parseAnnotation(text, at, nl < 0 ? comment.end : at + nl, syntax);
      if (annotatedLines.has(line)) {
        error(annotation.span, undefined, 'a line can carry only one @tune annotation');
        continue;
      }
      annotatedLines.add(line);
      const candidates = sitesByLine.get(line) ?? [];
      const site = [...candidates].reverse().find((s) => s.span.end <= at) ?? candidates.find((s) => s.span.start > at);
      if (!site) {
        error(annotation.span, 'value', '@tune annotation has no value on its line; put it behind the value it tunes');
        continue;
      }
      annotation.problems.forEach(report);
      const name = annotation.name ?? site.path?.join('.');
      const where = lines.position(site.span.start);
      if (!site.literal.ok) {
        error(site.span, 'value', `cannot read the value as a literal: ${site.literal.reason}`);
      }
      if (!name) {
        error(annotation.span, 'name', 'cannot derive a name for this value; add name=... to the annotation');
        continue;
      }
      const first = names.get(name);
      if (first !== undefined) {
        error(annotation.span, 'name', `duplicate parameter name "${name}" on lines ${first} and ${where.line}; give one of them name=...`);
        continue;
      }
      names.set(name, where.line);
      if (!annotation.distribution || !site.literal.ok) continue;
      const current = site.literal.value;
      const distribution = annotation.distribution.type === 'fixed' ? { type: 'fixed' as const, value: current } : annotation.distribution;
      if (!contains(distribution, current)) {
        error(site.span, 'value', misfit(distribution, current));
        continue;
      }
      parsed.values.push({ name, distribution, current, span: site.span, ...where, annotation: annotation.span });
    }
  }
  parsed.values.sort((a, b) => a.span.start - b.span.start);
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return parsed;
}

/** Reads and parses a file; the language comes from its name unless given. */
export function parseConfigFile(path: string, language?: HostLanguage): ParsedConfig {
  return parseConfig(fs.readFileSync(path, 'utf8'), path, language);
}

/** Parameter name -> distribution, in file order. */
export function spaceOf(parsed: ParsedConfig): SearchSpace {
  const space: SearchSpace = {};
  for (const v of parsed.values) space[v.name] = v.distribution;
  return space;
}

/** Parameter name -> the value written in the file. */
export function currentValues(parsed: ParsedConfig): Params {
  const params: Params = {};
  for (const v of parsed.values) params[v.name] = v.current;
  return params;
}
