import test from 'node:test';
import assert from 'node:assert/strict';
import { gpuSlots, SlotScheduler, type Grant, type Slot } from '../../../src/executors/slots';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Checks every invariant after each step of a random sequence of requests, cancels and releases. */
function randomRun(n: number, k: number, m: number, seed: number, maxTrials?: number): void {
  const r = rng(seed);
  const s = new SlotScheduler<number>({ kind: 'gpu', gpus: n, gpusPerTrial: k, trialsPerGpu: m, ...(maxTrials ? { maxTrials } : {}) });
  const capacity = Math.min(gpuSlots(n, k, m), maxTrials ?? Infinity);
  assert.equal(s.capacity, capacity);
  const running = new Map<number, Slot>();
  const queue: number[] = [];
  let next = 0;
  const where = `n=${n} k=${k} m=${m} seed=${seed}`;
  const granted = (grants: Grant<number>[]): void => {
    for (const g of grants) {
      // FIFO: grants go to the oldest waiters, in order.
      assert.equal(g.key, queue.shift(), `${where}: a grant skipped the queue`);
      assert.equal(g.slot.gpus.length, k, `${where}: a trial got ${g.slot.gpus.length} GPUs`);
      assert.equal(new Set(g.slot.gpus).size, k, `${where}: a trial got the same GPU twice`);
      running.set(g.key, g.slot);
    }
    const load = new Array(n).fill(0);
    for (const slot of running.values()) for (const gpu of slot.gpus) load[gpu]++;
    assert.deepEqual(s.sharesInUse(), load, where);
    assert.ok(load.every((l) => l <= m), `${where}: a GPU holds ${Math.max(...load)} trials (max ${m})`);
    assert.ok(running.size <= capacity, `${where}: ${running.size} running, capacity ${capacity}`);
    const ids = [...running.values()].map((x) => x.id);
    assert.equal(new Set(ids).size, ids.length, `${where}: two running trials share a slot id`);
    assert.ok(ids.every((id) => id >= 0 && id < capacity));
    // Work-conserving: nobody waits while a slot is free, and below capacity a slot is always free.
    if (queue.length > 0) assert.equal(s.canPlace(), false, `${where}: a trial waits while a slot is free`);
    if (running.size < capacity) {
      assert.equal(queue.length, 0, `${where}: ${running.size} < ${capacity} running while ${queue.length} wait`);
      assert.equal(s.canPlace(), true, `${where}: ${running.size} < ${capacity} running yet nothing fits`);
    }
    assert.equal(s.running, running.size);
    assert.equal(s.waiting, queue.length);
  };
  for (let step = 0; step < 400; step++) {
    const u = r();
    if (u < 0.5) {
      queue.push(next);
      granted(s.request(next++));
    } else if (u < 0.58 && queue.length > 0) {
      const i = Math.floor(r() * queue.length);
      const [key] = queue.splice(i, 1);
      assert.equal(s.cancel(key), true);
      granted([]);
    } else if (running.size > 0) {
      const keys = [...running.keys()];
      const key = keys[Math.floor(r() * keys.length)];
      const slot = running.get(key)!;
      running.delete(key);
      granted(s.release(slot));
    }
  }
}

test('random sequences never over-subscribe, stay FIFO and never leave a slot idle while trials wait', () => {
  let seed = 1;
  for (let n = 1; n <= 8; n++) {
    for (let k = 1; k <= n; k++) {
      for (const m of [1, 2, 3]) {
        for (let i = 0; i < 4; i++) randomRun(n, k, m, seed++);
      }
    }
  }
  // A parallel cap below the GPU slots.
  for (let i = 0; i < 20; i++) randomRun(8, 2, 2, 1000 + i, 3);
});

