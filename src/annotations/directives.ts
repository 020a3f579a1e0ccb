// File directives: `@tune.<name> <argument>` anywhere in a comment, several
// to a line (`# @tune.trials 60   @tune.parallel 4`). `@tune.command` takes
// the rest of its line; `@tune.metric` ends with its /regex/flags.

import type { Direction } from '../engine/space';
import type { Problem } from './distribution';
import type { Comment } from './languages/host';
import { parsePbtDirective } from '../engine/pbt/options';
import { PRUNER_NAMES } from '../engine/pruners/names';
import { SAMPLER_NAMES } from '../engine/samplers/names';
import { parseEntry } from './entry';
import { closest } from './suggest';
import type { Directives, Span } from './types';

export const DIRECTIVE_NAMES = [
  'command', 'entry', 'objective', 'metric', 'constraint', 'trials', 'parallel',
  'timeout', 'trial_timeout', 'sampler', 'pruner', 'executor', 'seed', 'pbt',
  'gpus-per-trial', 'trials-per-gpu', 'skip-busy-gpus',
] as const;

/** Other spellings read as the name they stand for. */
export const DIRECTIVE_ALIASES: Readonly<Record<string, (typeof DIRECTIVE_NAMES)[number]>> = {
  gpus_per_trial: 'gpus-per-trial',
  trials_per_gpu: 'trials-per-gpu',
  skip_busy_gpus: 'skip-busy-gpus',
  'trial-timeout': 'trial_timeout',
};

/** The Directives field of each GPU directive. */
const GPU_FIELDS = { 'gpus-per-trial': 'gpusPerTrial', 'trials-per-gpu': 'trialsPerGpu', 'skip-busy-gpus': 'skipBusyGpusMiB' } as const;

