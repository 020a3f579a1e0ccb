// `@tune.entry train.js#train`: a TensorFlow.js trial, a function the trial
// host (dist/trialHost.js) loads from a module and calls with the trial's
// parameters and a context. The path is relative to the annotated file.

import type { EntrySpec } from './types';

/** Module files the trial host loads; TypeScript ones are compiled with esbuild first. */
export const ENTRY_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'] as const;

export const DEFAULT_ENTRY_EXPORT = 'train';

/**
 * `train.js#train`, `src/train.ts` (export `train`), `model.mjs#default` ->
 * file and export; throws a person-readable message for anything else.
 */
export function parseEntry(arg: string): EntrySpec {
  const text = arg.trim();
  if (text === '') throw new Error('@tune.entry needs a module and an export, e.g. @tune.entry train.js#train');
  if (/\s/.test(text)) throw new Error(`@tune.entry takes one module path, e.g. @tune.entry train.js#train (got "${text}")`);
  const hash = text.lastIndexOf('#');
  const file = hash < 0 ? text : text.slice(0, hash);
  const name = hash < 0 ? DEFAULT_ENTRY_EXPORT : text.slice(hash + 1);
  if (file === '') throw new Error(`@tune.entry needs a module path before "#" (got "${text}")`);
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new Error(`@tune.entry: "${name}" is not an export name; write the function's name after "#", e.g. ${file}#train`);
  }
  const lower = file.toLowerCase();
  if (!ENTRY_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
    throw new Error(`@tune.entry: "${file}" is not a JavaScript or TypeScript module (${ENTRY_EXTENSIONS.join(', ')})`);
  }
  return { file, export: name };
}

/** `train.js#train`, as the directive writes it. */
export function formatEntry(entry: EntrySpec): string {
  return `${entry.file}#${entry.export}`;
}
