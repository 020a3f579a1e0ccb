// Lens time for a large annotated file: what provideCodeLenses does per call
// (parse on a new document version, then the lens model from the in-memory
// run index), timed in Node on a 1000-line YAML file with 200 annotations and
// a real run of it. Prints figures; the target is 5 ms a call.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../../src/annotations';
import { fileLenses, valueLenses } from '../../../src/editor/lensModel';
import { RunIndex } from '../../../src/editor/runIndex';
import { RunJournal } from '../../../src/store/runJournal';
import { createRun } from '../../../src/tuner/runFiles';
import { resolveSettings } from '../../../src/tuner/settings';

export interface LensFigures {
  lines: number;
  annotations: number;
  /** Median ms of one call when the document changed (parse + lenses). */
  coldMs: number;
  /** Median ms of one call on a cached parse (lenses only). */
  warmMs: number;
}

function bigConfig(lines: number, every: number): string {
  const out = ['# @tune.command node train.js --config {config}', '# @tune.objective val_loss min'];
  for (let i = 0; out.length < lines; i++) {
    out.push(`block${i}:`);
    out.push(i % every === 0 ? `  lr: 0.01            # @tune float(1e-4, 1e-1, log)` : `  lr: 0.01`);
    out.push(i % every === 0 ? `  width: 64           # @tune int(8, 512, log)` : `  width: 64`);
    out.push(`  note: "plain value ${i}"`);
    out.push(`  act: relu`);
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function measureLenses(lines = 1000): LensFigures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-lens-bench-'));
  try {
    const file = path.join(dir, 'config.yaml');
    const text = bigConfig(lines, 2);
    fs.writeFileSync(file, text);
    const parsed = parseConfig(text, file);
    // A finished run with 50 trials gives every line its best-value lens.
    const run = createRun(path.join(dir, 'runs'), parsed, 'node train.js', parsed.directives.objectives, resolveSettings(parsed.directives, { trials: 50, seed: 1 }));
    const journal = RunJournal.open(path.join(run.dir, 'journal.jsonl'));
    journal.createStudy(run.id, run.directions);
    const params = Object.fromEntries(parsed.values.map((v) => [v.name, v.current]));
    for (let i = 0; i < 50; i++) {
      const n = journal.createTrial(params, run.space);
      journal.finishTrial(n, 'complete', [1 / (i + 1)]);
    }
    const index = new RunIndex(path.join(dir, 'runs'));
    index.all();
    const lensesFor = (p: typeof parsed): number => {
      const best = index.bestOf(file, p.directives.objectives[0]);
      return fileLenses('file:///x', p, index.runsOf(file), best, undefined).length + valueLenses('file:///x', p, best).length;
    };
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < 60; i++) {
      const edited = text.replace('block0:', `block0:${' '.repeat(i % 2)}`);
      let t = performance.now();
      const p = parseConfig(edited, file);
      const count = lensesFor(p);
      cold.push(performance.now() - t);
      t = performance.now();
      lensesFor(p);
      warm.push(performance.now() - t);
      if (count < parsed.values.length) throw new Error(`only ${count} lenses for ${parsed.values.length} annotations`);
    }
    return { lines, annotations: parsed.values.length, coldMs: median(cold.slice(10)), warmMs: median(warm.slice(10)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const f = measureLenses();
  console.log(`Lenses for a ${f.lines}-line YAML file with ${f.annotations} annotations and a 50-trial run:`);
  console.log(`  after an edit (parse + lenses): ${f.coldMs.toFixed(2)} ms a call (median)`);
  console.log(`  cached parse (lenses only):     ${f.warmMs.toFixed(2)} ms a call (median)`);
  console.log(`  target 5 ms: ${f.coldMs <= 5 ? 'PASS' : 'FAIL'}`);
}
