// Side-by-side sampler benchmark: our samplers and Optuna 3.1's on the same
// objective code, then ask overhead, then Markdown tables and the issue's
// targets on stdout and under results/. Progress goes to stderr.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { probeOptuna } from '../common/optuna';
import { commandLine, log, machineLine, minutes, publishResults, runMain } from '../common/runOutput';
import { parseArgs, USAGE, type BenchOptions } from './args';
import { measureOverhead, type OverheadRow } from './overhead';
import { OptunaWorker, workerScript } from './optunaClient';
import { runAll } from './pool';
import { renderReport } from './report';
import type { Job, JobResult } from './runJob';
import { ALL_SAMPLERS, appliesTo, tooSlow, unavailableReason, type BenchSampler } from './samplers';
import { compare, summarizeTask, type Comparison } from './summary';
import { checkTargets } from './targets';
import { getTask, isMultiObjective, QUICK_TASKS, TASK_NAMES, type Task } from './tasks';

/** Ours that the issue compares with Optuna's TPE (single) and NSGA-II / MOTPE (multi). */
const COMPARED = {
  single: { ours: ['auto', 'tpe', 'gp'], theirs: ['optuna:tpe', 'optuna:tpe-mv'] },
  multi: { ours: ['auto', 'nsga2', 'motpe'], theirs: ['optuna:nsga2', 'optuna:motpe'] },
};

function selectSamplers(requested: string[] | undefined): BenchSampler[] {
  if (!requested) return ALL_SAMPLERS;
  const out = new Set<BenchSampler>();
  for (const id of requested) {
    if (id === 'ours') ALL_SAMPLERS.filter((s) => s.engine === 'hyperlens').forEach((s) => out.add(s));
    else if (id === 'optuna') ALL_SAMPLERS.filter((s) => s.engine === 'optuna').forEach((s) => out.add(s));
    else {
      const s = ALL_SAMPLERS.find((x) => x.id === id);
      if (!s) throw new Error(`unknown sampler "${id}" (available: ${ALL_SAMPLERS.map((x) => x.id).join(', ')}, ours, optuna)`);
      out.add(s);
    }
  }
  return ALL_SAMPLERS.filter((s) => out.has(s));
}

/** Rough ms one run costs: per-trial cost scaled by dimension, plus pipe and study bookkeeping. */
function estimateMs(s: BenchSampler, task: Task): number {
  const perTrial = s.msPerTrial * Math.max(0.2, task.dim / 10) + (s.engine === 'optuna' ? 0.25 : 0.05);
  return task.budget * perTrial;
}

function estimateOverheadMs(samplers: BenchSampler[], o: BenchOptions): number {
  let total = 0;
  for (const s of samplers) {
    for (const n of o.overheadSizes) {
      const ask = s.msPerTrial * (n / 150);
      total += Math.min(o.overheadCapS * 1000, 6 * ask) + (s.engine === 'optuna' ? 0.15 * n : 0.01 * n);
    }
  }
  return total;
}

