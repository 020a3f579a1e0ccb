// The trial command: a template line from `@tune.command`, split into an
// argument array the way a shell would split words, but never run by a shell.
// Placeholders such as `{config}` or `{optimizer.lr}` are then filled in per
// trial, so a value with spaces stays one argument.

import type { ParamValue, Params } from '../engine/space';

// Splitting is the annotation language's (a bad command line is a problem in the file); filling placeholders is the executor's.
export { splitCommandLine } from '../annotations/commandLine';

/** What a trial's placeholders expand to. */
export interface PlaceholderContext {
  params: Params;
  /** The trial number, `{trial}`. */
  trial: number;
  /** The trial's own folder, `{trial_dir}`. */
  trialDir: string;
  /** params.json in the trial folder, `{params}`. */
  paramsPath: string;
  /** The rendered copy of the annotated file, `{config}`; absent when there is none. */
  configPath?: string;
}

/** How a parameter value is written into an argument. */
export function formatValue(value: ParamValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // String() is the shortest text that reads back as the same double.
  if (typeof value === 'number') return String(value);
  return value;
}

const WHOLE_WORD_ONLY = new Set(['args', 'overrides']);

/**
 * Fills the placeholders of every word. `{args}` and `{overrides}` must be
 * words on their own and become one argument per parameter; every other
 * placeholder may sit inside a word (`--lr={optimizer.lr}`). `{{` and `}}`
 * are literal braces. An unknown placeholder is an error that names it.
 */
export function expandCommand(argv: string[], ctx: PlaceholderContext): string[] {
  const out: string[] = [];
  for (const word of argv) {
    const whole = /^\{([^{}]*)\}$/.exec(word);
    if (whole && WHOLE_WORD_ONLY.has(whole[1])) {
      for (const [name, value] of Object.entries(ctx.params)) {
        out.push(whole[1] === 'args' ? `--${name}=${formatValue(value)}` : `${name}=${formatValue(value)}`);
      }
      continue;
    }
    out.push(expandWord(word, ctx));
  }
  return out;
}

function expandWord(word: string, ctx: PlaceholderContext): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const c = word[i];
    if ((c === '{' || c === '}') && word[i + 1] === c) {
      out += c;
      i += 2;
    } else if (c === '}') {
      throw new Error(`command: unmatched "}" in argument "${word}" (write }} for a literal brace)`);
    } else if (c === '{') {
      const end = word.indexOf('}', i + 1);
      const open = word.indexOf('{', i + 1);
      if (end < 0 || (open >= 0 && open < end)) {
        throw new Error(`command: unmatched "{" in argument "${word}" (write {{ for a literal brace)`);
      }
      out += placeholderValue(word.slice(i + 1, end), word, ctx);
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function placeholderValue(name: string, word: string, ctx: PlaceholderContext): string {
  switch (name) {
    case 'config':
      if (ctx.configPath === undefined) throw new Error('command: {config} is used but this run has no rendered config file');
      return ctx.configPath;
    case 'params':
      return ctx.paramsPath;
    case 'trial':
      return String(ctx.trial);
    case 'trial_dir':
      return ctx.trialDir;
    case 'args':
    case 'overrides':
      throw new Error(`command: {${name}} expands to several arguments, so it must be a word on its own (in "${word}")`);
  }
  if (Object.prototype.hasOwnProperty.call(ctx.params, name)) return formatValue(ctx.params[name]);
  const known = ['config', 'params', 'args', 'overrides', 'trial', 'trial_dir', ...Object.keys(ctx.params)];
  throw new Error(`command: unknown placeholder {${name}}; known: ${known.map((k) => `{${k}}`).join(' ')} (write {{ }} for literal braces)`);
}
