// Local GPU scheduler benchmark (`npm run bench:scheduler`): the real CLI
// runs 64 trials of seeded random durations on 8 simulated GPUs (a fake
// nvidia-smi first on PATH), once per slot plan. Each trial records the
// CUDA_VISIBLE_DEVICES it saw, when its process began and when its first and
// last lines ran; a preload in the tuner records when it spawned each trial
// and saw it exit. Reported: slot occupancy while trials wait (GPU-share-
// seconds held by trials / available, from the first launch to the last),
// launch overhead per trial (from its slot coming free to its first line, and
// where that time goes), and whether a GPU ever held more than trials-per-gpu
// trials. Markdown on stdout and under results/; progress on stderr.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFakeNvidiaSmi } from '../../integration/executors/fakeNvidiaSmi';
import { mean, quantile, runFigures, type RunFigures, type TrialTrace } from './metrics';

const log = (line: string): void => void process.stderr.write(line + '\n');

interface Options {
  gpus: number;
  trials: number;
  seed: number;
  minS: number;
  maxS: number;
  sampler: string;
  cases: string[];
  outDir?: string;
  help: boolean;
}

interface Case {
  id: string;
  title: string;
  gpusPerTrial: number;
  trialsPerGpu: number;
}

const CASES: Case[] = [
  { id: 'one', title: '1 GPU per trial', gpusPerTrial: 1, trialsPerGpu: 1 },
  { id: 'pairs', title: '2 GPUs per trial', gpusPerTrial: 2, trialsPerGpu: 1 },
  { id: 'shared', title: '2 trials per GPU', gpusPerTrial: 1, trialsPerGpu: 2 },
];

const OCCUPANCY_TARGET = 0.95;

const USAGE = `node out/test/bench/scheduler/main.js [options]
  --gpus N          simulated GPUs (default 8)
  --trials N        trials per case (default 64)
  --seed N          seeds the trial durations (default 1)
  --min S --max S   trial durations, uniform in seconds (default 0.2 and 2)
  --sampler NAME    the run's sampler (default random: its ask costs least, so the figures are the scheduler's)
  --cases LIST      of ${CASES.map((c) => c.id).join(', ')} (default all)
  --out DIR         where results go (default test/bench/scheduler/results)
`;

function parseOptions(argv: string[]): Options {
  const o: Options = { gpus: 8, trials: 64, seed: 1, minS: 0.2, maxS: 2, sampler: 'random', cases: CASES.map((c) => c.id), help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--help' || a === '-h') o.help = true;
    else if (a === '--gpus') o.gpus = num();
    else if (a === '--trials') o.trials = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--min') o.minS = num();
    else if (a === '--max') o.maxS = num();
    else if (a === '--sampler') o.sampler = value();
    else if (a === '--cases') o.cases = value().split(',');
    else if (a === '--out') o.outDir = value();
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  for (const c of o.cases) if (!CASES.some((x) => x.id === c)) throw new Error(`unknown case "${c}" (${CASES.map((x) => x.id).join(', ')})`);
  return o;
}

/** Trial durations in ms, by trial number: uniform in [min, max] s, from the seed. */
function durations(o: Options): number[] {
  let s = (o.seed * 2654435761) >>> 0 || 1;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: o.trials }, () => Math.round((o.minS + (o.maxS - o.minS) * next()) * 1000));
}

/** The trial: first line stamps the time, then it sleeps its duration and records what it saw. */
function writeStudy(dir: string, ms: number[]): { file: string; traces: string } {
  const traces = path.join(dir, 'traces');
  fs.mkdirSync(traces, { recursive: true });
  const script = path.join(dir, 'trial.js');
  fs.writeFileSync(
    script,
    [
      'const start = Date.now();',
      "const { performance } = require('perf_hooks');",
      "const fs = require('fs');",
      'const trial = Number(process.env.HYPERLENS_TRIAL);',
      `const ms = ${JSON.stringify(ms)}[trial] ?? 500;`,
      'setTimeout(() => {',
      "  const gpus = (process.env.CUDA_VISIBLE_DEVICES || '').split(',').filter(Boolean);",
      `  fs.writeFileSync(${JSON.stringify(traces)} + '/' + trial + '.json', JSON.stringify({ trial, gpus, origin: performance.timeOrigin, start, end: Date.now() }));`,
      "  process.stdout.write('@tune {\"loss\": ' + ms + '}\\n');",
      '}, ms);',
      '',
    ].join('\n'),
  );
  const file = path.join(dir, 'study.yaml');
  fs.writeFileSync(file, [`# @tune.command ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} {args}`, '# @tune.objective loss min', 'x: 0.5  # @tune float(0, 1)', ''].join('\n'));
  return { file, traces };
}

