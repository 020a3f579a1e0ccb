// Loading the user's entry module and finding its train function. CommonJS
// (.js, .cjs) is required; ES modules (.mjs, or .js in a "type": "module"
// package) are imported; TypeScript (.ts, .cts, .mts) is compiled by esbuild
// as Node requires it (a require hook on esbuild's transform), so relative
// imports of other .ts files work and packages resolve from the user's folder.
// esbuild comes from the user's workspace first, then Hyperlens's own
// node_modules.

import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export type TrainFunction = (params: Record<string, unknown>, ctx: unknown) => unknown;

const TS_EXTENSIONS = ['.ts', '.cts', '.mts'];

interface EsbuildLike {
  transformSync(code: string, options: Record<string, unknown>): { code: string };
  version?: string;
}

// tsc compiles `import()` to require() for CommonJS output; this stays a real dynamic import.
const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/** esbuild from the module's folder upwards, then from Hyperlens. */
function findEsbuild(fromDir: string, hyperlensDir: string): EsbuildLike {
  for (const dir of [fromDir, hyperlensDir]) {
    let main: string | undefined;
    try {
      main = require.resolve('esbuild', { paths: [dir] });
    } catch {
      continue;
    }
    return require(main) as EsbuildLike;
  }
  throw new Error(`a TypeScript entry needs esbuild to compile it, and none was found from ${fromDir} or in Hyperlens; install it next to the module (npm install --save-dev esbuild) or point @tune.entry at compiled JavaScript`);
}

let hooked = false;

/** Teaches require() to compile .ts/.cts/.mts with esbuild (once per process). */
function hookTypeScript(esbuild: EsbuildLike): void {
  if (hooked) return;
  hooked = true;
  process.setSourceMapsEnabled?.(true); // stack traces name the .ts lines
  const extensions = (Module as unknown as { _extensions: Record<string, (m: { _compile(code: string, file: string): void }, file: string) => void> })._extensions;
  const compile = (m: { _compile(code: string, file: string): void }, file: string): void => {
    const source = fs.readFileSync(file, 'utf8');
    const out = esbuild.transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      platform: 'node',
      sourcefile: file,
      sourcemap: 'inline',
    });
    m._compile(out.code, file);
  };
  for (const ext of TS_EXTENSIONS) extensions[ext] = compile;
}

/** The module's exports, however it is written. */
export async function loadEntryModule(file: string, hyperlensDir: string): Promise<Record<string, unknown>> {
  if (!fs.existsSync(file)) throw new Error(`entry module not found: ${file}`);
  const ext = path.extname(file).toLowerCase();
  if (TS_EXTENSIONS.includes(ext)) {
    hookTypeScript(findEsbuild(path.dirname(file), hyperlensDir));
    return require(file) as Record<string, unknown>;
  }
  if (ext === '.mjs') return dynamicImport(pathToFileURL(file).href);
  try {
    return require(file) as Record<string, unknown>;
  } catch (e) {
    // A .js file in a "type": "module" package is an ES module.
    if ((e as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') return dynamicImport(pathToFileURL(file).href);
    throw e;
  }
}

/** The named function: an export, an export of a default-exported object, or the module itself for `#default`. */
export function findExport(mod: unknown, name: string, file: string): TrainFunction {
  const m = (mod ?? {}) as Record<string, unknown>;
  const candidates: unknown[] = [m[name]];
  const dflt = m.default;
  if (dflt && (typeof dflt === 'object' || typeof dflt === 'function')) candidates.push((dflt as Record<string, unknown>)[name]);
  if (name === 'default') candidates.push(dflt, typeof mod === 'function' ? mod : undefined);
  const found = candidates.find((c) => c !== undefined);
  if (typeof found === 'function') return found as TrainFunction;
  const shown = path.basename(file);
  if (found !== undefined) throw new Error(`${shown}: export "${name}" is a ${typeof found}, not a function`);
  const names = exportedFunctions(m);
  throw new Error(`${shown} has no export "${name}"${names.length ? ` (its functions: ${names.join(', ')})` : ' (it exports no function)'}; write @tune.entry ${shown}#<function>`);
}

function exportedFunctions(m: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const [k, v] of Object.entries(m)) if (typeof v === 'function' && k !== 'default') names.add(k);
  const dflt = m.default;
  if (typeof dflt === 'function') names.add('default');
  else if (dflt && typeof dflt === 'object') for (const [k, v] of Object.entries(dflt)) if (typeof v === 'function') names.add(k);
  return [...names];
}
