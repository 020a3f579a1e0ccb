// One webview bound to one real run, with a fake editor around it: the page
// gets a snapshot when it says ready, then only the trials that changed;
// every message it sends is validated and checked against the run, and a bad
// one is logged and answered, never acted on; a hidden page gets nothing.
import { activeEditorChanged, calls, EventEmitter, fakeEditor, fakeWebview, fakeWebviewView, vscode } from './fakeVscode';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { parseConfig } from '../../../../src/annotations';
import type { Ctx } from '../../../../src/editor/ctx';
import { RunIndex } from '../../../../src/editor/runIndex';
import type { TunerProgress } from '../../../../src/editor/runController';
import { EditorPanels } from '../../../../src/panel/host/editorPanels';
import { RunSession } from '../../../../src/panel/host/runSession';
import { SidebarView } from '../../../../src/panel/host/sidebarView';
import { createRun } from '../../../../src/tuner/runFiles';
import { driveRun } from '../../../../src/tuner/runLoop';
import { resolveSettings } from '../../../../src/tuner/settings';
import { tempDir, writeObjectiveConfig } from '../../../integration/cli/cliHarness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than the batcher's 100 ms between messages. */
const BATCH = 150;

/** A real run of the objective fixture (driven: with its 3 trials), and a session showing it. */
async function setUp(drive = true) {
  const dir = tempDir('panel-session');
  const file = writeObjectiveConfig(dir);
  const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
  const run = createRun(path.join(dir, 'runs'), parsed, parsed.directives.command!, parsed.directives.objectives, resolveSettings(parsed.directives, { trials: 3, seed: 3 }));
  if (drive) await driveRun(run.dir);
  const index = new RunIndex(path.join(dir, 'runs'));
  const indexChanged = new EventEmitter<void>();
  const runsChanged = new EventEmitter<void>();
  const log: string[] = [];
  const follows: string[] = [];
  const live = { is: false, progress: undefined as TunerProgress | undefined };
  const ctx = {
    extension: { extensionUri: { scheme: 'file', fsPath: '/ext', path: '/ext' } },
    output: { appendLine: (l: string) => log.push(l) },
    indexes: { all: () => [index], forUri: () => index, onDidChange: indexChanged.event, invalidate: () => index.invalidate() },
    runs: { isLive: () => live.is, tunerProgress: () => live.progress, liveFor: () => undefined, onDidChange: runsChanged.event, resumeWhenFinished: () => false, follow: (d: string) => follows.push(d) },
    cache: { get: () => undefined },
    acceptor: { acceptAll: async (...a: unknown[]) => void calls.push(['acceptAll', ...a]), showDiff: async (...a: unknown[]) => void calls.push(['showDiff', ...a]) },
    forkOptions: () => ({ tunerScript: 'tuner.js' }),
  } as unknown as Ctx;
  const webview = fakeWebview();
  const session = new RunSession(ctx, webview as never, 'editor', `Run ${run.id}`);
  session.show(run.dir);
  await sleep(BATCH);
  webview.posted.length = 0;
  calls.length = 0;
  return { run, index, indexChanged, runsChanged, log, follows, live, ctx, webview, session };
}