test('exhaustively, below capacity a placement always exists (up to 5 GPUs, 3 trials per GPU)', () => {
  // Every reachable state (a multiset of running GPU sets), reached by placing as the
  // scheduler places or by releasing any running trial; each is rebuilt by replaying its path.
  type Op = { place: true } | { release: number };
  for (let n = 1; n <= 5; n++) {
    for (let k = 1; k <= n; k++) {
      for (let m = 1; m <= 3; m++) {
        const capacity = gpuSlots(n, k, m);
        const replay = (ops: Op[]) => {
          const s = new SlotScheduler<number>({ kind: 'gpu', gpus: n, gpusPerTrial: k, trialsPerGpu: m });
          const running = new Map<number, Slot>();
          ops.forEach((op, i) => {
            if ('place' in op) running.set(i, s.request(i)[0].slot);
            else {
              s.release(running.get(op.release)!);
              running.delete(op.release);
            }
          });
          return { s, running };
        };
        const key = (running: Map<number, Slot>) => [...running.values()].map((x) => x.gpus.join('.')).sort().join('|');
        const seen = new Set<string>(['']);
        const paths: Op[][] = [[]];
        while (paths.length > 0) {
          const ops = paths.pop()!;
          const { s, running } = replay(ops);
          const nexts: Op[][] = [];
          if (running.size < capacity) {
            assert.equal(s.canPlace(), true, `n=${n} k=${k} m=${m}: stuck at ${key(running)} below capacity ${capacity}`);
            nexts.push([...ops, { place: true }]);
          }
          for (const trial of running.keys()) nexts.push([...ops, { release: trial }]);
          for (const next of nexts) {
            const k2 = key(replay(next).running);
            if (!seen.has(k2)) {
              seen.add(k2);
              paths.push(next);
            }
          }
        }
      }
    }
  }
});

test('trials spread over GPUs before they share one; multi-GPU trials take the least loaded GPUs', () => {
  const s = new SlotScheduler<string>({ kind: 'gpu', gpus: 4, trialsPerGpu: 2 });
  assert.equal(s.capacity, 8);
  const first = ['a', 'b', 'c', 'd', 'e'].map((k) => s.request(k)[0].slot.gpus[0]);
  assert.deepEqual(first, [0, 1, 2, 3, 0]);

  const pairs = new SlotScheduler<string>({ kind: 'gpu', gpus: 3, gpusPerTrial: 2, trialsPerGpu: 2 });
  assert.equal(pairs.capacity, 3);
  const sets = ['a', 'b', 'c'].map((k) => pairs.request(k)[0].slot.gpus);
  assert.deepEqual(sets, [[0, 1], [0, 2], [1, 2]]);
  assert.deepEqual(pairs.sharesInUse(), [2, 2, 2]);
  assert.deepEqual(pairs.request('d'), [], 'a fourth waits');
});

test('a release grants the oldest waiter; a cancelled waiter is skipped; a double release throws', () => {
  const s = new SlotScheduler<string>({ kind: 'gpu', gpus: 2, gpusPerTrial: 2 });
  const [a] = s.request('a');
  assert.deepEqual(a.slot.gpus, [0, 1]);
  assert.deepEqual(s.request('b'), []);
  assert.deepEqual(s.request('c'), []);
  assert.deepEqual(s.request('d'), []);
  assert.equal(s.cancel('b'), true);
  assert.equal(s.cancel('b'), false);
  const grants = s.release(a.slot);
  assert.deepEqual(grants.map((g) => g.key), ['c']);
  assert.equal(s.waiting, 1);
  assert.throws(() => s.release(a.slot), /released twice/);
});

test('CPU slots: `slots` trials at a time, slot ids reused lowest first', () => {
  const s = new SlotScheduler<number>({ kind: 'cpu', slots: 2 });
  assert.equal(s.capacity, 2);
  const [a] = s.request(1);
  const [b] = s.request(2);
  assert.deepEqual([a.slot.id, b.slot.id], [0, 1]);
  assert.deepEqual(a.slot.gpus, []);
  assert.deepEqual(s.request(3), []);
  const [c] = s.release(a.slot);
  assert.equal(c.key, 3);
  assert.equal(c.slot.id, 0);
});

test('plans that cannot work are refused', () => {
  assert.throws(() => new SlotScheduler({ kind: 'cpu', slots: 0 }), /slots must be a positive integer/);
  assert.throws(() => new SlotScheduler({ kind: 'gpu', gpus: 2, gpusPerTrial: 3 }), /needs 3 GPUs; there are only 2/);
  assert.throws(() => new SlotScheduler({ kind: 'gpu', gpus: 2, trialsPerGpu: 0 }), /trialsPerGpu must be a positive integer/);
  assert.equal(new SlotScheduler({ kind: 'gpu', gpus: 8, gpusPerTrial: 3, trialsPerGpu: 2 }).capacity, 5);
  assert.equal(new SlotScheduler({ kind: 'gpu', gpus: 8, maxTrials: 3 }).capacity, 3);
});
