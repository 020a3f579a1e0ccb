// Learning curves kept on disk between benchmark runs, keyed by everything
// that determines them (task version, data, settings, training seed). Compute
// is counted in steps, never in seconds, so reading a cached epoch instead
// of training it changes no figure: it only makes a rerun (say, after the
// curve pruner changed) take seconds instead of minutes.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class CurveFileCache {
  private curves: Record<string, number[]> = {};
  private dirty = false;

  /** `file` undefined keeps nothing on disk. */
  constructor(private readonly file: string | undefined) {
    if (!file || !fs.existsSync(file)) return;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { curves?: Record<string, number[]> };
      this.curves = parsed.curves ?? {};
    } catch {
      this.curves = {}; // a torn or old file is only a cold cache
    }
  }

  get(key: string): number[] | undefined {
    return this.curves[key];
  }

  /** Records a curve if it is longer than the one kept. */
  set(key: string, curve: readonly number[]): void {
    const kept = this.curves[key];
    if (kept && kept.length >= curve.length) return;
    this.curves[key] = [...curve];
    this.dirty = true;
  }

  save(): void {
    if (!this.file || !this.dirty) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ curves: this.curves }));
    fs.renameSync(tmp, this.file);
    this.dirty = false;
  }
}
