// Shared by the example tests: where the repository is, a scratch folder per
// test, and a child process run to completion with its output collected.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root, from the compiled tests (out/... or any --outDir) or the working directory. */
export function repoRoot(): string {
  const candidates = [path.resolve(__dirname, '../../../..'), path.resolve(__dirname, '../../..'), process.cwd()];
  const found = candidates.find((c) => existsSync(path.join(c, 'examples', 'quickstart', 'train.js')));
  if (!found) throw new Error(`repository root (with examples/quickstart/train.js) not found from ${__dirname} or ${process.cwd()}`);
  return found;
}

export interface Scratch {
  dir: string;
  file(name: string): string;
  cleanup(): void;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hyperlens-examples-'));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The parent's environment without any HYPERLENS_* (these tests may themselves run inside a trial). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HYPERLENS_')) env[k] = v;
  return { ...env, ...extra };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

export interface Running {
  child: ReturnType<typeof spawn>;
  /** Resolves with the first stdout text matching `pattern` (rejects if the process ends first). */
  waitForStdout(pattern: RegExp): Promise<void>;
  done: Promise<Finished>;
}

/** Starts a process; kills it after `timeoutMs` so a hung child fails the test instead of stalling it. */
export function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Running {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let closed = false;
  const watchers: { pattern: RegExp; resolve: () => void; reject: (e: Error) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of watchers.splice(0)) {
      if (w.pattern.test(stdout)) w.resolve();
      else watchers.push(w);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      closed = true;
      for (const w of watchers.splice(0)) w.reject(new Error(`process ended (code ${code}) before printing ${w.pattern}; stdout: ${stdout} stderr: ${stderr}`));
      resolve({ code, signal, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
  return {
    child,
    done,
    waitForStdout: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stdout)) resolve();
        else if (closed) reject(new Error(`process ended before printing ${pattern}; stdout: ${stdout} stderr: ${stderr}`));
        else watchers.push({ pattern, resolve, reject });
      }),
  };
}

export function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Finished> {
  return start(command, args, options).done;
}

/** Non-empty lines of a metrics file ([] if it was never written). */
export function metricLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

/** Says what a failed process printed, for assertion messages. */
export function describe(r: Finished): string {
  return `exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(-2000)}\n--- stderr\n${r.stderr.slice(-2000)}`;
}
