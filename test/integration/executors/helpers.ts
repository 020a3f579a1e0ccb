// Shared by the executor integration tests: where the trial fixture lives,
// and a fresh trial folder per test.

import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TrialSpec } from '../../../src/executors/trialProcess';

/** test/fixtures/trials, from the compiled tests (out/...) or the repository root. */
export function fixturesDir(): string {
  const candidates = [
    path.resolve(__dirname, '../../../../test/fixtures/trials'),
    path.resolve(__dirname, '../../fixtures/trials'),
    path.resolve(process.cwd(), 'test/fixtures/trials'),
  ];
  const found = candidates.find((c) => existsSync(path.join(c, 'trial.js')));
  if (!found) throw new Error(`test/fixtures/trials not found from ${__dirname} or ${process.cwd()}`);
  return found;
}

/** A command line running the fixture trial with node, quoted against spaces in paths. */
export function trialCommand(args: string): string {
  return `'${process.execPath}' '${path.join(fixturesDir(), 'trial.js')}' ${args}`;
}

export interface Sandbox {
  root: string;
  /** A new, existing trial folder. */
  trialDir(n: number): string;
  cleanup(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hyperlens-exec-'));
  return {
    root,
    trialDir(n) {
      const dir = path.join(root, 'trials', String(n));
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A spec for the fixture with val_loss to minimize; override what a test needs. */
export function fixtureSpec(box: Sandbox, n: number, args: string, extra: Partial<TrialSpec> = {}): TrialSpec {
  return {
    number: n,
    params: { 'optimizer.lr': 0.001, layers: 4, act: 'gelu' },
    trialDir: box.trialDir(n),
    command: trialCommand(args),
    cwd: box.root,
    objectives: [{ metric: 'val_loss', direction: 'minimize' }],
    metricPatterns: [],
    killGraceSeconds: 1,
    ...extra,
  };
}
