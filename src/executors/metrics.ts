// Reading what a trial reports. Three sources, one kind of event:
//   - JSON lines appended to HYPERLENS_METRICS_FILE,
//   - stdout lines `@tune {"step": 3, "val_loss": 0.41}`,
//   - `@tune.metric name /regex/flags` patterns over stdout and stderr.
// Python's json writes NaN/Infinity bare, and a NaN loss must fail the trial
// rather than vanish, so those tokens are read as numbers.

import { promises as fsp } from 'node:fs';
import { LineSplitter } from './lineSplitter';

export interface MetricsReport {
  step?: number;
  metrics: Record<string, number>;
}

export interface MetricPattern {
  name: string;
  pattern: string;
  flags: string;
}

const TUNE_LINE = /^\s*@tune\s*(\{.*)$/;

export class MetricsParser {
  private readonly patterns: { name: string; regex: RegExp }[];
  private readonly stdoutLines: LineSplitter;
  private readonly stderrLines: LineSplitter;
  private readonly fileLines: LineSplitter;
  private patternStep: number | undefined;
  private patternLines = 0;

  /** Throws when a pattern is not a valid regular expression. */
  constructor(
    private readonly onReport: (r: MetricsReport) => void,
    patterns: MetricPattern[] = [],
  ) {
    this.patterns = patterns.map((p) => {
      // g and y make a RegExp remember where it stopped; each line is matched afresh.
      const flags = p.flags.replace(/[gy]/g, '');
      try {
        return { name: p.name, regex: new RegExp(p.pattern, flags) };
      } catch (e) {
        throw new Error(`@tune.metric ${p.name}: invalid pattern /${p.pattern}/${p.flags}: ${(e as Error).message}`);
      }
    });
    this.stdoutLines = new LineSplitter((l) => this.stdoutLine(l), { splitOnCarriageReturn: true });
    this.stderrLines = new LineSplitter((l) => this.stderrLine(l), { splitOnCarriageReturn: true });
    this.fileLines = new LineSplitter((l) => this.metricsFileLine(l));
  }

  /** Bytes of the trial's stdout, in any chunking. */
  stdout(chunk: Buffer | string): void {
    this.stdoutLines.push(chunk);
  }

  /** Bytes of the trial's stderr, in any chunking. */
  stderr(chunk: Buffer | string): void {
    this.stderrLines.push(chunk);
  }

  /** Bytes appended to the metrics file; a partial last line waits for the rest. */
  metricsFile(chunk: Buffer | string): void {
    this.fileLines.push(chunk);
  }

  /** The trial has ended: read whatever last lines came without a newline. */
  end(): void {
    this.stdoutLines.end();
    this.stderrLines.end();
    this.fileLines.end();
  }

  private stdoutLine(line: string): void {
    const m = TUNE_LINE.exec(line);
    if (m) {
      this.jsonReport(m[1]);
      return;
    }
    this.patternLine(line);
  }

  private stderrLine(line: string): void {
    this.patternLine(line);
  }

  private metricsFileLine(line: string): void {
    if (line.trim() !== '') this.jsonReport(line);
  }

  private jsonReport(text: string): void {
    const report = reportFromJson(text);
    if (report) this.onReport(report);
  }

  private patternLine(line: string): void {
    if (this.patterns.length === 0) return;
    const metrics: Record<string, number> = {};
    let found = false;
    for (const { name, regex } of this.patterns) {
      const m = regex.exec(line);
      if (!m) continue;
      const value = parseNumber(m[1] ?? m[0]);
      if (value === undefined) continue;
      // A pattern named `step` says where the trial is; it is not a metric.
      if (name === 'step') {
        this.patternStep = value;
      } else {
        metrics[name] = value;
        found = true;
      }
    }
    if (!found) return;
    this.patternLines++;
    this.onReport({ step: this.patternStep ?? this.patternLines, metrics });
  }
}

/**
 * One JSON object -> a report: `step` if it is a number, every other
 * numeric field as a metric. Undefined for anything else.
 */
export function reportFromJson(text: string): MetricsReport | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteNonFiniteTokens(text), (_key, v) => (typeof v === 'string' && NON_FINITE.has(v) ? NON_FINITE.get(v) : v));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const metrics: Record<string, number> = {};
  let step: number | undefined;
  let any = false;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'number') continue;
    if (key === 'step') {
      if (Number.isFinite(value)) step = value;
    } else {
      metrics[key] = value;
      any = true;
    }
  }
  if (!any) return undefined;
  return step === undefined ? { metrics } : { step, metrics };
}

// Sentinels stand for the bare tokens while JSON.parse reads the line.
const NON_FINITE = new Map<string, number>([
  ['\u0000hl:NaN', NaN],
  ['\u0000hl:Infinity', Infinity],
  ['\u0000hl:-Infinity', -Infinity],
]);

/** Replaces bare NaN, Infinity, -Infinity (outside strings) by quoted sentinels. */
function quoteNonFiniteTokens(text: string): string {
  if (!/NaN|Infinity/.test(text)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const token = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9))?.[1];
    if (token) {
      out += JSON.stringify(`\u0000hl:${token}`);
      i += token.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A number as a trial prints it: JSON, Python (`nan`, `inf`) or JS spelling. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  const inf = /^([+-]?)inf(inity)?$/i.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const n = Number(s);
  return Number.isNaN(n) ? undefined : n;
}

/**
 * Follows the metrics file while the trial runs: polls from a byte offset
 * (fs.watch misses changes on network filesystems that runs may sit on) and
 * hands the new bytes to the parser.
 */
export class MetricsFileFollower {
  private offset = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly onBytes: (chunk: Buffer) => void,
    private readonly pollMs = 200,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** Stops polling after one last read, so nothing written before exit is lost. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.poll();
    await this.reading;
  }

  private poll(): void {
    // Reads run one after another so bytes reach the parser in order.
    this.reading = this.reading.then(() => this.readNew()).catch(() => undefined);
  }

  private async readNew(): Promise<void> {
    let handle: fsp.FileHandle;
    try {
      // Most polls find nothing new: a stat is cheaper than open, a 256 KB buffer and close.
      const { size } = await fsp.stat(this.path);
      if (size <= this.offset) return;
      handle = await fsp.open(this.path, 'r');
    } catch {
      return; // not there yet, or removed: nothing to read
    }
    try {
      const buf = Buffer.allocUnsafe(256 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        this.onBytes(buf.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
}