function resultsName(o: BenchOptions): string {
  const date = new Date().toISOString().slice(0, 10);
  if (o.quick) return `${date}-quick`;
  if (o.overheadOnly) return `${date}-overhead`;
  if (o.tasks || o.samplers || o.seeds !== 20 || o.noOverhead) return `${date}-partial`;
  return date;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const taskNames = o.tasks ?? (o.quick ? QUICK_TASKS : TASK_NAMES);
  const tasks = taskNames.map(getTask);
  const notes: string[] = [];

  let samplers = selectSamplers(o.samplers).filter((s) => {
    const why = unavailableReason(s);
    if (why) {
      const note = `${s.id}: skipped, not available yet (${why.replace(/ \(available:.*$/, '')})`;
      notes.push(note);
      log(note);
    }
    return !why;
  });

  let optunaVersion = 'not used';
  if (samplers.some((s) => s.engine === 'optuna')) {
    const version = await probeOptuna(new OptunaWorker(o.python), { python: o.python, script: workerScript, skipped: "Optuna's samplers", log, notes });
    if (version) optunaVersion = version;
    else samplers = samplers.filter((s) => s.engine !== 'optuna');
  }

  const jobs: Array<Job & { estimate: number }> = [];
  if (!o.overheadOnly) {
    for (const task of tasks) {
      for (const s of samplers) {
        if (!appliesTo(s, isMultiObjective(task))) continue;
        const slow = o.withSlow ? undefined : tooSlow(s, task.directions.length);
        if (slow) {
          notes.push(`${s.id} on ${task.name}: left out (${slow}); --with-slow runs it`);
          continue;
        }
        for (let seed = 0; seed < o.seeds; seed++) jobs.push({ task: task.name, sampler: s.id, seed, estimate: estimateMs(s, task) });
      }
    }
  }
  // Longest first keeps the children busy to the end.
  jobs.sort((a, b) => b.estimate - a.estimate);

  const totalEstimate = jobs.reduce((a, j) => a + j.estimate, 0);
  const overheadEstimate = o.noOverhead ? 0 : estimateOverheadMs(samplers, o);
  log(`Plan: ${tasks.length} tasks x ${samplers.length} samplers x ${o.seeds} seeds = ${jobs.length} runs on ${o.jobs} job(s).`);
  for (const s of samplers) {
    const mine = jobs.filter((j) => j.sampler === s.id);
    if (mine.length) log(`  ${s.id.padEnd(16)} ${String(mine.length).padStart(5)} runs  ~${minutes(mine.reduce((a, j) => a + j.estimate, 0))} of CPU`);
  }
  log(`Estimated time: ~${minutes(totalEstimate / o.jobs + overheadEstimate)} (runs ~${minutes(totalEstimate / o.jobs)}, ask overhead ~${minutes(overheadEstimate)}; rough, from typical per-trial costs).`);

  if (o.dryRun) return;

  const started = Date.now();
  let doneEstimate = 0;
  let done = 0;
  const results: JobResult[] = await runAll(jobs, {
    jobs: o.jobs,
    python: o.python,
    onResult: (r) => {
      done++;
      doneEstimate += jobs.find((j) => j.task === r.task && j.sampler === r.sampler && j.seed === r.seed)?.estimate ?? 0;
      const elapsed = Date.now() - started;
      const eta = doneEstimate > 0 ? ((totalEstimate - doneEstimate) * elapsed) / doneEstimate : NaN;
      const what = r.error ? `FAILED: ${r.error}` : `log10 regret ${r.logRegret.toFixed(2)}`;
      log(`[${String(done).padStart(String(jobs.length).length)}/${jobs.length}] ${r.task} ${r.sampler} seed ${r.seed}: ${what} (${(r.wallMs / 1000).toFixed(1)} s); elapsed ${minutes(elapsed)}, ETA ~${Number.isFinite(eta) ? minutes(eta) : '?'}`);
    },
  });

  let overhead: OverheadRow[] = [];
  if (!o.noOverhead) {
    log(`Ask overhead at ${o.overheadSizes.join(', ')} trials, d = 10 (cap ${o.overheadCapS} s per sampler and size)...`);
    const worker = new OptunaWorker(o.python);
    try {
      // Ours in a fresh child (this heap holds every run's results), Optuna's in its own worker.
      const mine = await measureOursInChild(samplers.filter((s) => s.engine === 'hyperlens'), o.overheadSizes, o.overheadCapS, log);
      const theirs = await measureOverhead(samplers.filter((s) => s.engine === 'optuna'), { sizes: o.overheadSizes, capS: o.overheadCapS, worker: () => worker, log });
      overhead = samplers.map((s) => [...mine, ...theirs].find((r) => r.sampler === s.id)).filter((r): r is OverheadRow => r !== undefined);
    } finally {
      worker.stop();
    }
  }

  const failures = new Map<string, JobResult[]>();
  for (const r of results.filter((x) => x.error)) failures.set(`${r.sampler} on ${r.task}`, [...(failures.get(`${r.sampler} on ${r.task}`) ?? []), r]);
  for (const [where, rs] of failures) notes.push(`${where}: ${rs.length} run(s) failed, left out (first error: ${rs[0].error})`);

  const single = tasks.filter((t) => !isMultiObjective(t)).map((t) => summarizeTask(t.name, results)).filter((s) => Object.keys(s.cells).length > 0);
  const multi = tasks.filter(isMultiObjective).map((t) => summarizeTask(t.name, results)).filter((s) => Object.keys(s.cells).length > 0);
  const comparisons: Comparison[] = [];
  for (const [summaries, pairs] of [
    [single, COMPARED.single],
    [multi, COMPARED.multi],
  ] as const) {
    for (const t of summaries)
      for (const ours of pairs.ours)
        for (const theirs of pairs.theirs) {
          const c = t.cells[ours] && t.cells[theirs] ? compare(t.task, ours, theirs, results) : undefined;
          if (c) comparisons.push(c);
        }
  }
  const targets = checkTargets(single, multi, overhead);

  const header = [
    commandLine('samplers'),
    `Date: ${new Date().toISOString()}; wall time ${minutes(Date.now() - started)}`,
    machineLine(optunaVersion),
    `Seeds: ${o.seeds} (0..${o.seeds - 1}), the same for every sampler; budget ceil(20 + 40 sqrt(d)) trials`,
    `Samplers: ${samplers.map((s) => s.id).join(', ')} (optuna:tpe is TPESampler(), optuna:tpe-mv TPESampler(multivariate=True), optuna:motpe TPESampler() on several objectives)`,
  ];
  const markdown = renderReport({
    title: `Sampler benchmark${o.quick ? ' (quick)' : ''}`,
    header,
    notes,
    tasks,
    samplers: samplers.map((s) => s.id),
    single,
    multi,
    comparisons,
    overhead,
    overheadSizes: o.overheadSizes,
    targets,
  });

  const json = {
    header,
    notes,
    options: o,
    optuna: optunaVersion,
    tasks: tasks.map((t) => ({ name: t.name, dim: t.dim, budget: t.budget, objectives: t.directions.length, optimum: t.optimum, reference: t.reference, referenceVolume: t.referenceVolume })),
    samplers: samplers.map((s) => s.id),
    summary: { single, multi },
    comparisons,
    overhead,
    targets,
    runs: results,
  };
  publishResults(o.outDir ?? path.join(path.dirname(workerScript()), 'results'), resultsName(o), markdown, JSON.stringify(json, null, 1));
}

runMain(main);

function measureOursInChild(samplers: BenchSampler[], sizes: number[], capS: number, log: (line: string) => void): Promise<OverheadRow[]> {
  if (samplers.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'overheadChild.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
    child.on('message', (m: { log?: string; rows?: OverheadRow[]; error?: string }) => {
      if (m.log) log(m.log);
      if (m.rows) resolve(m.rows);
      if (m.error) reject(new Error(m.error));
    });
    child.on('exit', (code) => reject(new Error(`the overhead child exited with ${code}`)));
    child.send({ samplers, sizes, capS });
  });
}
