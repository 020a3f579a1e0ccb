// Functions that run inside the panel's page (Playwright serialises them),
// so each is self-contained. The test tsconfig has no DOM library: page
// objects are `any` here and nowhere else.
//
// A frame's time is measured from its rAF timestamp (the frame's start) to a
// task posted from its first rAF callback, which runs once the frame's
// scroll handlers, rAF callbacks, style, layout and paint are done: the main
// thread's cost of that frame. The gap between rAF timestamps is the frame
// interval (16.7 ms at 60 Hz; a longer one means frames were dropped).
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface FrameSample {
  /** The rAF timestamp: when the frame began. */
  start: number;
  /** When the frame's work was done (a task posted from its first rAF callback ran). */
  done: number;
  /** document.body.dataset.renderedSeq once the frame was done. */
  renderedSeq: number;
  /** The scroll container's scrollTop then (scrolling runs only). */
  scrollTop: number;
  /** False when no `.row` was under the middle of the table after the frame (checked only when asked): the table showed a blank. */
  rowShown: boolean;
}

/** A message's way in: posting it (the clone's first half), waiting, decoding it (the second half), the webview's handler. */
export interface MessageSplit {
  postMs: number;
  waitMs: number;
  decodeMs: number;
  handlerMs: number;
}

export interface InitialRender {
  /** From posting the snapshot to the end of the first frame that shows its rows. */
  totalMs: number;
  /** From posting to the end of the webview's message handling (clone, validation, store). */
  messageMs: number;
  message: MessageSplit;
  /** The 'hyperlens-render' measures recorded meanwhile. */
  renderMs: number[];
  trialsShown: number;
}

export interface UpdateTiming {
  seq: number;
  posted: number;
  /** The end of the webview's handling of the message event. */
  handled: number;
  message: MessageSplit;
}

