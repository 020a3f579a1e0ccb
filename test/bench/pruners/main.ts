// Pruner benchmark: ours (none, median, asha, hyperband, curve) and Optuna
// 3.1's (MedianPruner, SuccessiveHalvingPruner, HyperbandPruner) on the same
// configuration streams and the same learning curves, trials run one after
// another. Markdown tables and the issue's targets go to stdout and under
// results/; progress to stderr. The population-based training section
// (pbt.ts) is appended, with its target.
import * as path from 'node:path';
import { probeOptuna } from '../common/optuna';
import { commandLine, log, machineLine, minutes, publishResults, runMain } from '../common/runOutput';
import { parseArgs, USAGE, type PrunerBenchOptions } from './args';
import { ALL_CONTENDERS, type Contender } from './contenders';
import { medianOf, seedFigures, summarise, type SeedFigures, type TrialOutcome } from './metrics';
import { OptunaPrunerWorker, prunerWorkerScript } from './optunaPrunerClient';
import { runPbtBenchmark } from './pbt';
import { runAll } from './pool';
import { renderReport, type ReportInput } from './report';
import type { RunResult } from './runRun';
import type { SeedJob } from './runSeed';
import { checkTargets, type TargetLine, type TaskResult } from './targets';
import { getTask, PRUNER_TASK_NAMES } from './taskRegistry';
import type { PrunerTask } from './tasks';

/** Seeds handed to the population-based training section unless --seeds says otherwise (pbtMain.js uses 20 too: it is cheap). */
const PBT_SEEDS = { full: 20, quick: 5 };

function selectTasks(o: PrunerBenchOptions): PrunerTask[] {
  const names = o.tasks ?? PRUNER_TASK_NAMES;
  for (const n of names) if (n !== 'pbt' && !PRUNER_TASK_NAMES.includes(n)) throw new Error(`unknown task "${n}" (available: ${[...PRUNER_TASK_NAMES, 'pbt'].join(', ')})`);
  return names.filter((n) => n !== 'pbt').map((n) => getTask(n, o.diskCache));
}

function selectContenders(requested: string[] | undefined): Contender[] {
  if (!requested) return ALL_CONTENDERS;
  const chosen = new Set<Contender>([ALL_CONTENDERS.find((c) => c.id === 'none')!]);
  for (const id of requested) {
    const side = id === 'ours' ? 'hyperlens' : id === 'optuna' ? 'optuna' : undefined;
    if (side) ALL_CONTENDERS.filter((c) => c.engine === side).forEach((c) => chosen.add(c));
    else {
      const c = ALL_CONTENDERS.find((x) => x.id === id);
      if (!c) throw new Error(`unknown pruner "${id}" (available: ${ALL_CONTENDERS.map((x) => x.id).join(', ')}, ours, optuna)`);
      chosen.add(c);
    }
  }
  return ALL_CONTENDERS.filter((c) => chosen.has(c));
}

function resultsName(o: PrunerBenchOptions): string {
  const date = new Date().toISOString().slice(0, 10);
  if (o.quick) return `${date}-quick`;
  if (o.tasks || o.pruners || o.seeds !== undefined) return `${date}-partial`;
  return date;
}