const DIRECTIONS: Record<string, Direction> = { min: 'minimize', minimize: 'minimize', max: 'maximize', maximize: 'maximize' };
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90`, `45s`, `30m`, `1.5h`, `2d`, `1h30m` -> seconds; undefined if not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) > 0 ? Number(t) : undefined;
  if (!/^(\d+(\.\d+)?\s*[smhd]\s*)+$/.test(t)) return undefined;
  let seconds = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*([smhd])/g)) seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
  return seconds > 0 ? seconds : undefined;
}

/** The end of a `/regex/flags` starting at `open` (the first slash), or -1. */
function regexEnd(text: string, open: number, limit: number): { close: number; end: number } | undefined {
  let inClass = false;
  for (let i = open + 1; i < limit; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = i + 1;
      while (end < limit && /[a-z]/.test(text[end])) end++;
      return { close: i, end };
    }
  }
  return undefined;
}

/**
 * Reads every directive in the file's comments; `lineOf` turns an offset
 * into a 1-based line. `claimed` holds the text each directive took, where
 * an `@tune` (say, in a metric's regex) is not a value annotation.
 */
export function parseDirectives(
  text: string,
  comments: Comment[],
  lineOf: (offset: number) => number,
): { directives: Directives; problems: Problem[]; claimed: Span[] } {
  const directives: Directives = { objectives: [], metrics: [], constraints: [] };
  const problems: Problem[] = [];
  const claimed: Span[] = [];
  const firstSeen = new Map<string, number>();

  for (const comment of comments) {
    // Names may hold hyphens (`@tune.gpus-per-trial`), never at their end.
    const find = /@tune\.(\w*(?:-\w+)*)/g;
    find.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = find.exec(comment.text)) !== null) {
      const at = comment.start + m.index;
      const nameSpan = { start: at, end: at + m[0].length };
      const name = DIRECTIVE_ALIASES[m[1]] ?? m[1];
      const nl = text.slice(nameSpan.end, comment.end).search(/\r?\n/);
      const lineEnd = nl < 0 ? comment.end : nameSpan.end + nl;
      const nextAnnotation = text.slice(nameSpan.end, lineEnd).search(/@tune\b/);
      let argEnd = nextAnnotation < 0 || name === 'command' ? lineEnd : nameSpan.end + nextAnnotation;
      const raw = text.slice(nameSpan.end, argEnd);
      const arg = raw.trim();
      const argStart = nameSpan.end + raw.length - raw.trimStart().length;
      const argSpan = { start: argStart, end: argStart + arg.length };
      const bad = (field: string, message: string, span = argSpan): void => {
        problems.push({ span: arg === '' && span === argSpan ? nameSpan : span, field, message });
      };
      const setOnce = (): boolean => {
        const first = firstSeen.get(name);
        if (first !== undefined) {
          bad(name, `@tune.${name} is set twice (first on line ${first}); keep one`, nameSpan);
          return false;
        }
        firstSeen.set(name, lineOf(at));
        return true;
      };
      const count = (min: number): number | undefined => {
        if (/^\d+$/.test(arg) && Number(arg) >= min) return Number(arg);
        bad(name, `@tune.${name} needs a whole number${min > 0 ? ` of at least ${min}` : ''} (got "${arg}")`);
        return undefined;
      };

      switch (name) {
        case 'command':
          if (arg === '') bad(name, '@tune.command needs a command line, e.g. python train.py --config {config}');
          else if (firstSeen.has('entry')) bad(name, `a file has @tune.command or @tune.entry, not both (@tune.entry is on line ${firstSeen.get('entry')}); keep one`, nameSpan);
          else if (setOnce()) {
            directives.command = arg;
            directives.commandLine = lineOf(at);
          }
          break;
        case 'entry':
          try {
            const entry = parseEntry(arg);
            if (firstSeen.has('command')) bad(name, `a file has @tune.command or @tune.entry, not both (@tune.command is on line ${firstSeen.get('command')}); keep one`, nameSpan);
            else if (setOnce()) {
              directives.entry = entry;
              directives.entryLine = lineOf(at);
            }
          } catch (e) {
            bad(name, (e as Error).message);
          }
          break;
        case 'objective': {
          const parts = arg.split(/\s+/);
          const direction = DIRECTIONS[(parts[1] ?? '').toLowerCase()];
          if (arg === '' || parts.length !== 2) bad(name, `@tune.objective needs a metric and a direction, e.g. @tune.objective val_loss min (got "${arg}")`);
          else if (!direction) bad('direction', `unknown direction "${parts[1]}" for objective ${parts[0]}; use min or max`);
          else if (directives.objectives.some((o) => o.metric === parts[0])) bad(name, `objective ${parts[0]} is listed twice`);
          else directives.objectives.push({ metric: parts[0], direction });
          break;
        }
        case 'metric': {
          const head = /^(\S+)\s+(?=\/)/.exec(arg);
          const open = head ? argStart + head[0].length : -1;
          const regex = head ? regexEnd(text, open, lineEnd) : undefined;
          if (!head || !regex) {
            bad(name, `@tune.metric needs a name and a /regex/, e.g. @tune.metric val_loss /val_loss=([\\d.]+)/ (got "${arg}")`);
            break;
          }
          argEnd = regex.end;
          const pattern = text.slice(open + 1, regex.close);
          const flags = text.slice(regex.close + 1, regex.end);
          try {
            new RegExp(pattern, flags);
            directives.metrics.push({ name: head[1], pattern, flags });
          } catch (e) {
            bad('metric', `@tune.metric ${head[1]}: invalid regex: ${(e as Error).message}`, { start: open, end: regex.end });
          }
          break;
        }
        case 'constraint': {
          const c = /^(\S+?)\s*(<=|>=)\s*(\S+)$/.exec(arg);
          const value = c ? Number(c[3]) : NaN;
          if (!c || !Number.isFinite(value)) bad(name, `@tune.constraint needs metric <= number or metric >= number (got "${arg}")`);
          else directives.constraints.push({ metric: c[1], op: c[2] as '<=' | '>=', value });
          break;
        }
        case 'trials':
        case 'parallel':
        case 'seed': {
          const n = count(name === 'seed' ? 0 : 1);
          if (n !== undefined && setOnce()) directives[name] = n;
          break;
        }
        case 'gpus-per-trial':
        case 'trials-per-gpu':
        case 'skip-busy-gpus': {
          const n = count(name === 'skip-busy-gpus' ? 0 : 1);
          if (n !== undefined && setOnce()) directives[GPU_FIELDS[name]] = n;
          break;
        }
        case 'timeout':
        case 'trial_timeout': {
          const seconds = parseDuration(arg);
          if (seconds === undefined) bad(name, `@tune.${name} needs a duration such as 90, 45s, 30m, 2h or 1d (got "${arg}")`);
          else if (setOnce()) directives[name === 'timeout' ? 'timeoutSeconds' : 'trialTimeoutSeconds'] = seconds;
          break;
        }
        case 'sampler':
        case 'pruner':
        case 'executor': {
          const known: readonly string[] | undefined = name === 'sampler' ? SAMPLER_NAMES : name === 'pruner' ? PRUNER_NAMES : undefined;
          if (!/^[A-Za-z][\w.:-]*$/.test(arg)) bad(name, `@tune.${name} needs one name, e.g. @tune.${name} ${name === 'sampler' ? 'tpe' : name === 'pruner' ? 'asha' : 'local'} (got "${arg}")`);
          else if (known && !known.includes(arg.toLowerCase())) {
            const guess = closest(arg.toLowerCase(), known);
            bad(name, `unknown ${name} "${arg}"${guess ? `; did you mean ${guess}?` : ''} (${known.join(', ')})`);
          } else if (setOnce()) directives[name] = arg;
          break;
        }
        case 'pbt':
          try {
            parsePbtDirective(arg);
            if (setOnce()) directives.pbt = arg;
          } catch (e) {
            bad(name, `@tune.${(e as Error).message} (e.g. @tune.pbt interval=5 population=8)`);
          }
          break;
        default: {
          const near = closest(name, [...DIRECTIVE_NAMES, ...Object.keys(DIRECTIVE_ALIASES)]);
          const guess = near === undefined ? undefined : (DIRECTIVE_ALIASES[near] ?? near);
          problems.push({
            span: nameSpan,
            field: 'directive',
            message: `unknown directive @tune.${name}${guess ? `; did you mean @tune.${guess}?` : ''}`,
          });
        }
      }
      claimed.push({ start: at, end: argEnd });
      find.lastIndex = Math.max(find.lastIndex, argEnd - comment.start);
    }
  }
  return { directives, problems, claimed };
}
