// A stand-in for nvidia-smi, for machines without a GPU (CI): a small node
// script named `nvidia-smi` in a folder of its own, to put first on PATH. It
// answers Hyperlens's query with the GPUs it is given, checks that it was
// asked exactly that query, and logs each call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NVIDIA_SMI_ARGS } from '../../../src/executors/gpus';

export interface FakeGpu {
  name?: string;
  uuid?: string;
  memoryTotalMiB?: number;
  /** MiB in use by someone else. */
  memoryUsedMiB?: number;
  utilizationPct?: number;
  /** A number, or text such as "[N/A]". */
  power?: number | string;
}

export interface FakeBehaviour {
  gpus?: FakeGpu[];
  /** Exit with this code, printing `message` (a broken driver). */
  exitCode?: number;
  message?: string;
  /** Never answer. */
  hang?: boolean;
}

export interface FakeNvidiaSmi {
  /** The folder holding `nvidia-smi`: put it first on PATH. */
  dir: string;
  /** The script itself. */
  program: string;
  /** One JSON array of arguments per call. */
  calls(): string[][];
  /** PATH with the fake first. */
  path(base?: string): string;
}

/** Writes `nvidia-smi` into `<parent>/fake-nvidia-smi/`. */
export function writeFakeNvidiaSmi(parent: string, behaviour: FakeBehaviour): FakeNvidiaSmi {
  const dir = path.join(parent, 'fake-nvidia-smi');
  fs.mkdirSync(dir, { recursive: true });
  const gpus = (behaviour.gpus ?? []).map((g, i) => ({
    index: i,
    name: g.name ?? 'NVIDIA H100 80GB HBM3',
    uuid: g.uuid ?? `GPU-${String(i).padStart(8, '0')}-1111-2222-3333-${String(i).padStart(12, '0')}`,
    total: g.memoryTotalMiB ?? 81559,
    used: g.memoryUsedMiB ?? 1,
    util: g.utilizationPct ?? 0,
    power: g.power ?? 69.5,
  }));
  const log = path.join(dir, 'calls.jsonl');
  fs.writeFileSync(path.join(dir, 'behaviour.json'), JSON.stringify({ ...behaviour, gpus, log, expected: NVIDIA_SMI_ARGS }));
  const program = path.join(dir, 'nvidia-smi');
  fs.writeFileSync(
    program,
    [
      `#!${process.execPath}`,
      "'use strict';",
      "const fs = require('fs');",
      "const b = JSON.parse(fs.readFileSync(require('path').join(__dirname, 'behaviour.json'), 'utf8'));",
      'const args = process.argv.slice(2);',
      "fs.appendFileSync(b.log, JSON.stringify(args) + '\\n');",
      'if (b.hang) setInterval(() => {}, 1000);',
      'else if (b.exitCode) {',
      "  process.stdout.write((b.message || '') + '\\n');",
      '  process.exit(b.exitCode);',
      '} else if (JSON.stringify(args) !== JSON.stringify(b.expected)) {',
      "  process.stderr.write('fake nvidia-smi: unexpected arguments ' + JSON.stringify(args) + '\\n');",
      '  process.exit(2);',
      '} else {',
      "  for (const g of b.gpus) process.stdout.write([g.index, g.uuid, g.name, g.total, g.used, g.util, g.power].join(', ') + '\\n');",
      '}',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return {
    dir,
    program,
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : []),
    path: (base = process.env.PATH ?? '') => (base ? `${dir}${path.delimiter}${base}` : dir),
  };
}

/** A PATH with no nvidia-smi on it (an empty folder): the commands run by absolute path. */
export function pathWithoutNvidiaSmi(parent: string): string {
  const dir = path.join(parent, 'empty-path');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
