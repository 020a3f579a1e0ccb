// Runs this window drives: it forks the tuner (the same loop the CLI runs),
// follows its notifications over IPC, and shows progress in a cancellable
// notification, the status bar and the Hyperlens output channel. The tuner
// keeps going if the window closes; `hyperlens resume` or the Runs view
// picks it up later.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatNumber } from '../engine/format';
import { readRun } from '../tuner/runFiles';
import type { TunerCommand, TunerNotification } from '../tuner/protocol';
import { describeSettings } from '../tuner/summary';
import { COMMANDS, progressText, type LiveProgress } from './lensModel';

export interface RunEnded {
  runId: string;
  runDir: string;
  source: string;
  state: string;
}

/** The tuner's latest `progress` notification, and when it came (the panel's clock runs on from there). */
export interface TunerProgress {
  done: number;
  budget: number;
  running: number;
  elapsedSeconds: number;
  etaSeconds?: number;
  /** Date.now() when it arrived. */
  receivedAt: number;
}

interface LiveRun {
  runId: string;
  runDir: string;
  source: string;
  metric: string;
  child: ChildProcess;
  options: ForkOptions;
  progress: LiveProgress;
  tuner?: TunerProgress;
  stopRequested: boolean;
  /** Trials were added while it ran: its tuner keeps the old budget, so a new one follows when it finishes. */
  resumeWhenFinished: boolean;
}

export interface ForkOptions {
  tunerScript: string;
  /** Node binary for the tuner; the editor's own runtime when unset. */
  nodePath?: string;
  /** Put first on the trials' PATH so `python` in a command is this one. */
  pythonPath?: string;
}

export class RunController implements vscode.Disposable {
  private readonly live = new Map<string, LiveRun>();
  private readonly statusBar: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly ended = new vscode.EventEmitter<RunEnded>();
  /** Fires on every progress step, start and end: lenses and views refresh. */
  readonly onDidChange = this.changed.event;
  readonly onDidEnd = this.ended.event;

