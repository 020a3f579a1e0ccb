// The GPUs of this machine, as nvidia-smi lists them, narrowed by the user's
// own CUDA_VISIBLE_DEVICES and, on request, by how much memory something else
// already holds on each. Nothing here throws: a machine without nvidia-smi (or
// with a broken driver) has no GPU, and the reason is kept for the person
// watching. See DESIGN §7.
//
// Indices are nvidia-smi's, which are in PCI bus order; the executor gives
// trials CUDA_DEVICE_ORDER=PCI_BUS_ID (unless set) so CUDA numbers them alike.

import { execFile } from 'node:child_process';

/** One GPU as nvidia-smi reports it; a figure it cannot give is NaN (power: undefined). */
export interface GpuInfo {
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  utilizationPct: number;
  powerW: number | undefined;
}

export interface GpuQueryOptions {
  /** The program to run: a name looked up on env's PATH, or a path. Default "nvidia-smi". */
  nvidiaSmi?: string;
  /** The environment nvidia-smi runs in (and whose PATH finds it). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default 10 s; a hung driver can leave nvidia-smi waiting for ever. */
  timeoutMs?: number;
}

/** The GPUs, and why the list is empty when it is ("nvidia-smi not on PATH"). */
export interface GpuQuery {
  gpus: GpuInfo[];
  note?: string;
}

export const NVIDIA_SMI_FIELDS = 'index,uuid,name,memory.total,memory.used,utilization.gpu,power.draw';
export const NVIDIA_SMI_ARGS = [`--query-gpu=${NVIDIA_SMI_FIELDS}`, '--format=csv,noheader,nounits'];
const DEFAULT_TIMEOUT_MS = 10_000;

/** The GPUs nvidia-smi lists; empty when it is missing or fails (probeGpus says why). */
export async function queryGpus(options: GpuQueryOptions = {}): Promise<GpuInfo[]> {
  return (await probeGpus(options)).gpus;
}

/** Runs nvidia-smi (an argument array, no shell, with a timeout) and reads its CSV. */
export function probeGpus(options: GpuQueryOptions = {}): Promise<GpuQuery> {
  const program = options.nvidiaSmi ?? 'nvidia-smi';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve) => {
    execFile(
      program,
      NVIDIA_SMI_ARGS,
      { env: options.env ?? process.env, timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 1 << 20, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) return resolve({ gpus: [], note: failureNote(program, err as ExecError, String(stdout), String(stderr), timeoutMs) });
        const gpus = parseGpuCsv(String(stdout));
        if (gpus.length > 0) return resolve({ gpus });
        const first = firstLine(String(stdout)) || firstLine(String(stderr));
        resolve({ gpus: [], note: first && !/no devices were found/i.test(first) ? `${program} gave no GPU line: ${first}` : `${program} lists no GPU` });
      },
    );
  });
}

type ExecError = NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals | null; code?: string | number };

function failureNote(program: string, err: ExecError, stdout: string, stderr: string, timeoutMs: number): string {
  if (err.code === 'ENOENT') return program.includes('/') ? `${program} not found` : `${program} not on PATH`;
  if (err.code === 'EACCES') return `${program} is not executable`;
  if (err.killed || err.signal) return `${program} did not answer within ${timeoutMs / 1000} s`;
  const why = firstLine(stderr) || firstLine(stdout);
  // "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. ..."
  return `${program} failed${typeof err.code === 'number' ? ` (exit code ${err.code})` : ''}${why ? `: ${why}` : ''}`;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
}

/**
 * Reads `nvidia-smi --query-gpu=index,uuid,name,memory.total,memory.used,
 * utilization.gpu,power.draw --format=csv,noheader,nounits`. A line that is
 * not a GPU (a warning, a blank) is skipped; `[N/A]`, `[Not Supported]` and
 * the like read as NaN, or undefined for power.
 */
export function parseGpuCsv(text: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 7) continue;
    // A name with a comma in it: the first two fields and the last four are fixed.
    const [indexText, uuid] = fields;
    const tail = fields.slice(-4);
    const name = fields.slice(2, -4).join(', ');
    if (!/^\d+$/.test(indexText) || uuid === '') continue;
    const power = reading(tail[3]);
    gpus.push({
      index: Number(indexText),
      uuid,
      name,
      memoryTotalMiB: reading(tail[0]),
      memoryUsedMiB: reading(tail[1]),
      utilizationPct: reading(tail[2]),
      powerW: Number.isNaN(power) ? undefined : power,
    });
  }
  return gpus;
}

