// What the end-to-end tests read from disk, outside the editor: a file's
// lines and a run's best trial as the CLI reports it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './prerequisites';

export interface Best {
  number: number;
  params: Record<string, unknown>;
  values: number[];
}

/** 1-based number and text of the first line of `file` containing `needle`. */
export function lineOf(file: string, needle: string): { number: number; text: string } {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${file} has no line containing "${needle}"`);
  return { number: index + 1, text: lines[index] };
}

/** The best trial of a run (an id, resolved from `cwd`'s runs, or a directory), as the repository's CLI reports it. */
export function bestOfRun(run: string, cwd: string = REPO): Best {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'hyperlens.js'), 'show', run, '--json'], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `hyperlens show ${run} --json failed:\n${r.stderr}`);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.ok(summary.best, `run ${run} has no best trial: ${r.stdout}`);
  return summary.best;
}
