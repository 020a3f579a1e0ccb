// Runs the real `hyperlens` command (the bundled CLI) in child processes.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TrialRecord } from '../../../src/engine/trial';
import { RunJournal } from '../../../src/store/runJournal';

export const REPO = path.resolve(__dirname, '../../../..');
export const BIN = path.join(REPO, 'bin', 'hyperlens.js');
export const OBJECTIVE = path.join(REPO, 'test', 'fixtures', 'cli', 'objective.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }) {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function lastJsonLine(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hyperlens-${prefix}-`));
}

/** An annotated YAML config whose command is the fast objective fixture. */
export function writeObjectiveConfig(dir: string, extraDirectives = ''): string {
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    file,
    [
      '# A test study.',
      `# @tune.command ${JSON.stringify(process.execPath)} ${JSON.stringify(OBJECTIVE)} {args}`,
      '# @tune.objective loss min',
      extraDirectives,
      'model:',
      '  x: 0.5          # @tune float(0, 1)',
      '  n: 3            # @tune int(1, 9)',
      'opt: sgd          # @tune choice(sgd, adam)',
      'untouched: keep me',
      '',
    ].join('\n'),
  );
  return file;
}

/** Journal lines parsed, ignoring a torn last line. */
export function journalOps(runDir: string): Array<Record<string, any>> {
  const text = fs.readFileSync(path.join(runDir, 'journal.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}

/**
 * Starts `hyperlens <args>`, polls the journal of the run it creates until
 * `until(trials)` holds (or ~20 s pass), then kills the CLI with SIGKILL.
 * Returns the run directory and whether the CLI was still running when killed.
 */
export async function runThenKill(
  args: string[],
  opts: { cwd: string; runsDir: string; env?: NodeJS.ProcessEnv },
  until: (trials: TrialRecord[]) => boolean,
): Promise<{ runDir: string; killedWhileRunning: boolean; trialsOf: () => TrialRecord[] }> {
  const child = cliAsync(args, opts);
  child.stdout.resume();
  child.stderr.resume();
  let runDir = '';
  const trialsOf = (): TrialRecord[] => (runDir && fs.existsSync(path.join(runDir, 'journal.jsonl')) ? RunJournal.open(path.join(runDir, 'journal.jsonl')).snapshot().trials : []);
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (!runDir && fs.existsSync(opts.runsDir) && fs.readdirSync(opts.runsDir).length) runDir = path.join(opts.runsDir, fs.readdirSync(opts.runsDir)[0]);
    if (until(trialsOf())) break;
  }
  const killedWhileRunning = child.exitCode === null && child.signalCode === null;
  if (killedWhileRunning) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  return { runDir, killedWhileRunning, trialsOf };
}
