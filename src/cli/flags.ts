// Parsing and checking the flags shared by several commands.
import { parseArgs } from 'node:util';
import { parseDuration } from '../annotations';
import { UsageError } from './errors';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export function parseFlags(argv: string[], spec: FlagSpec, positionals: string[]): { values: Record<string, string | boolean | undefined>; args: string[] } {
  try {
    const { values, positionals: args } = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
    if (args.length > positionals.length) throw new UsageError(`unexpected argument "${args[positionals.length]}"`);
    const missing = positionals.slice(args.length).filter((p) => !p.endsWith('?'));
    if (missing.length > 0) throw new UsageError(`missing <${missing[0]}>`);
    return { values: values as Record<string, string | boolean | undefined>, args };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message);
  }
}

export function intFlag(values: Record<string, unknown>, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${String(raw)}")`);
  return n;
}

export function durationFlag(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const seconds = parseDuration(String(raw));
  if (seconds === undefined) throw new UsageError(`--${name} must be a duration like 90s, 30m or 2h (got "${String(raw)}")`);
  return seconds;
}
