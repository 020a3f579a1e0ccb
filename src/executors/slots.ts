// Who runs where: a queue of trials and the shares of the GPUs they run on.
// Pure and synchronous; the executor wraps it in promises.
//
// Each GPU has `trialsPerGpu` shares; a trial takes one share on each of
// `gpusPerTrial` distinct GPUs. On the CPU a trial takes one of `slots` plain
// slots. The guarantees:
//  - never over-subscribed: a GPU never holds more trials than its shares,
//    and never more trials run than `maxTrials`;
//  - work-conserving: whenever a trial waits, no placement is possible, and a
//    release places waiters at once;
//  - fair: strict FIFO. Every trial of a run asks for the same number of
//    GPUs, so when the head of the queue does not fit, nothing behind it
//    would: FIFO costs no idle slot and nobody starves.
// Placement takes the GPUs with the most free shares (lowest index among
// equals): trials spread out before they share a GPU, and a multi-GPU trial
// leaves the shares balanced so the next one finds enough distinct GPUs.

export type SlotPlan =
  | { kind: 'cpu'; slots: number }
  | { kind: 'gpu'; gpus: number; gpusPerTrial?: number; trialsPerGpu?: number; maxTrials?: number };

export interface Slot {
  /** 0 .. capacity-1, reused: the n-th place trials run in. */
  readonly id: number;
  /** Positions in the GPU list (0 .. gpus-1), ascending; empty on the CPU. */
  readonly gpus: readonly number[];
}

export interface Grant<T> {
  key: T;
  slot: Slot;
}

export class SlotScheduler<T = unknown> {
  /** The most trials that can run at once. */
  readonly capacity: number;
  readonly gpuCount: number;
  readonly gpusPerTrial: number;
  readonly trialsPerGpu: number;
  private readonly used: number[];
  private readonly queue: T[] = [];
  private readonly active = new Set<Slot>();
  private readonly freeIds: number[];

  constructor(plan: SlotPlan) {
    if (plan.kind === 'cpu') {
      positiveInteger('slots', plan.slots);
      this.gpuCount = 0;
      this.gpusPerTrial = 0;
      this.trialsPerGpu = 0;
      this.capacity = plan.slots;
    } else {
      const k = plan.gpusPerTrial ?? 1;
      const m = plan.trialsPerGpu ?? 1;
      positiveInteger('gpus', plan.gpus);
      positiveInteger('gpusPerTrial', k);
      positiveInteger('trialsPerGpu', m);
      if (k > plan.gpus) throw new Error(`a trial needs ${k} GPUs; there ${plan.gpus === 1 ? 'is' : 'are'} only ${plan.gpus}`);
      if (plan.maxTrials !== undefined) positiveInteger('maxTrials', plan.maxTrials);
      this.gpuCount = plan.gpus;
      this.gpusPerTrial = k;
      this.trialsPerGpu = m;
      this.capacity = Math.min(gpuSlots(plan.gpus, k, m), plan.maxTrials ?? Infinity);
    }
    this.used = new Array(this.gpuCount).fill(0);
    this.freeIds = Array.from({ length: this.capacity }, (_, i) => i);
  }

  get running(): number {
    return this.active.size;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Trials on each GPU now. */
  sharesInUse(): number[] {
    return [...this.used];
  }

  /** Queues a request; returns the grants made now (this one's, if it fits), in FIFO order. */
  request(key: T): Grant<T>[] {
    this.queue.push(key);
    return this.drain();
  }

  /** A waiting request leaves the queue (its trial was stopped first); false if it was not waiting. */
  cancel(key: T): boolean {
    const i = this.queue.indexOf(key);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    // Nothing new fits: the head is no bigger than the one that left.
    return true;
  }

  /** Returns a slot's shares; the grants this makes to waiting requests, in FIFO order. */
  release(slot: Slot): Grant<T>[] {
    if (!this.active.delete(slot)) throw new Error(`slot ${slot.id} is not running (released twice?)`);
    for (const g of slot.gpus) this.used[g]--;
    this.freeIds.push(slot.id);
    this.freeIds.sort((a, b) => a - b);
    return this.drain();
  }

  /** Whether one more trial could start now. */
  canPlace(): boolean {
    return this.place(false) !== undefined;
  }

  private drain(): Grant<T>[] {
    const grants: Grant<T>[] = [];
    while (this.queue.length > 0) {
      const slot = this.place(true);
      if (!slot) break;
      grants.push({ key: this.queue.shift()!, slot });
    }
    return grants;
  }

  private place(take: boolean): Slot | undefined {
    if (this.active.size >= this.capacity || this.freeIds.length === 0) return undefined;
    let gpus: number[] = [];
    if (this.gpuCount > 0) {
      const candidates = this.used
        .map((u, g) => ({ g, free: this.trialsPerGpu - u }))
        .filter((c) => c.free > 0)
        .sort((a, b) => b.free - a.free || a.g - b.g);
      if (candidates.length < this.gpusPerTrial) return undefined;
      gpus = candidates.slice(0, this.gpusPerTrial).map((c) => c.g).sort((a, b) => a - b);
    }
    if (!take) return { id: this.freeIds[0], gpus };
    for (const g of gpus) this.used[g]++;
    const slot: Slot = { id: this.freeIds.shift()!, gpus };
    this.active.add(slot);
    return slot;
  }
}

/** Trials at a time on `gpus` GPUs, `k` each, `m` to a GPU: floor(gpus x m / k). */
export function gpuSlots(gpus: number, k: number, m: number): number {
  return k > gpus ? 0 : Math.floor((gpus * m) / k);
}

function positiveInteger(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got ${n})`);
}
