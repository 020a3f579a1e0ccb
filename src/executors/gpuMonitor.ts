// Per-trial GPU use, sampled while trials run: energy (Wh), GPU-hours, peak
// memory and mean utilisation. One sampler call reads every GPU (one
// nvidia-smi run), and each reading is split among the trials that share a
// GPU, so a run's trials add up to what the GPUs really drew.

/** One GPU at one moment; the fields queryGpus() reads. */
export interface GpuReading {
  index: number;
  memoryUsedMiB: number;
  utilizationPct: number;
  /** Undefined where the board does not report power. */
  powerW: number | undefined;
}

/** What a trial used, as its user attributes record it. */
export type GpuUsage = Record<string, number> & {
  gpu_energy_wh: number;
  gpu_hours: number;
  gpu_mem_peak_mib: number;
  gpu_util_mean_pct: number;
};

interface Tracked {
  gpus: number[];
  since: number;
  energyWh: number;
  gpuHours: number;
  memPeak: number;
  utilSum: number;
  utilTime: number;
}

export class GpuMonitor {
  private readonly tracked = new Map<number, Tracked>();
  private last: GpuReading[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly sample: () => Promise<GpuReading[]>,
    private readonly intervalMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Samples every interval while any trial is tracked; never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A trial got these GPUs (physical indices) and starts now. */
  track(trial: number, gpus: number[]): void {
    this.tracked.set(trial, { gpus: [...gpus], since: this.now(), energyWh: 0, gpuHours: 0, memPeak: 0, utilSum: 0, utilTime: 0 });
    // A reading at the start gives short trials their memory and power too.
    void this.tick();
  }

  /** The trial ended: its usage, counted up to now with the last reading. */
  finish(trial: number): GpuUsage | undefined {
    const t = this.tracked.get(trial);
    if (!t) return undefined;
    this.accumulate(this.now());
    this.tracked.delete(trial);
    return {
      gpu_energy_wh: round(t.energyWh, 4),
      gpu_hours: round(t.gpuHours, 6),
      gpu_mem_peak_mib: t.memPeak,
      gpu_util_mean_pct: t.utilTime > 0 ? round(t.utilSum / t.utilTime, 1) : 0,
    };
  }

  /** Reads the GPUs once (not twice at a time) and charges the time since the last reading. */
  async tick(): Promise<void> {
    if (this.sampling || this.tracked.size === 0) return this.sampling;
    this.sampling = (async () => {
      try {
        const readings = await this.sample();
        this.accumulate(this.now());
        this.last = readings;
        for (const t of this.tracked.values()) {
          const mem = this.readingsOf(t).reduce((sum, r) => sum + r.memoryUsedMiB, 0);
          if (mem > t.memPeak) t.memPeak = mem;
        }
      } catch {
        // A failed reading loses one interval of figures, not the trial.
      } finally {
        this.sampling = undefined;
      }
    })();
    return this.sampling;
  }

  /** Charges every tracked trial for the time since its last charge, at the last reading. */
  private accumulate(at: number): void {
    const sharing = new Map<number, number>();
    for (const t of this.tracked.values()) for (const g of t.gpus) sharing.set(g, (sharing.get(g) ?? 0) + 1);
    for (const t of this.tracked.values()) {
      const hours = Math.max(0, at - t.since) / 3_600_000;
      t.since = at;
      if (hours === 0) continue;
      for (const r of this.readingsOf(t)) {
        const share = 1 / (sharing.get(r.index) ?? 1);
        t.gpuHours += hours * share;
        if (r.powerW !== undefined) {
          t.energyWh += r.powerW * hours * share;
        }
        t.utilSum += r.utilizationPct * hours;
        t.utilTime += hours;
      }
    }
  }

  private readingsOf(t: Tracked): GpuReading[] {
    return this.last.filter((r) => t.gpus.includes(r.index));
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
