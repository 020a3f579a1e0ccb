// What the panel's buttons do, once the message is validated and its run id
// checked: stop, resume, add trials, accept or diff a trial's values, re-run a
// trial, open a trial's log. Anything that starts a run goes through
// requireTrust, as the commands do; stopping is always allowed.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Ctx } from '../../editor/ctx';
import { COMMANDS } from '../../editor/lensModel';
import type { RunEntry } from '../../editor/runIndex';
import { requireTrust } from '../../editor/trust';
import { tunerIsAlive } from '../../tuner/liveness';
import { readRun } from '../../tuner/runFiles';
import type { WebviewMessage } from '../protocol';
import { raiseBudget } from './budget';
import { createRerun } from './rerun';
import { trialLogPath } from './trialDetail';

/** The webview messages that ask for an action (ready, requestSnapshot and selectTrial are the session's own). */
export type PanelAction = Exclude<WebviewMessage, { type: 'ready' | 'requestSnapshot' | 'selectTrial' }>;

export async function runPanelAction(ctx: Ctx, m: PanelAction, entry: RunEntry): Promise<void> {
  const { run } = entry;
  const source = vscode.Uri.file(run.source);
  switch (m.type) {
    case 'stopRun':
      await vscode.commands.executeCommand(COMMANDS.stopRun, run.dir);
      return;
    case 'resumeRun':
      await vscode.commands.executeCommand(COMMANDS.resumeRun, run.dir);
      return;
    case 'addTrials':
      return addTrials(ctx, entry, m.count);
    case 'acceptTrial':
    case 'acceptAll':
      return ctx.acceptor.acceptAll(source, { runId: run.id, trial: m.trial });
    case 'showDiff':
      return ctx.acceptor.showDiff(source, { runId: run.id, trial: m.trial });
    case 'rerunTrial':
      return rerunTrial(ctx, entry, m.trial);
    case 'openLog': {
      const file = trialLogPath(run.dir, m.trial, m.stream);
      if (!fs.existsSync(file)) throw new Error(`trial ${m.trial} of run ${run.id} has no ${m.stream} log (yet)`);
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
      return;
    }
  }
}

/**
 * Raises the budget in run.json, then: a stopped or finished run is resumed;
 * a run this window drives goes on by itself (its tuner read the old budget,
 * so it is resumed when that tuner finishes: the trials under way are not
 * cut short); a run another process drives keeps its budget until resumed.
 */
async function addTrials(ctx: Ctx, entry: RunEntry, count: number): Promise<void> {
  const { run } = entry;
  if (!requireTrust('add trials to a run')) return;
  const { after } = raiseBudget(run.dir, count);
  ctx.indexes.invalidate();
  const added = `${count} trial${count === 1 ? '' : 's'}`;
  if (ctx.runs.resumeWhenFinished(run.id)) {
    void vscode.window.showInformationMessage(`Hyperlens: run ${run.id} now has a budget of ${after} trials; the ${added} added start once the trials of its first budget have finished.`);
    return;
  }
  const { state, pid } = readRun(run.dir);
  if (state === 'running' && pid !== undefined && tunerIsAlive(pid)) {
    void vscode.window.showInformationMessage(`Hyperlens: run ${run.id} is running in another process (pid ${pid}), which keeps the budget it started with; the ${added} added run when you resume it after it ends (budget now ${after}).`);
    return;
  }
  ctx.runs.follow(run.dir, ctx.forkOptions(vscode.Uri.file(run.source)));
}

async function rerunTrial(ctx: Ctx, entry: RunEntry, number: number): Promise<void> {
  const { run } = entry;
  if (!requireTrust('re-run a trial')) return;
  const trial = entry.trials.find((t) => t.number === number);
  if (!trial) throw new Error(`run ${run.id} has no trial ${number}`);
  const live = ctx.runs.liveFor(run.source);
  if (live) return void vscode.window.showWarningMessage(`Hyperlens: run ${live.runId} is already tuning this file; re-run trial ${number} when it ends.`);
  const rerun = createRerun(run, trial);
  ctx.runs.follow(rerun.dir, ctx.forkOptions(vscode.Uri.file(run.source)));
  ctx.indexes.invalidate();
  const pick = await vscode.window.showInformationMessage(`Hyperlens: re-running trial ${number} of run ${run.id} as run ${rerun.id}.`, 'Open Run');
  if (pick) await vscode.commands.executeCommand(COMMANDS.openRun, rerun.dir);
}
