// Every `Hyperlens: ...` command. Each takes what a lens, a view item or the
// palette passes (a URI string, a run id or directory, a tree node, or
// nothing: then the active editor or a quick pick decides).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatAnnotationError, runProblems, spaceOf, type ParsedConfig } from '../annotations';
import { PRUNER_NAMES, PRUNER_SUMMARIES, type PrunerName } from '../engine/pruners/names';
import { SAMPLER_NAMES } from '../engine/samplers/names';
import { JOURNAL_FILE, resolveRun } from '../store/runDir';
import { tunerIsAlive } from '../tuner/liveness';
import { pythonHelperDir } from '../tuner/paths';
import { createRun, readRun } from '../tuner/runFiles';
import { resolveSettings, type RunSettings, type SettingsOverrides } from '../tuner/settings';
import type { Ctx } from './ctx';
import { COMMANDS } from './lensModel';
import { runRefOf } from './runsView';
import { readSettings } from './settings';
import { requireTrust } from './trust';

export function registerCommands(ctx: Ctx): void {
  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    ctx.track(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await fn(...args);
        } catch (err) {
          ctx.output.appendLine(`${id}: ${(err as Error).stack ?? String(err)}`);
          void vscode.window.showErrorMessage(`Hyperlens: ${(err as Error).message}`);
        }
      }),
    );
  };

  register(COMMANDS.showVersion, () => vscode.window.showInformationMessage(`Hyperlens ${ctx.version}`));
  register(COMMANDS.showLog, () => ctx.output.show());
  register(COMMANDS.refreshRuns, () => ctx.indexes.invalidate());

  register(COMMANDS.startRun, async (arg, options) => {
    if (!requireTrust('start a run')) return;
    const document = await documentOf(arg);
    if (!document) return void vscode.window.showWarningMessage('Hyperlens: open an annotated config file to tune it.');
    // From a lens: start at once. From the palette: let the person pick the sampler and the budget.
    const fromPalette = arg === undefined;
    const warmStartFrom = (options as { warmStartFrom?: unknown } | undefined)?.warmStartFrom;
    await startRun(ctx, document, fromPalette, Array.isArray(warmStartFrom) ? warmStartFrom.filter((d): d is string => typeof d === 'string') : undefined);
  });

  register(COMMANDS.stopRun, async (arg) => {
    const ref = runRefOf(arg) ?? (await pickRun(ctx, 'Stop which run?', (state) => state === 'running'));
    if (!ref) return;
    const runDir = resolveRunDir(ctx, ref);
    const run = readRun(runDir);
    if (ctx.runs.stop(run.id)) return;
    // A run this window does not drive (CLI, another window): the tuner stops cleanly on SIGTERM.
    if (run.state === 'running' && run.pid !== undefined && tunerIsAlive(run.pid)) {
      process.kill(run.pid, 'SIGTERM');
      void vscode.window.showInformationMessage(`Hyperlens: asked run ${run.id} (pid ${run.pid}) to stop.`);
    } else {
      void vscode.window.showInformationMessage(`Hyperlens: run ${run.id} is not running.`);
    }
  });

  register(COMMANDS.resumeRun, async (arg) => {
    if (!requireTrust('resume a run')) return;
    const ref = runRefOf(arg) ?? (await pickRun(ctx, 'Resume which run?', (state) => state !== 'running'));
    if (!ref) return;
    const runDir = resolveRunDir(ctx, ref);
    const run = readRun(runDir);
    if (ctx.runs.isLive(run.id) || (run.state === 'running' && run.pid !== undefined && tunerIsAlive(run.pid))) {
      return void vscode.window.showWarningMessage(`Hyperlens: run ${run.id} is still running.`);
    }
    ctx.runs.follow(runDir, ctx.forkOptions(vscode.Uri.file(run.source)));
  });

  register(COMMANDS.acceptBest, async (arg) => {
    const uri = await uriOf(arg);
    if (uri) await ctx.acceptor.acceptAll(uri);
  });

  register(COMMANDS.acceptValue, async (arg, name) => {
    const uri = await uriOf(arg);
    if (!uri) return;
    let param = typeof name === 'string' ? name : undefined;
    if (!param) {
      const parsed = ctx.cache.get(await vscode.workspace.openTextDocument(uri));
      param = await vscode.window.showQuickPick(parsed?.values.map((v) => v.name) ?? [], { placeHolder: 'Accept the best value of which parameter?' });
    }
    if (param) await ctx.acceptor.acceptValue(uri, param);
  });

  register(COMMANDS.showDiff, async (arg) => {
    const uri = await uriOf(arg);
    if (uri) await ctx.acceptor.showDiff(uri);
  });

  // Open Run (the Runs view, notifications) and Open Run in Editor Area (the palette): the run's panel in the editor area.
  const openRunInEditor = async (arg: unknown): Promise<void> => {
    const ref = runRefOf(arg) ?? (await pickRun(ctx, 'Open which run?', () => true));
    if (ref) ctx.panels.editor.show(resolveRunDir(ctx, ref));
  };
  register(COMMANDS.openRun, openRunInEditor);
  register(COMMANDS.openRunInEditor, openRunInEditor);

  register(COMMANDS.openRunReport, async (arg) => {
    const ref = runRefOf(arg) ?? (await pickRun(ctx, 'Open the report of which run?', () => true));
    if (!ref) return;
    await ctx.reports.show(resolveRunDir(ctx, ref));
  });

  // The Run view in the sidebar: the active file's live or latest run, or the run given (pinned).
  register(COMMANDS.openPanel, async (arg) => {
    const ref = runRefOf(arg);
    await ctx.panels.sidebar.reveal(ref === undefined ? undefined : resolveRunDir(ctx, ref));
  });

  register(COMMANDS.deleteRun, async (arg) => {
    const ref = runRefOf(arg) ?? (await pickRun(ctx, 'Delete which run?', (state) => state !== 'running'));
    if (!ref) return;
    const runDir = resolveRunDir(ctx, ref);
    const run = readRun(runDir);
    if (ctx.runs.isLive(run.id) || (run.state === 'running' && run.pid !== undefined && tunerIsAlive(run.pid))) {
      return void vscode.window.showWarningMessage(`Hyperlens: run ${run.id} is running; stop it before deleting it.`);
    }
    const pick = await vscode.window.showWarningMessage(`Delete run ${run.id} and all its trials? This cannot be undone.`, { modal: true }, 'Delete');
    if (pick !== 'Delete') return;
    // Only a directory that really is a run (it has run.json and a journal) is removed.
    if (!fs.existsSync(path.join(runDir, 'run.json')) || !fs.existsSync(path.join(runDir, JOURNAL_FILE))) {
      return void vscode.window.showErrorMessage(`Hyperlens: ${runDir} does not look like a run directory; nothing deleted.`);
    }
    fs.rmSync(runDir, { recursive: true, force: true });
    ctx.indexes.invalidate();
  });

  register(COMMANDS.copyPythonHelper, async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return void vscode.window.showWarningMessage('Hyperlens: open a folder first.');
    const target = path.join(folder.uri.fsPath, 'hyperlens');
    if (fs.existsSync(target)) {
      const pick = await vscode.window.showWarningMessage(`${target} exists. Replace its files with Hyperlens's helper?`, { modal: true }, 'Replace');
      if (pick !== 'Replace') return;
    }
    fs.cpSync(path.join(pythonHelperDir(), 'hyperlens'), target, { recursive: true });
    void vscode.window.showInformationMessage(`Hyperlens: copied the Python helper to ${path.relative(folder.uri.fsPath, target)}/ (import hyperlens; hyperlens.report(step=..., val_loss=...)).`);
  });
}

