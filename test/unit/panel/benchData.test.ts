import test from 'node:test';
import assert from 'node:assert/strict';
import { SyntheticRun, type SyntheticRunOptions } from '../../bench/panel/data';
import { frameFigures, updateCosts } from '../../bench/panel/metrics';
import { selfTimes } from '../../bench/panel/profile';
import { summarizeTrace } from '../../bench/panel/trace';
import { parseHostMessage, type UpdateMessage } from '../../../src/panel/protocol';

const SMALL: SyntheticRunOptions = { trials: 400, objectives: 1, steps: 100, running: 8, seed: 3 };

function updates(run: SyntheticRun, n: number): UpdateMessage[] {
  return Array.from({ length: n }, () => run.nextUpdate());
}

test('the synthetic run is the same for the same seed and differs for another', () => {
  const a = new SyntheticRun(SMALL);
  const b = new SyntheticRun(SMALL);
  assert.deepEqual(a.snapshot(), b.snapshot());
  assert.deepEqual(updates(a, 40), updates(b, 40));
  const c = new SyntheticRun({ ...SMALL, seed: 4 });
  assert.notDeepEqual(c.snapshot().trials, new SyntheticRun(SMALL).snapshot().trials);
});

test('the snapshot and every update pass parseHostMessage, with 2 objectives too', () => {
  for (const objectives of [1, 2] as const) {
    const run = new SyntheticRun({ ...SMALL, objectives });
    const messages = [run.snapshot(), ...updates(run, 150)];
    for (const m of messages) {
      const parsed = parseHostMessage(JSON.parse(JSON.stringify(m)));
      assert.ok(parsed.ok, `${m.type} ${m.seq} (${objectives} objectives): ${parsed.ok ? '' : parsed.error}`);
    }
    assert.equal(messages[0].run?.objectives.length, objectives);
  }
});

test('the snapshot looks like a real run: states, curves, parameters', () => {
  const snap = new SyntheticRun({ ...SMALL, trials: 2000 }).snapshot();
  const count = (state: string) => snap.trials.filter((t) => t.state === state).length;
  assert.equal(snap.trials.length, 2000);
  assert.equal(count('running'), 8);
  assert.ok(count('complete') > 0.64 * 2000 && count('complete') < 0.76 * 2000, `complete: ${count('complete')}`);
  assert.ok(count('pruned') > 0.2 * 2000 && count('pruned') < 0.3 * 2000, `pruned: ${count('pruned')}`);
  assert.ok(count('failed') > 0, 'some trials failed');
  for (const t of snap.trials.filter((x) => x.state === 'complete')) {
    assert.equal(t.intermediate.steps.length, 100, `trial ${t.number} reports every step`);
    assert.equal(t.values[0], t.intermediate.values[99], `trial ${t.number}'s value is its last point`);
  }
  for (const t of snap.trials.filter((x) => x.state === 'pruned')) assert.ok(t.intermediate.steps.length < 100, `pruned trial ${t.number} stops early`);
  const curve = snap.trials.find((t) => t.state === 'complete')?.intermediate.values ?? [];
  assert.ok(curve[99] < curve[0], 'a learning curve decays');
  assert.equal(snap.run?.params.length, 6);
  assert.deepEqual(new Set(snap.run?.params.map((p) => p.kind)), new Set(['float', 'int', 'categorical']));
  const best = snap.trials.find((t) => t.number === snap.run?.bestTrial);
  const lowest = Math.min(...snap.trials.filter((t) => t.state === 'complete').map((t) => t.values[0] ?? Infinity));
  assert.equal(best?.values[0], lowest);
});

test('updates advance the running trials one point, keep 8 running and number themselves on from the snapshot', () => {
  const run = new SyntheticRun(SMALL);
  const snap = run.snapshot();
  const points = new Map(snap.trials.map((t) => [t.number, t.intermediate.steps.length]));
  const running = new Set(snap.trials.filter((t) => t.state === 'running').map((t) => t.number));
  let ended = 0;
  for (const [i, u] of updates(run, 120).entries()) {
    assert.equal(u.seq, i + 1);
    for (const t of u.trials) {
      const before = points.get(t.number);
      if (before === undefined) {
        assert.equal(t.state, 'running', `new trial ${t.number} starts running`);
        assert.equal(t.intermediate.steps.length, 0);
      } else {
        assert.ok(running.has(t.number), `trial ${t.number} changed but was not running`);
        assert.equal(t.intermediate.steps.length, before + 1, `trial ${t.number} got one point`);
      }
      points.set(t.number, t.intermediate.steps.length);
      if (t.state === 'running') running.add(t.number);
      else if (running.delete(t.number)) ended++;
    }
    assert.equal(running.size, 8, `update ${u.seq} keeps 8 running`);
  }
  assert.ok(ended >= 5, `trials ended during 120 updates: ${ended}`);
});