test('run session: the page is locked down, and says ready to get a snapshot of the run', async () => {
  const { run, webview, session } = await setUp();
  try {
    assert.equal(webview.options?.enableScripts, true);
    assert.deepEqual(webview.options?.localResourceRoots?.map((u) => u.fsPath), ['/ext/dist', '/ext/media']);
    assert.deepEqual(Object.keys(webview.options ?? {}).sort(), ['enableScripts', 'localResourceRoots']);
    assert.match(webview.html, /<body data-mode="editor">/);
    assert.match(webview.html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    webview.send({ type: 'ready' });
    await sleep(BATCH);
    assert.equal(webview.posted.length, 1);
    const snapshot = webview.posted[0];
    assert.equal(snapshot.type, 'snapshot');
    assert.equal(snapshot.seq, 0);
    assert.equal(snapshot.run.id, run.id);
    assert.equal(snapshot.run.state, 'finished');
    assert.deepEqual(snapshot.trials.map((t: { number: number }) => t.number), [0, 1, 2]);
    assert.deepEqual(snapshot.run.fileValues, { 'model.x': 0.5, 'model.n': 3, opt: 'sgd' }, "the file's current values");
  } finally {
    session.dispose();
  }
});

test('run session: an invalid message, or one for another run, is logged and answered, never acted on', async () => {
  const { run, webview, session, log } = await setUp(false);
  try {
    webview.send({ type: 'stopRun', runId: '../../etc' });
    webview.send({ type: 'stopRun', runId: '20261123-191500-other-a1b2' });
    webview.send({ type: 'addTrials', runId: run.id, count: -5 });
    webview.send({ type: 'eval', code: 'x' });
    await sleep(20);
    assert.deepEqual(webview.posted.map((m) => m.type), ['error', 'error', 'error', 'error']);
    assert.match(webview.posted[0].message, /stopRun\.runId: not a run id/);
    assert.match(webview.posted[1].message, /not the run this panel shows/);
    assert.match(webview.posted[2].message, /addTrials\.count: must be 1 or more/);
    assert.equal(log.length, 4, `each refusal should be logged: ${log.join('\n')}`);
    assert.deepEqual(calls, [], 'nothing should have been done');
    // A valid one is acted on.
    webview.send({ type: 'stopRun', runId: run.id });
    await sleep(20);
    assert.deepEqual(calls, [['command', 'hyperlens.stopRun', run.dir]]);
  } finally {
    session.dispose();
  }
});

test('run session: after more trials only the new ones go out, with the run; nothing when nothing changed', async () => {
  const { run, index, indexChanged, runsChanged, webview, session, follows } = await setUp();
  try {
    webview.send({ type: 'ready' });
    await sleep(BATCH);
    webview.posted.length = 0;
    // Add Trials on a run nobody drives: the budget goes up and this window resumes it.
    webview.send({ type: 'addTrials', runId: run.id, count: 2 });
    await sleep(20);
    assert.deepEqual(follows, [run.dir]);
    await driveRun(run.dir); // what the resumed tuner does
    index.invalidate();
    indexChanged.fire();
    await sleep(BATCH);
    assert.deepEqual(webview.posted.map((m) => m.type), ['update']);
    const update = webview.posted[0];
    assert.equal(update.seq, 1);
    assert.deepEqual(update.trials.map((t: { number: number }) => t.number), [3, 4], 'only the two new trials');
    assert.equal(update.run.budget, 5);
    webview.posted.length = 0;
    indexChanged.fire();
    runsChanged.fire();
    await sleep(BATCH);
    assert.deepEqual(webview.posted, [], 'nothing changed: nothing sent');
  } finally {
    session.dispose();
  }
});

test('run session: a selected trial gets its detail; hidden, nothing is sent; shown again, a snapshot', async () => {
  const { run, indexChanged, webview, session } = await setUp();
  try {
    webview.send({ type: 'selectTrial', runId: run.id, trial: 1 });
    await sleep(20);
    assert.equal(webview.posted.length, 1);
    assert.equal(webview.posted[0].type, 'trialDetail');
    assert.equal(webview.posted[0].trial.number, 1);
    assert.match(webview.posted[0].logTail.stdout, /@tune/);
    webview.send({ type: 'openLog', runId: run.id, trial: 1, stream: 'stdout' });
    await sleep(20);
    assert.equal(calls[0][0], 'showTextDocument');
    assert.equal((calls[0][1] as { fsPath: string }).fsPath, path.join(run.dir, 'trials', '1', 'stdout.log'));

    webview.posted.length = 0;
    session.setVisible(false);
    indexChanged.fire();
    await sleep(BATCH);
    assert.equal(webview.posted.length, 0, 'hidden: nothing sent');
    session.setVisible(true);
    await sleep(BATCH);
    assert.deepEqual(webview.posted.map((m) => m.type), ['snapshot']);
  } finally {
    session.dispose();
  }
});

test("run session: a live run's clock moves on every second from the tuner's last progress, only while shown", async () => {
  const { webview, session, live } = await setUp(false);
  try {
    live.is = true;
    live.progress = { done: 2, budget: 3, running: 1, elapsedSeconds: 10, etaSeconds: 5, receivedAt: Date.now() };
    await sleep(2300);
    const updates = webview.posted.filter((m) => m.type === 'update');
    assert.ok(updates.length >= 2, `two ticks in 2.3 s: ${updates.length}`);
    assert.equal(updates[0].run.state, 'running');
    assert.ok(updates[1].run.elapsedS > updates[0].run.elapsedS && updates[1].run.elapsedS > 10);
    assert.ok(updates[1].run.etaS < 5);
    session.setVisible(false);
    webview.posted.length = 0;
    await sleep(1200);
    assert.deepEqual(webview.posted, [], 'hidden: no ticks');
  } finally {
    session.dispose();
  }
});

test('editor panels: one per run, titled by its id; opening it again focuses it', async () => {
  const { run, ctx, session } = await setUp(false);
  session.dispose();
  const panels = new EditorPanels(ctx);
  try {
    panels.show(run.dir);
    panels.show(run.dir);
    assert.deepEqual(calls, [['createWebviewPanel', 'hyperlens.run', `Run ${run.id}`], ['reveal', `Run ${run.id}`]]);
  } finally {
    panels.dispose();
  }
});

test('sidebar: the latest run in the workspace, then the active file\'s; a run pinned by Open Panel until the editor changes', async () => {
  const dir = tempDir('panel-sidebar');
  const runs = path.join(dir, 'runs');
  const config = writeObjectiveConfig(dir);
  const other = path.join(dir, 'other.yaml');
  fs.copyFileSync(config, other);
  const notes = path.join(dir, 'notes.yaml');
  fs.writeFileSync(notes, 'a: 1\n');
  const runOf = (file: string) => {
    const parsed = parseConfig(fs.readFileSync(file, 'utf8'), file);
    return createRun(runs, parsed, parsed.directives.command!, parsed.directives.objectives, resolveSettings(parsed.directives, { trials: 2, seed: 1 }));
  };
  const configRun = runOf(config);
  await sleep(5); // createdAt orders runs; keep them apart
  const otherRun = runOf(other);
  const index = new RunIndex(runs);
  const indexChanged = new EventEmitter<void>();
  const ctx = {
    extension: { extensionUri: { scheme: 'file', fsPath: '/ext', path: '/ext' } },
    output: { appendLine: () => undefined },
    indexes: { all: () => [index], forUri: () => index, onDidChange: indexChanged.event },
    runs: { isLive: () => false, tunerProgress: () => undefined, liveFor: () => undefined, onDidChange: new EventEmitter<void>().event },
    cache: { get: () => undefined },
  } as unknown as Ctx;
  const sidebar = new SidebarView(ctx);
  const view = fakeWebviewView();
  const shown = async (): Promise<string | undefined> => {
    view.webview.posted.length = 0;
    view.webview.send({ type: 'ready' });
    await sleep(BATCH);
    const snapshot = view.webview.posted.find((m) => m.type === 'snapshot');
    return snapshot?.run?.id;
  };
  const switchTo = (file: string | undefined) => {
    vscode.window.activeTextEditor = file === undefined ? undefined : fakeEditor(file);
    activeEditorChanged.fire(vscode.window.activeTextEditor);
  };
  try {
    vscode.window.activeTextEditor = undefined;
    sidebar.resolveWebviewView(view as never);
    assert.equal(await shown(), otherRun.id, 'no editor: the latest run in the workspace');
    assert.equal(view.description, otherRun.id);
    switchTo(config);
    assert.equal(await shown(), configRun.id, "the active file's run");
    switchTo(notes);
    assert.equal(await shown(), configRun.id, 'a file without runs leaves the view as it was');
    calls.length = 0;
    await sidebar.reveal(otherRun.dir);
    assert.deepEqual(calls, [['command', 'hyperlens.panel.focus']]);
    assert.equal(await shown(), otherRun.id, 'Open Panel with a run shows that run');
    indexChanged.fire();
    assert.equal(await shown(), otherRun.id, 'pinned while the editor stays');
    switchTo(config);
    assert.equal(await shown(), configRun.id, 'another editor: following again');
  } finally {
    sidebar.dispose();
  }
});