/** Loaded into the tuner (--require): when it spawns each trial and sees it exit, as JSON lines. */
function writeTracer(dir: string): { tracer: string; events: string } {
  const tracer = path.join(dir, 'tracer.js');
  const events = path.join(dir, 'spawns.jsonl');
  fs.writeFileSync(
    tracer,
    [
      "const cp = require('child_process');",
      "const fs = require('fs');",
      'const spawn = cp.spawn;',
      'cp.spawn = function (command, args, options) {',
      '  const t = Date.now();',
      '  const child = spawn.apply(this, arguments);',
      '  const trial = options && options.env && options.env.HYPERLENS_TRIAL;',
      '  if (trial !== undefined) {',
      `    fs.appendFileSync(${JSON.stringify(events)}, JSON.stringify({ trial: Number(trial), spawn: t }) + '\\n');`,
      `    child.once('exit', () => fs.appendFileSync(${JSON.stringify(events)}, JSON.stringify({ trial: Number(trial), exit: Date.now() }) + '\\n'));`,
      '  }',
      '  return child;',
      '};',
      '',
    ].join('\n'),
  );
  return { tracer, events };
}

function repoRoot(): string {
  const candidates = [path.resolve(__dirname, '../../../..'), process.cwd()];
  const root = candidates.find((c) => fs.existsSync(path.join(c, 'bin', 'hyperlens.js')));
  if (!root) throw new Error('bin/hyperlens.js not found; run from the repository root after `node esbuild.js`');
  return root;
}

interface CaseResult {
  case: Case;
  figures: RunFigures;
  wallS: number;
  notice: string;
  /** Sum of durations / slots: the makespan with no overhead and perfect packing (a lower bound). */
  idealS: number;
}

function runCase(c: Case, o: Options, ms: number[], root: string): CaseResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hyperlens-bench-scheduler-${c.id}-`));
  try {
    const fake = writeFakeNvidiaSmi(dir, { gpus: Array.from({ length: o.gpus }, () => ({})) });
    const { file, traces } = writeStudy(dir, ms);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: fake.path() };
    delete env.CUDA_VISIBLE_DEVICES;
    const args = ['tune', file, '--trials', String(o.trials), '--seed', String(o.seed), '--sampler', o.sampler, '--gpus-per-trial', String(c.gpusPerTrial), '--trials-per-gpu', String(c.trialsPerGpu), '--runs-dir', path.join(dir, 'runs'), '--json'];
    const { tracer, events } = writeTracer(dir);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--require', tracer, path.join(root, 'bin', 'hyperlens.js'), ...args], { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
    const wallS = (Date.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${c.id}: hyperlens tune exited ${r.status}: ${r.stderr}`);
    const notice = r.stderr.split('\n').find((l) => / at a time on GPUs? /.test(l)) ?? '(no GPU notice)';
    const all: TrialTrace[] = fs.readdirSync(traces).map((f) => JSON.parse(fs.readFileSync(path.join(traces, f), 'utf8')) as TrialTrace);
    if (all.length !== o.trials) throw new Error(`${c.id}: ${all.length} of ${o.trials} trials left a trace`);
    for (const line of fs.readFileSync(events, 'utf8').split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { trial: number; spawn?: number; exit?: number };
      const t = all.find((x) => x.trial === e.trial);
      if (t) Object.assign(t, e.spawn !== undefined ? { spawn: e.spawn } : { exit: e.exit });
    }
    const capacity = Math.floor((o.gpus * c.trialsPerGpu) / c.gpusPerTrial);
    const figures = runFigures(all, { gpuCount: o.gpus, gpusPerTrial: c.gpusPerTrial, trialsPerGpu: c.trialsPerGpu, capacity });
    const idealS = ms.reduce((a, b) => a + b, 0) / 1000 / capacity;
    return { case: c, figures, wallS, notice, idealS };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const f0 = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '-');
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-');