  constructor(private readonly output: vscode.OutputChannel) {
    this.statusBar = vscode.window.createStatusBarItem('hyperlens.run', vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = 'Hyperlens run';
  }

  /** The live run of a file, if this window drives one. */
  liveFor(source: string): LiveProgress | undefined {
    const key = path.resolve(source);
    for (const r of this.live.values()) if (path.resolve(r.source) === key) return r.progress;
    return undefined;
  }

  isLive(runId: string): boolean {
    return this.live.has(runId);
  }

  liveRunIds(): string[] {
    return [...this.live.keys()];
  }

  /** The latest progress the run's tuner sent, while this window drives it. */
  tunerProgress(runId: string): TunerProgress | undefined {
    return this.live.get(runId)?.tuner;
  }

  /**
   * The run's budget in run.json was raised while its tuner runs: that tuner
   * read the budget when it started, so once it finishes (not when stopped)
   * the run is resumed to spend the rest. False when this window does not drive it.
   */
  resumeWhenFinished(runId: string): boolean {
    const entry = this.live.get(runId);
    if (!entry) return false;
    entry.resumeWhenFinished = true;
    return true;
  }

  /** Forks the tuner on a prepared run directory (new or resumed) and follows it. */
  follow(runDir: string, options: ForkOptions): void {
    const run = readRun(runDir);
    if (this.live.has(run.id)) throw new Error(`run ${run.id} is already running in this window`);
    const env: NodeJS.ProcessEnv = { ...process.env, HYPERLENS_EDITOR: '1' };
    if (options.pythonPath) env.PATH = `${path.dirname(options.pythonPath)}${path.delimiter}${env.PATH ?? ''}`;
    // An argument array, no shell: nothing in the run directory's name is interpreted.
    const child = fork(options.tunerScript, [runDir], {
      cwd: path.dirname(run.source),
      env,
      execPath: options.nodePath,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    const entry: LiveRun = {
      runId: run.id,
      runDir,
      source: run.source,
      metric: run.objectives[0]?.metric ?? 'value',
      child,
      options,
      progress: { runId: run.id, done: 0, budget: run.settings.trials },
      stopRequested: false,
      resumeWhenFinished: false,
    };
    this.live.set(run.id, entry);
    this.output.appendLine(`[${run.id}] started: ${describeSettings(run.settings)} (${runDir})`);
    child.stderr?.on('data', (d: Buffer) => this.output.append(`[${run.id}] ${d.toString()}`));
    child.stdout?.on('data', (d: Buffer) => this.output.append(`[${run.id}] ${d.toString()}`));
    child.on('message', (m) => this.onMessage(entry, m as TunerNotification));
    child.on('error', (err) => this.output.appendLine(`[${run.id}] tuner error: ${err.message}`));
    child.on('exit', (code, signal) => this.onExit(entry, code, signal));
    this.showProgress(entry);
    this.updateStatusBar();
    this.changed.fire();
  }

  /** Asks the tuner to stop: running trials are stopped, completed ones kept, the run can be resumed. */
  stop(runId: string): boolean {
    const entry = this.live.get(runId);
    if (!entry) return false;
    entry.stopRequested = true;
    const command: TunerCommand = { type: 'stop' };
    if (entry.child.connected) entry.child.send(command);
    else entry.child.kill('SIGTERM');
    this.output.appendLine(`[${runId}] stop requested`);
    return true;
  }

  private onMessage(entry: LiveRun, m: TunerNotification): void {
    if (!m || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return;
    switch (m.type) {
      case 'progress':
        entry.progress = { runId: entry.runId, done: m.done, budget: m.budget, best: m.best?.values?.[0], pruned: m.counts?.pruned };
        entry.tuner = { done: m.done, budget: m.budget, running: m.running, elapsedSeconds: m.elapsedSeconds, receivedAt: Date.now(), ...(m.etaSeconds === undefined ? {} : { etaSeconds: m.etaSeconds }) };
        this.updateStatusBar();
        this.changed.fire();
        break;
      case 'trialEnded': {
        const r = m.record;
        const outcome = r.state === 'complete' && r.values ? `${entry.metric} ${formatNumber(r.values[0])}` : `${r.state}${typeof r.userAttrs?.prune_reason === 'string' ? `: ${r.userAttrs.prune_reason}` : typeof r.userAttrs?.fail_reason === 'string' ? `: ${r.userAttrs.fail_reason}` : ''}`;
        this.output.appendLine(`[${entry.runId}] trial ${m.number} ${outcome}`);
        this.changed.fire();
        break;
      }
      case 'notice':
        this.output.appendLine(`[${entry.runId}] ${m.message}`);
        break;
      case 'error':
        this.output.appendLine(`[${entry.runId}] error: ${m.message}`);
        void vscode.window.showErrorMessage(`Hyperlens: run ${entry.runId} failed: ${m.message}`, 'Show Log').then((pick) => {
          if (pick) this.output.show(true);
        });
        break;
      case 'ended':
        this.output.appendLine(`[${entry.runId}] ${m.state}: ${m.counts.complete} complete, ${m.counts.pruned} pruned, ${m.counts.failed} failed`);
        break;
      default:
        break;
    }
  }

  private onExit(entry: LiveRun, code: number | null, signal: NodeJS.Signals | null): void {
    this.live.delete(entry.runId);
    let state = 'failed';
    try {
      state = readRun(entry.runDir).state;
    } catch {
      // The run directory was deleted under us.
    }
    this.output.appendLine(`[${entry.runId}] tuner exited (${signal ?? `code ${code}`}), run ${state}`);
    if (state === 'finished' && entry.resumeWhenFinished && !entry.stopRequested) {
      this.output.appendLine(`[${entry.runId}] trials were added while it ran: resuming it`);
      try {
        this.follow(entry.runDir, entry.options);
        return;
      } catch (err) {
        this.output.appendLine(`[${entry.runId}] could not resume it: ${(err as Error).message}`);
      }
    }
    this.updateStatusBar();
    this.changed.fire();
    this.ended.fire({ runId: entry.runId, runDir: entry.runDir, source: entry.source, state });
  }

  private showProgress(entry: LiveRun): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Hyperlens: ${entry.runId}`, cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          token.onCancellationRequested(() => this.stop(entry.runId));
          let reported = 0;
          const sub = this.onDidChange(() => {
            if (!this.live.has(entry.runId)) {
              sub.dispose();
              resolve();
              return;
            }
            const p = entry.progress;
            const increment = p.budget > 0 ? ((p.done - reported) / p.budget) * 100 : 0;
            reported = p.done;
            progress.report({ message: progressText(p), increment });
          });
        }),
    );
  }

  private updateStatusBar(): void {
    const runs = [...this.live.values()];
    if (runs.length === 0) {
      this.statusBar.hide();
      return;
    }
    const first = runs[0];
    this.statusBar.text = `$(beaker) ${progressText(first.progress)}${runs.length > 1 ? ` (+${runs.length - 1})` : ''}`;
    this.statusBar.tooltip = `Hyperlens run ${first.runId}: click to open`;
    this.statusBar.command = { title: 'Open Run', command: COMMANDS.openPanel, arguments: [first.runDir] };
    this.statusBar.show();
  }

  dispose(): void {
    // Runs outlive the window on purpose (the tuner is detached); only stop following them.
    for (const r of this.live.values()) {
      r.child.removeAllListeners();
      if (r.child.connected) r.child.disconnect();
      r.child.unref();
    }
    this.live.clear();
    this.statusBar.dispose();
    this.changed.dispose();
    this.ended.dispose();
  }
}