/** Loads a data script the server made (the page's CSP lets only nonce'd scripts in). */
export function loadScript(a: { src: string; nonce: string }): Promise<void> {
  const w: any = globalThis;
  return new Promise((resolve, reject) => {
    const s = w.document.createElement('script');
    s.nonce = a.nonce;
    s.src = a.src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${a.src}`));
    w.document.head.appendChild(s);
  });
}

/** True once the webview has posted `ready` to the stub VS Code API. */
export function webviewReady(): boolean {
  const w: any = globalThis;
  return Array.isArray(w.__benchPosted) && w.__benchPosted.some((m: any) => m && m.type === 'ready');
}

/**
 * Posts the snapshot held in `window[global]` as VS Code would (a
 * structured clone) and times it until the first frame that shows the
 * table's rows has been drawn.
 */
export function measureInitialRender(a: { global: string; timeoutMs: number }): Promise<InitialRender | { error: string }> {
  const w: any = globalThis;
  const doc = w.document;
  const message = w[a.global];
  return new Promise((resolve) => {
    let handled = NaN;
    let postReturned = NaN;
    // Registered after the bundle's own listener, so it runs after it.
    const onMessage = () => {
      handled = w.performance.now();
      w.removeEventListener('message', onMessage);
    };
    w.addEventListener('message', onMessage);
    const afterFrame = (fn: () => void) => {
      const channel = new w.MessageChannel();
      channel.port1.onmessage = fn;
      channel.port2.postMessage(null);
    };
    const shown = () => doc.body.dataset.renderedSeq === String(message.seq) && doc.querySelector('#trials-table .row') !== null;
    const t0 = w.performance.now();
    w.postMessage(message, '*');
    postReturned = w.performance.now();
    // Checked once each frame is drawn, so the first frame with rows is the one that ends the time.
    const frame = () =>
      afterFrame(() => {
        const end = w.performance.now();
        if (end - t0 > a.timeoutMs) {
          resolve({ error: `no rows after ${a.timeoutMs} ms (renderedSeq ${doc.body.dataset.renderedSeq}, trials ${doc.body.dataset.trials})` });
          return;
        }
        if (!shown()) {
          w.requestAnimationFrame(frame);
          return;
        }
        const renderMs = w.performance
          .getEntriesByName('hyperlens-render')
          .filter((e: any) => e.startTime >= t0)
          .map((e: any) => e.duration);
        const arrival = w.__benchArrivals.get(message.seq) ?? { at: NaN, decoded: NaN };
        const split = { postMs: postReturned - t0, waitMs: arrival.at - postReturned, decodeMs: arrival.decoded - arrival.at, handlerMs: handled - arrival.decoded };
        resolve({ totalMs: end - t0, messageMs: handled - t0, message: split, renderMs, trialsShown: Number(doc.body.dataset.trials) });
      });
    w.requestAnimationFrame(frame);
  });
}

/**
 * Starts recording every frame into `window.__benchFrames` until stopFrames;
 * with `checkRows`, also whether a row was under the middle of the table
 * (checked after the frame's time is taken, so the probe costs it nothing).
 */
export function startFrames(a: { checkRows: boolean }): void {
  const w: any = globalThis;
  const doc = w.document;
  const frames: any[] = (w.__benchFrames = []);
  w.__benchRecording = true;
  const channel = new w.MessageChannel();
  let pending: any;
  channel.port1.onmessage = () => {
    pending.done = w.performance.now();
    pending.renderedSeq = Number(doc.body.dataset.renderedSeq ?? -1);
    const scroller = doc.querySelector('#trials-table .table-scroll');
    if (scroller && a.checkRows) {
      pending.scrollTop = scroller.scrollTop;
      const r = scroller.getBoundingClientRect();
      const under = doc.elementFromPoint(r.left + Math.min(40, r.width / 2), r.top + r.height / 2);
      pending.rowShown = !!(under && under.closest && under.closest('.row'));
    }
    frames.push(pending);
  };
  const frame = (start: number) => {
    if (!w.__benchRecording) return;
    pending = { start, done: NaN, renderedSeq: -1, scrollTop: 0, rowShown: true };
    channel.port2.postMessage(null);
    w.requestAnimationFrame(frame);
  };
  w.requestAnimationFrame(frame);
}

export function stopFrames(): FrameSample[] {
  const w: any = globalThis;
  w.__benchRecording = false;
  return w.__benchFrames ?? [];
}

/** The 'hyperlens-render' measures (ms) that started at or after `since`. */
export function renderMeasures(since: number): Array<{ start: number; duration: number }> {
  const w: any = globalThis;
  return w.performance
    .getEntriesByName('hyperlens-render')
    .filter((e: any) => e.startTime >= since)
    .map((e: any) => ({ start: e.startTime, duration: e.duration }));
}

export function now(): number {
  return (globalThis as any).performance.now();
}

/** Posts the updates in `window[global]` from `from` to `to` (exclusive), one every `intervalMs`; resolves after the last has been handled. */
export function postUpdates(a: { global: string; from: number; to: number; intervalMs: number }): Promise<UpdateTiming[]> {
  const w: any = globalThis;
  const updates: any[] = w[a.global].slice(a.from, a.to);
  const timings: UpdateTiming[] = [];
  return new Promise((resolve) => {
    let i = 0;
    const onMessage = (e: any) => {
      const t: any = timings.find((x) => x.seq === e.data?.seq && Number.isNaN(x.handled));
      if (!t) return;
      t.handled = w.performance.now();
      const arrival = w.__benchArrivals.get(t.seq) ?? { at: NaN, decoded: NaN };
      t.message = { postMs: t.postReturned - t.posted, waitMs: arrival.at - t.postReturned, decodeMs: arrival.decoded - arrival.at, handlerMs: t.handled - arrival.decoded };
    };
    w.addEventListener('message', onMessage);
    const post = () => {
      if (i >= updates.length) {
        clearInterval(timer);
        // Let the last one be handled and drawn.
        setTimeout(() => {
          w.removeEventListener('message', onMessage);
          resolve(timings);
        }, 300);
        return;
      }
      const u = updates[i++];
      const t: any = { seq: u.seq, posted: w.performance.now(), handled: NaN };
      timings.push(t);
      w.postMessage(u, '*');
      t.postReturned = w.performance.now();
    };
    const timer = setInterval(post, a.intervalMs);
  });
}

/** The height of one table row in CSS pixels, or 0 when there is no row. */
export function rowHeight(): number {
  const row = (globalThis as any).document.querySelector('#trials-table .row');
  return row ? row.getBoundingClientRect().height : 0;
}

/**
 * Scrolls the table: each frame moves `rowsPerFrame` rows down (wrapping to
 * the top at the end), or with `jump`, to a random far row (a fling or a
 * dragged scrollbar), for `durationMs`. The move is made just after a frame
 * is drawn, as input would arrive, so the next frame's scroll event lets the
 * table catch up before it paints.
 */
export function scrollTable(a: { rowsPerFrame: number; rowHeight: number; durationMs: number; jump: boolean; seed: number }): Promise<number> {
  const w: any = globalThis;
  const scroller = w.document.querySelector('#trials-table .table-scroll');
  let x = a.seed >>> 0 || 1;
  const random = () => {
    // xorshift32: repeatable jumps without Math.random.
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  return new Promise((resolve) => {
    if (!scroller) return resolve(0);
    scroller.scrollTop = 0;
    const t0 = w.performance.now();
    let steps = 0;
    const channel = new w.MessageChannel();
    channel.port1.onmessage = () => {
      const max = scroller.scrollHeight - scroller.clientHeight;
      const by = a.rowsPerFrame * a.rowHeight;
      scroller.scrollTop = a.jump ? Math.floor(random() * max) : scroller.scrollTop + by >= max ? 0 : scroller.scrollTop + by;
      steps++;
    };
    const frame = () => {
      if (w.performance.now() - t0 >= a.durationMs) return resolve(steps);
      channel.port2.postMessage(null);
      w.requestAnimationFrame(frame);
    };
    w.requestAnimationFrame(frame);
  });
}

/**
 * How busy the machine is, seen from the page: the same fixed piece of
 * script timed `runs` times (ms each). On an idle core the times barely
 * differ; on a shared one the median runs well above the minimum.
 */
export function cpuCheck(runs: number): number[] {
  const w: any = globalThis;
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = w.performance.now();
    for (let i = 1; i < 2_000_000; i++) sink += Math.sqrt(i) % 7;
    times.push(w.performance.now() - t0);
  }
  w.__benchSink = sink;
  return times;
}