/** Trials as [index, steps, state, final, endedAt] rows: a full run has ~100k of them. */
function compact(trials: readonly TrialOutcome[]): Array<[number, number, string, number | null, number]> {
  return trials.map((t) => [t.index, t.steps, t.state, t.final ?? null, t.endedAt]);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const tasks = selectTasks(o);
  let contenders = selectContenders(o.pruners);
  const notes: string[] = [];
  if (o.pruners && !o.pruners.includes('none')) notes.push('none was added: its run sets the quality the others must reach');

  let optunaVersion = 'not used';
  if (contenders.some((c) => c.engine === 'optuna')) {
    const version = await probeOptuna(new OptunaPrunerWorker(o.python), { python: o.python, script: prunerWorkerScript, skipped: "Optuna's pruners", log, notes });
    if (version) optunaVersion = version;
    else contenders = contenders.filter((c) => c.engine !== 'optuna');
  }

  const plan = tasks.map((task) => ({
    task,
    budgetTrials: o.quick ? task.quick.budgetTrials : task.budgetTrials,
    seeds: o.seeds ?? (o.quick ? task.quick.seeds : task.defaultSeeds),
  }));
  const jobs: SeedJob[] = [];
  for (const p of plan) {
    log(`${p.task.name}: ${contenders.length} pruners x ${p.seeds} seeds, B = ${p.budgetTrials * p.task.maxStep} steps a run`);
    for (let seed = 0; seed < p.seeds; seed++) jobs.push({ task: p.task.name, seed, budgetTrials: p.budgetTrials, pruners: contenders.map((c) => c.id), diskCache: o.diskCache });
  }
  // The training task first: its seeds are the long ones, and the children stay busy to the end.
  jobs.sort((a, b) => Number(b.task === 'mnist') - Number(a.task === 'mnist'));

  const started = Date.now();
  let done = 0;
  const seedResults = await runAll(jobs, {
    jobs: o.jobs,
    python: o.python,
    onResult: (r) => {
      done++;
      const trials = r.runs.map((run) => `${run.pruner} ${run.error ? 'FAILED' : run.trials.length}`).join(', ');
      log(`[${done}/${jobs.length}] ${r.job.task} seed ${r.job.seed}: ${r.error ? `FAILED ${r.error}` : `trials ${trials}; ${r.computedSteps} steps computed`} (${minutes(r.wallMs)}; elapsed ${minutes(Date.now() - started)})`);
    },
  });

  const runs: RunResult[] = seedResults.flatMap((r) => r.runs);
  const results: TaskResult[] = [];
  const reportTasks: ReportInput['tasks'] = [];
  for (const p of plan) {
    const budget = p.budgetTrials * p.task.maxStep;
    const perSeed: Record<string, SeedFigures[]> = {};
    const qualities: number[] = [];
    const poolBests: number[] = [];
    for (let seed = 0; seed < p.seeds; seed++) {
      const r = seedResults.find((x) => x.job.task === p.task.name && x.job.seed === seed)!;
      if (r.error) notes.push(`${p.task.name} seed ${seed} failed, left out: ${r.error}`);
      const outcomes = new Map<string, TrialOutcome[]>();
      for (const run of r.runs) {
        if (run.error) notes.push(`${run.pruner} on ${p.task.name} seed ${seed} failed, left out: ${run.error}`);
        else outcomes.set(run.pruner, run.trials);
      }
      if (!outcomes.has('none')) continue;
      const figures = seedFigures(seed, budget, outcomes);
      for (const [id, f] of figures) (perSeed[id] ??= []).push(f);
      const none = figures.get('none')!;
      qualities.push(none.quality);
      poolBests.push(none.quality - none.regret);
    }
    const cells = Object.fromEntries(Object.entries(perSeed).map(([id, fs]) => [id, summarise(fs, budget)]));
    results.push({ task: p.task.name, cells, perSeed });
    reportTasks.push({ task: p.task, budgetTrials: p.budgetTrials, seeds: p.seeds, medianQuality: medianOf(qualities), medianPoolBest: medianOf(poolBests) });
  }

  const targets: TargetLine[] = checkTargets(results);
  const extra: string[] = [];
  if (!o.tasks || o.tasks.includes('pbt')) {
    log('Population-based training (pbt.ts)...');
    const r = await runPbtBenchmark({ seeds: o.seeds ?? (o.quick ? PBT_SEEDS.quick : PBT_SEEDS.full), quick: o.quick });
    extra.push(r.markdown);
    targets.push({ status: r.pass ? 'PASS' : 'FAIL', text: 'population-based training targets (see its section)' });
  }

  const header = [
    commandLine('pruners'),
    `Date: ${new Date().toISOString()}; wall time ${minutes(Date.now() - started)} with --jobs ${o.jobs}`,
    machineLine(optunaVersion),
    'Same sampler: per task and seed one stream of random configurations (our RandomSampler); trial k of every pruner, ours and Optuna\'s, runs configuration k. Trials run one at a time (one worker).',
    'Compute is counted in steps (epochs for mnist). MNIST curves are deterministic per configuration and seed, computed once and shared by every pruner of a seed (and cached on disk between runs), which changes no figure.',
    'A trial is never judged at its last step (stopping it then saves nothing). Optuna: MedianPruner(), SuccessiveHalvingPruner(min_resource=first rung, reduction_factor=3), HyperbandPruner(min_resource=first rung, max_resource=last step, reduction_factor=3).',
  ];
  const markdown = renderReport({
    title: `Pruner benchmark${o.quick ? ' (quick)' : ''}`,
    header,
    notes,
    tasks: reportTasks,
    results,
    pruners: contenders.map((c) => c.id),
    targets,
    extra,
  });

  const json = {
    header,
    notes,
    options: o,
    optuna: optunaVersion,
    tasks: reportTasks.map((t) => ({ name: t.task.name, minStep: t.task.minStep, maxStep: t.task.maxStep, budgetTrials: t.budgetTrials, seeds: t.seeds })),
    results,
    targets,
    runs: runs.map((r) => ({ ...r, trials: compact(r.trials) })),
  };
  publishResults(o.outDir ?? path.join(path.dirname(prunerWorkerScript()), 'results'), resultsName(o), markdown, JSON.stringify(json));
}

runMain(main);