async function startRun(ctx: Ctx, document: vscode.TextDocument, askOptions: boolean, warmStartFrom?: string[]): Promise<void> {
  const parsed = ctx.cache.get(document);
  if (!parsed || parsed.values.length === 0) {
    return void vscode.window.showWarningMessage(`Hyperlens: ${path.basename(document.fileName)} has no @tune annotations.`);
  }
  const problems = [...parsed.errors, ...runProblems(parsed)];
  if (problems.length > 0) {
    const first = formatAnnotationError(problems[0]);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    const pick = await vscode.window.showErrorMessage(`Hyperlens: cannot start a run: ${first}${more}`, 'Show Problems');
    if (pick) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const live = ctx.runs.liveFor(document.fileName);
  if (live) return void vscode.window.showWarningMessage(`Hyperlens: run ${live.runId} is already tuning this file.`);

  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const editorSettings = readSettings(folder);
  const overrides: SettingsOverrides = {};
  if (askOptions) {
    const chosen = await askRunOptions(parsed, editorSettings.sampler, editorSettings.pruner);
    if (!chosen) return;
    Object.assign(overrides, chosen);
  }
  // The file's directives win over the editor's defaults; the palette's choices win over both.
  const directives = {
    ...parsed.directives,
    trials: parsed.directives.trials ?? editorSettings.trials,
    parallel: parsed.directives.parallel ?? editorSettings.parallel,
    sampler: parsed.directives.sampler ?? editorSettings.sampler,
    // Pruners judge one objective; the editor's default does not apply to a multi-objective file.
    pruner: parsed.directives.pruner ?? (parsed.directives.objectives.length === 1 ? editorSettings.pruner : undefined),
  };
  let settings: RunSettings;
  try {
    settings = resolveSettings(directives, overrides, spaceOf(parsed));
  } catch (err) {
    return void vscode.window.showErrorMessage(`Hyperlens: cannot start a run of ${path.basename(document.fileName)}: ${(err as Error).message}`);
  }
  const run = createRun(editorSettings.runsDirectory, parsed, parsed.directives.command!, parsed.directives.objectives, settings, warmStartFrom);
  ctx.runs.follow(run.dir, ctx.forkOptions(document.uri));
  ctx.indexes.invalidate();
}

async function askRunOptions(parsed: ParsedConfig, defaultSampler: string | undefined, defaultPruner: string | undefined): Promise<SettingsOverrides | undefined> {
  const current = parsed.directives.sampler ?? defaultSampler ?? 'auto';
  const names = [current, ...SAMPLER_NAMES.filter((n) => n !== current && n !== 'sobol')];
  const sampler = await vscode.window.showQuickPick(names, { placeHolder: `Sampler (the file says ${parsed.directives.sampler ?? 'nothing; auto is the default'})` });
  if (!sampler) return undefined;
  // Pruners judge one objective; PBT decides for itself.
  let pruner: string | undefined;
  if (parsed.directives.objectives.length === 1 && parsed.directives.pbt === undefined) {
    const first = parsed.directives.pruner ?? defaultPruner ?? 'none';
    const items = [first, ...PRUNER_NAMES.filter((n) => n !== first && n !== 'sha')].map((name) => ({ label: name, description: PRUNER_SUMMARIES[name as PrunerName] }));
    const picked = await vscode.window.showQuickPick(items, { placeHolder: `Pruner (the file says ${parsed.directives.pruner ?? 'nothing; none is the default'})` });
    if (!picked) return undefined;
    pruner = picked.label;
  }
  const trialsText = await vscode.window.showInputBox({
    prompt: `Trials for ${Object.keys(spaceOf(parsed)).length} parameters`,
    value: String(parsed.directives.trials ?? 20),
    validateInput: (s) => (/^[1-9]\d*$/.test(s.trim()) ? undefined : 'a whole number of trials, 1 or more'),
  });
  if (!trialsText) return undefined;
  return { sampler, ...(pruner ? { pruner } : {}), trials: Number(trialsText.trim()) };
}

async function documentOf(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = await uriOf(arg);
  return uri ? vscode.workspace.openTextDocument(uri) : undefined;
}

async function uriOf(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  // A file node of the Runs view.
  const source = (arg as { source?: unknown } | undefined)?.source;
  if (typeof source === 'string') return vscode.Uri.file(source);
  return vscode.window.activeTextEditor?.document.uri;
}

function resolveRunDir(ctx: Ctx, ref: string): string {
  if (path.isAbsolute(ref)) return ref;
  for (const index of ctx.indexes.all()) {
    try {
      return resolveRun(ref, index.runsDir);
    } catch {
      // Not in this folder's runs directory.
    }
  }
  throw new Error(`no run "${ref}" in ${ctx.indexes.all().map((i) => i.runsDir).join(', ') || 'any runs directory'}`);
}

async function pickRun(ctx: Ctx, placeHolder: string, filter: (state: string) => boolean): Promise<string | undefined> {
  const items = ctx.indexes
    .all()
    .flatMap((i) => i.all())
    .map((e) => ({ e, state: ctx.runs.isLive(e.run.id) ? 'running' : e.state }))
    .filter(({ state }) => filter(state))
    .map(({ e, state }) => ({ label: e.run.id, description: `${state} · ${e.counts.complete}/${e.run.settings?.trials} · ${path.basename(e.run.source)}`, dir: e.run.dir }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Hyperlens: no run to choose from.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.dir;
}

