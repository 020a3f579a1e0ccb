// Which TensorFlow.js the trial gets. In order: @tensorflow/tfjs-node-gpu
// from the user's workspace, then Hyperlens's own (optional) copy, then
// @tensorflow/tfjs-node, then @tensorflow/tfjs-backend-wasm, then plain
// @tensorflow/tfjs (the cpu backend); each from the workspace (the entry
// module's folder upwards) before Hyperlens's node_modules. A package that is
// missing or fails to load (tfjs-node-gpu without its native library) is
// skipped, with the reason kept for the failure message.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { BACKEND_KINDS, CUDA_REQUIREMENT, type BackendInfo, type BackendKind } from './record';

/** The part of the TensorFlow.js namespace the host itself uses; the user's code gets all of it. */
export interface TfLike {
  getBackend(): string;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  backend(): unknown;
  [key: string]: unknown;
}

export interface Candidate {
  kind: BackendKind;
  /** The package looked up. */
  package: string;
  from: 'workspace' | 'hyperlens';
  /** Where the lookup starts (node_modules folders from here upwards). */
  dir: string;
}

export interface ResolveOptions {
  /** The entry module's folder: the user's packages are looked up from here upwards. */
  workspaceDir: string;
  /** Hyperlens's package root, whose node_modules come second. */
  hyperlensDir: string;
  /** Backends to try, in this order (HYPERLENS_TF_BACKEND); default all, in the standard order. */
  only?: BackendKind[];
}

export interface ResolvedBackend {
  tf: TfLike;
  info: BackendInfo;
  /** Candidates that did not load before this one. */
  tried: string[];
}

export class NoBackendError extends Error {
  constructor(
    message: string,
    readonly tried: string[],
  ) {
    super(message);
  }
}

const PACKAGE: Record<BackendKind, string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** `HYPERLENS_TF_BACKEND=wasm,cpu` -> ['wasm', 'cpu']; throws on an unknown name. */
export function parseBackendList(text: string | undefined): BackendKind[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!(BACKEND_KINDS as readonly string[]).includes(n)) {
      throw new Error(`HYPERLENS_TF_BACKEND: unknown backend "${n}" (known: ${BACKEND_KINDS.join(', ')})`);
    }
  }
  return names as BackendKind[];
}

/** Every place a backend may come from, in the order they are tried. */
export function backendCandidates(opts: ResolveOptions): Candidate[] {
  const out: Candidate[] = [];
  for (const kind of opts.only ?? BACKEND_KINDS) {
    out.push({ kind, package: PACKAGE[kind], from: 'workspace', dir: opts.workspaceDir });
    out.push({ kind, package: PACKAGE[kind], from: 'hyperlens', dir: opts.hyperlensDir });
  }
  return out;
}

function resolveFrom(pkg: string, dir: string): string | undefined {
  try {
    return require.resolve(pkg, { paths: [dir] });
  } catch {
    return undefined;
  }
}

/** The version in the package.json of the package `file` belongs to. */
export function packageVersionOf(file: string, name: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version;
    } catch {
      // no package.json here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].slice(0, 300);
}

/** Loads one candidate's TensorFlow.js and makes its backend current; throws when it cannot. */
async function load(c: Candidate, main: string): Promise<{ tf: TfLike; device: 'gpu' | 'cpu'; warning?: string }> {
  if (c.kind === 'tfjs-node-gpu' || c.kind === 'tfjs-node') {
    // Loading it binds libtensorflow and makes `tensorflow` the backend.
    const tf = require(main) as TfLike;
    await tf.ready();
    if (tf.getBackend() !== 'tensorflow') {
      if (!(await tf.setBackend('tensorflow'))) throw new Error(`the tensorflow backend did not start (current: ${tf.getBackend()})`);
    }
    if (c.kind === 'tfjs-node') return { tf, device: 'cpu' };
    // tfjs-node-gpu without usable CUDA registers no GPU device and runs on the CPU, without an error.
    const gpu = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
    return gpu ? { tf, device: 'gpu' } : { tf, device: 'cpu', warning: `@tensorflow/tfjs-node-gpu found no GPU and runs on the CPU. ${CUDA_REQUIREMENT}.` };
  }
  // wasm and cpu: plain @tensorflow/tfjs, the one next to the backend package so both share one engine.
  const tfjsMain = c.kind === 'cpu' ? main : resolveFrom('@tensorflow/tfjs', path.dirname(main));
  if (!tfjsMain) throw new Error('@tensorflow/tfjs is not installed next to it');
  const tf = require(tfjsMain) as TfLike;
  if (c.kind === 'wasm') require(main);
  const name = c.kind === 'wasm' ? 'wasm' : 'cpu';
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not start`);
  await tf.ready();
  return { tf, device: 'cpu' };
}

/** Tries the candidates in order; the first that loads is the trial's. */
export async function resolveBackend(opts: ResolveOptions): Promise<ResolvedBackend> {
  const tried: string[] = [];
  const seen = new Set<string>();
  for (const c of backendCandidates(opts)) {
    const main = resolveFrom(c.package, c.dir);
    if (!main) continue; // not installed there: not worth a line
    if (seen.has(main)) continue; // the workspace lookup found Hyperlens's own copy already
    seen.add(main);
    try {
      const { tf, device, warning } = await load(c, main);
      const info: BackendInfo = { kind: c.kind, backend: tf.getBackend(), device, package: c.package, from: c.from };
      const version = packageVersionOf(main, c.package);
      if (version) info.version = version;
      if (warning) info.warning = warning;
      return { tf, info, tried };
    } catch (e) {
      tried.push(`${c.package} (${c.from}): ${firstLine(e)}`);
    }
  }
  const wanted = (opts.only ?? BACKEND_KINDS).map((k) => PACKAGE[k]);
  const detail = tried.length > 0 ? `; tried ${tried.join('; ')}` : ` (none of ${[...new Set(wanted)].join(', ')} is installed in ${opts.workspaceDir} or in Hyperlens)`;
  throw new NoBackendError(`no TensorFlow.js backend could be loaded${detail}. Install one next to the entry module, e.g. npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm`, tried);
}