const frame = (start: number, work: number, renderedSeq = 0, rowShown = true) => ({ start, done: start + work, renderedSeq, scrollTop: 0, rowShown });

test('frame figures count a long interval as dropped frames and blank tables', () => {
  const f = frameFigures([frame(0, 2), frame(16.6, 3), frame(33.4, 20, 0, false), frame(83.4, 2), frame(100.1, 2)]);
  assert.equal(f.frames, 5);
  // The 50 ms gap is three frames: two were dropped; 16.6 and 16.8 ms gaps are jitter.
  assert.equal(f.dropped, 2);
  assert.equal(f.blank, 1);
  assert.equal(f.work.max, 20);
  assert.equal(f.work.p50, 2);
});

const SPLIT = { postMs: 0.5, waitMs: 0, decodeMs: 0.5, handlerMs: 1 };

test('an update is matched to the first frame after it was handled that rendered its seq', () => {
  const frames = [frame(0, 1, 0), frame(16.7, 9, 1), frame(33.4, 1, 1), frame(50, 4, 3)];
  const costs = updateCosts(
    [
      { seq: 1, posted: 5, handled: 7, message: SPLIT },
      { seq: 2, posted: 20, handled: 21, message: SPLIT },
      { seq: 3, posted: 40, handled: 41, message: SPLIT },
      { seq: 4, posted: 60, handled: 61, message: SPLIT },
    ],
    frames,
  );
  assert.deepEqual(
    costs.map((c) => [c.seq, c.messageMs, c.handlerMs, c.frameMs, Math.round(c.latencyMs * 10) / 10]),
    [
      [1, 2, 1, 9, 20.7],
      [2, 1, 1, 4, 34],
      [3, 1, 1, 4, 14],
    ],
  );
});

test('self times sum each function over its samples and leave idle time out', () => {
  const cf = (functionName: string, url = '') => ({ functionName, url, lineNumber: 9, columnNumber: 2 });
  const top = selfTimes(
    {
      nodes: [
        { id: 1, callFrame: cf('(root)') },
        { id: 2, callFrame: cf('renderRows', 'http://x/dist/webview.js') },
        { id: 3, callFrame: cf('renderRows', 'http://x/dist/webview.js') },
        { id: 4, callFrame: cf('') },
        { id: 5, callFrame: cf('(idle)') },
      ],
      samples: [2, 4, 3, 1, 5],
      timeDeltas: [0, 1000, 2000, 500, 100, 0],
    },
    2,
  );
  assert.deepEqual(top, [
    { functionName: '(anonymous)', where: '', selfMs: 2 },
    { functionName: 'renderRows', where: 'webview.js:10', selfMs: 1.5 },
  ]);
});

test('a trace is summed into main-thread self times, nested events subtracted, and raster time', () => {
  const x = (name: string, ts: number, dur: number, tid = 1) => ({ name, ph: 'X', ts, dur, pid: 7, tid });
  const summary = summarizeTrace([
    { name: 'thread_name', ph: 'M', ts: 0, pid: 7, tid: 1, args: { name: 'CrRendererMain' } },
    { name: 'thread_name', ph: 'M', ts: 0, pid: 7, tid: 2, args: { name: 'CompositorTileWorker1' } },
    { name: 'thread_name', ph: 'M', ts: 0, pid: 7, tid: 3, args: { name: 'Compositor' } },
    // A 10 ms script call that forced a 4 ms layout, then a 3 ms paint.
    x('FunctionCall', 0, 10_000),
    x('Layout', 2_000, 4_000),
    x('Paint', 12_000, 3_000),
    x('RasterTask', 0, 5_000, 2),
    x('RasterTask', 6_000, 1_000, 2),
    x('Commit', 0, 9_000, 3),
  ]);
  assert.deepEqual(summary.mainThread, [
    { name: 'FunctionCall', ms: 6 },
    { name: 'Layout', ms: 4 },
    { name: 'Paint', ms: 3 },
  ]);
  assert.equal(summary.rasterMs, 6);
});

test('the host-sent snapshot with its curve updates adds up to the full snapshot, and live updates number on', () => {
  const full = new SyntheticRun({ ...SMALL, trials: 1_000 }).snapshot();
  const run = new SyntheticRun({ ...SMALL, trials: 1_000 });
  const { snapshot, curves } = run.hostSnapshot();
  assert.ok(curves.length > 0, 'a run of 1,000 x 100 points is past the inline budget: its curves follow');
  assert.equal(snapshot.curvesPending, curves.reduce((n, u) => n + u.trials.length, 0));
  const rebuilt = new Map(snapshot.trials.map((t) => [t.number, t]));
  for (const u of curves) for (const t of u.trials) rebuilt.set(t.number, t);
  assert.deepEqual([...rebuilt.values()].sort((a, b) => a.number - b.number), full.trials);
  assert.equal(run.nextUpdate().seq, curves.length + 1);
});