function render(results: CaseResult[], o: Options, header: string[]): { markdown: string; pass: boolean } {
  const lines: string[] = [...header.map((h) => `${h}  `), ''];
  lines.push('| Plan | Slots | Wall (s) | Makespan (s) | Ideal (s) | Slot occupancy while trials wait | Trial code running, same window | Launch overhead median / p90 (ms) | exit seen / tuner / spawn / Node start (median ms) | Most trials on one GPU |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const f = r.figures;
    const most = Math.max(...Object.values(f.maxPerGpu));
    const parts = f.parts ? `${f0(f.parts.exitMs)} / ${f0(f.parts.tunerMs)} / ${f0(f.parts.spawnMs)} / ${f0(f.parts.runtimeMs)}` : '-';
    lines.push(
      `| ${r.case.title} (${o.gpus} GPUs) | ${f.capacity} | ${f1(r.wallS)} | ${f2(f.makespanS)} | ${f2(r.idealS)} | ${f.occupancyHeld === undefined ? '-' : pct(f.occupancyHeld)} | ${pct(f.occupancyCode)} | ${f0(quantile(f.overheadMs, 0.5))} / ${f0(quantile(f.overheadMs, 0.9))} | ${parts} | ${most} (limit ${r.case.trialsPerGpu}) |`,
    );
  }
  lines.push('');
  lines.push('Targets:');
  let pass = true;
  for (const r of results) {
    const f = r.figures;
    const occupancy = f.occupancyHeld ?? f.occupancyCode;
    const ok = occupancy >= OCCUPANCY_TARGET;
    const most = Math.max(...Object.values(f.maxPerGpu));
    const safe = most <= r.case.trialsPerGpu && f.badAssignments === 0;
    pass = pass && ok && safe;
    lines.push(`- ${ok ? 'PASS' : 'FAIL'}: ${r.case.title}: slot occupancy while trials wait ${pct(occupancy)} (target >= ${pct(OCCUPANCY_TARGET)}); launch overhead ${f0(mean(f.overheadMs))} ms per trial on average`);
    lines.push(`- ${safe ? 'PASS' : 'FAIL'}: ${r.case.title}: never over-subscribed (most on one GPU ${most}, limit ${r.case.trialsPerGpu}); ${f.badAssignments} trial(s) without ${r.case.gpusPerTrial} distinct GPU(s)`);
  }
  lines.push('');
  lines.push('What the tuner printed:');
  lines.push('');
  for (const r of results) lines.push(`- ${r.case.title}: \`${r.notice}\``);
  return { markdown: lines.join('\n'), pass };
}

function main(): void {
  const o = parseOptions(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const root = repoRoot();
  const ms = durations(o);
  const started = Date.now();
  log(`Durations: ${o.trials} trials, ${o.minS}-${o.maxS} s (seed ${o.seed}), ${f1(ms.reduce((a, b) => a + b, 0) / 1000)} s of trial time in all.`);
  const results: CaseResult[] = [];
  for (const id of o.cases) {
    const c = CASES.find((x) => x.id === id)!;
    log(`${c.title}: running ${o.trials} trials on ${o.gpus} simulated GPUs...`);
    const r = runCase(c, o, ms, root);
    log(`  slot occupancy ${r.figures.occupancyHeld === undefined ? '-' : pct(r.figures.occupancyHeld)} (trial code ${pct(r.figures.occupancyCode)}) while trials wait, median launch overhead ${f0(quantile(r.figures.overheadMs, 0.5))} ms, ${f1(r.wallS)} s`);
    results.push(r);
  }
  const cpus = os.cpus();
  const argv = process.argv.slice(2).join(' ');
  const header = [
    `Command: \`npm run bench:scheduler${argv ? ` -- ${argv}` : ''}\``,
    `Date: ${new Date().toISOString()}; wall time ${f1((Date.now() - started) / 1000)} s`,
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'} x ${cpus.length}, ${os.platform()} ${os.release()}; Node ${process.version}`,
    `Setup: ${o.gpus} simulated GPUs (a fake nvidia-smi on PATH), ${o.trials} trials per plan sleeping ${o.minS}-${o.maxS} s (seeded, seed ${o.seed}; the same durations in every plan), sampler ${o.sampler}, through \`hyperlens tune\``,
    'Slot occupancy: GPU-share-seconds held by a trial process (the tuner spawning it to the tuner seeing it exit) / shares available, from the first launch to the last (some trial waits for a slot all along). "Trial code running" counts only first line to last line, over the same kind of window. Launch overhead: from a slot coming free (the last line of the trial before it on those GPUs) to the next trial\'s first line, over the trials after the first fill; split into the old process exiting as the tuner sees it, the tuner\'s own work (teardown, journal writes, the next ask, files), fork and exec, and Node starting the trial script (a Python trial would start slower).',
  ];
  const { markdown, pass } = render(results, o, header);
  process.stdout.write(markdown + '\n');
  const outDir = o.outDir ?? path.join(root, 'test', 'bench', 'scheduler', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, new Date().toISOString().slice(0, 10));
  fs.writeFileSync(base + '.md', markdown + '\n');
  fs.writeFileSync(base + '.json', JSON.stringify({ header, options: o, durationsMs: ms, results }, null, 1) + '\n');
  log(`Wrote ${base}.md and ${base}.json`);
  log(pass ? 'All targets met.' : 'Some targets missed (see FAIL above).');
}

try {
  main();
} catch (e) {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
}