/** A number, or NaN for "[N/A]", "[Not Supported]", "[Unknown Error]"... */
function reading(text: string): number {
  const t = text.replace(/\s*(MiB|W|%)$/i, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** A GPU trials may run on. */
export interface UsableGpu {
  /** nvidia-smi's index (PCI bus order): what is recorded with a trial and monitored. */
  index: number;
  /** What a trial's CUDA_VISIBLE_DEVICES names it by: the user's own entry when they set one, else the index. */
  cudaId: string;
  /** Absent when only CUDA_VISIBLE_DEVICES named it (no nvidia-smi). */
  info?: GpuInfo;
}

/** Which listed GPUs a CUDA_VISIBLE_DEVICES value leaves, as CUDA reads it. */
export function applyVisibleDevices(gpus: GpuInfo[], value: string | undefined): { gpus: UsableGpu[]; note?: string } {
  if (value === undefined) return { gpus: gpus.map((g) => ({ index: g.index, cudaId: String(g.index), info: g })) };
  const entries = value.split(',').map((e) => e.trim());
  if (value.trim() === '') return { gpus: [], note: 'CUDA_VISIBLE_DEVICES is empty' };
  const usable: UsableGpu[] = [];
  let note: string | undefined;
  // CUDA reads the list up to its first invalid entry and ignores the rest.
  for (const entry of entries) {
    let gpu: GpuInfo | undefined;
    let why: string | undefined;
    if (/^\d+$/.test(entry)) {
      gpu = gpus.find((g) => g.index === Number(entry));
      if (!gpu) why = `names GPU ${entry}, which nvidia-smi does not list`;
    } else if (/^GPU-/i.test(entry)) {
      const matches = gpus.filter((g) => g.uuid.toLowerCase().startsWith(entry.toLowerCase()));
      if (matches.length === 1) gpu = matches[0];
      else why = matches.length === 0 ? `names ${entry}, which nvidia-smi does not list` : `names ${entry}, which matches ${matches.length} GPUs`;
    } else if (/^MIG-/i.test(entry)) {
      why = `names the MIG instance ${entry}; Hyperlens schedules whole GPUs only`;
    } else {
      why = entry === '' ? 'has an empty entry' : `has "${entry}", neither an index nor a GPU- UUID`;
    }
    if (!gpu) {
      note = `CUDA_VISIBLE_DEVICES=${value} ${why}${usable.length ? '; CUDA ignores it and what follows' : ', so CUDA sees no GPU'}`;
      if (entry === '-1' && usable.length === 0) note = `CUDA_VISIBLE_DEVICES=${value} hides every GPU`;
      break;
    }
    if (usable.some((u) => u.index === gpu!.index)) continue;
    usable.push({ index: gpu.index, cudaId: entry, info: gpu });
  }
  return note ? { gpus: usable, note } : { gpus: usable };
}

export interface GpuDiscoveryOptions extends GpuQueryOptions {
  /** Leave out GPUs with more than this many MiB of memory in use (something else runs there). */
  skipBusyMiB?: number;
}

export interface GpuDiscovery {
  /** The GPUs trials may use, in order; empty means CPU slots. */
  gpus: UsableGpu[];
  /** Every GPU nvidia-smi listed. */
  listed: GpuInfo[];
  /** Busy GPUs left out, in words: "GPU 1 skipped: 70000 MiB in use". */
  skipped: string[];
  /** Why there is no GPU, or what narrowed the list ("nvidia-smi not on PATH", "CUDA_VISIBLE_DEVICES=2,3 leaves 2 of 4"). */
  note?: string;
  /** Where the list came from. */
  source: 'nvidia-smi' | 'CUDA_VISIBLE_DEVICES' | 'none';
  /** What was found, for people: "2 GPUs: 0 NVIDIA H100 80GB HBM3, 1 ...; GPU 1 skipped: ...". */
  summary: string;
}

/**
 * The GPUs trials may run on: nvidia-smi's list, narrowed by env's
 * CUDA_VISIBLE_DEVICES (indices or GPU- UUIDs; empty or -1: none) and by the
 * busy threshold. Without nvidia-smi, a CUDA_VISIBLE_DEVICES that names
 * devices is taken at its word (no memory figures, so no busy check).
 */
export async function discoverGpus(options: GpuDiscoveryOptions = {}): Promise<GpuDiscovery> {
  const env = options.env ?? process.env;
  const probe = await probeGpus(options);
  return discoverFrom(probe, env.CUDA_VISIBLE_DEVICES, options.skipBusyMiB);
}

/** discoverGpus without running anything: from a probe's result. */
export function discoverFrom(probe: GpuQuery, visibleDevices: string | undefined, skipBusyMiB?: number): GpuDiscovery {
  if (probe.gpus.length === 0) {
    const why = probe.note ?? 'nvidia-smi lists no GPU';
    const named = devicesFromVisible(visibleDevices);
    if (named.length > 0) {
      return {
        gpus: named,
        listed: [],
        skipped: [],
        note: why,
        source: 'CUDA_VISIBLE_DEVICES',
        summary: `${plural(named.length, 'GPU')} from CUDA_VISIBLE_DEVICES=${visibleDevices} (${why}; no memory figures): ${named.map((g) => g.cudaId).join(', ')}`,
      };
    }
    return { gpus: [], listed: [], skipped: [], note: why, source: 'none', summary: `no GPU found (${why})` };
  }
  const visible = applyVisibleDevices(probe.gpus, visibleDevices);
  let note = visible.note;
  if (!note && visibleDevices !== undefined && visible.gpus.length < probe.gpus.length) {
    note = `CUDA_VISIBLE_DEVICES=${visibleDevices} leaves ${visible.gpus.length} of ${probe.gpus.length}`;
  }
  const skipped: string[] = [];
  const gpus = visible.gpus.filter((g) => {
    const used = g.info?.memoryUsedMiB;
    if (skipBusyMiB === undefined || used === undefined || !(used > skipBusyMiB)) return true;
    skipped.push(`GPU ${g.index} skipped: ${Math.round(used)} MiB in use`);
    return false;
  });
  const listedPart = `${plural(probe.gpus.length, 'GPU')}: ${describeNames(probe.gpus)}`;
  const parts = [listedPart];
  if (note) parts.push(note);
  parts.push(...skipped);
  if (gpus.length === 0 && visible.gpus.length > 0) parts.push(`no GPU left under ${skipBusyMiB} MiB in use`);
  return { gpus, listed: probe.gpus, skipped, ...(note ? { note } : {}), source: 'nvidia-smi', summary: parts.join('; ') };
}

/** Without nvidia-smi: the entries of CUDA_VISIBLE_DEVICES up to the first that names no device. */
function devicesFromVisible(value: string | undefined): UsableGpu[] {
  if (value === undefined || value.trim() === '') return [];
  const out: UsableGpu[] = [];
  for (const [i, raw] of value.split(',').entries()) {
    const entry = raw.trim();
    if (/^\d+$/.test(entry)) {
      if (!out.some((g) => g.cudaId === entry)) out.push({ index: Number(entry), cudaId: entry });
    } else if (/^(GPU|MIG)-[\w-]+$/i.test(entry)) {
      if (!out.some((g) => g.cudaId === entry)) out.push({ index: i, cudaId: entry });
    } else break;
  }
  return out;
}

/** "0-3 NVIDIA H100 80GB HBM3" or "0 NVIDIA A100-SXM4-40GB, 1 Tesla T4": indices grouped by name. */
function describeNames(gpus: GpuInfo[]): string {
  const byName = new Map<string, number[]>();
  for (const g of gpus) byName.set(g.name || 'unnamed GPU', [...(byName.get(g.name || 'unnamed GPU') ?? []), g.index]);
  return [...byName].map(([name, indices]) => `${formatIndices(indices)} ${name}`).join(', ');
}

/** [0,1,2,3] -> "0-3", [0,2,3] -> "0,2,3". */
export function formatIndices(indices: number[]): string {
  const sorted = [...indices].sort((a, b) => a - b);
  const contiguous = sorted.length > 2 && sorted.every((v, i) => i === 0 || v === sorted[i - 1] + 1);
  return contiguous ? `${sorted[0]}-${sorted[sorted.length - 1]}` : sorted.join(',');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
