// The editor's in-memory index of runs: what lenses, hovers and the Runs view
// read, kept fresh by the file watcher (invalidate) so providers never touch
// the disk. Free of `vscode` so unit tests drive it on real run directories.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Objective } from '../annotations';
import { bestTrial } from '../engine/study';
import type { TrialRecord } from '../engine/trial';
import { JournalReader } from '../store/journalReader';
import { JOURNAL_FILE, listRuns } from '../store/runDir';
import { effectiveRunState } from '../tuner/liveness';
import type { HyperlensRun } from '../tuner/runFiles';
import { countsOf, type TrialCounts } from '../tuner/summary';

export interface RunEntry {
  run: HyperlensRun;
  /** `running` only while its tuner lives; a dead tuner's run reads `interrupted`. */
  state: string;
  trials: TrialRecord[];
  counts: TrialCounts;
  best?: TrialRecord;
}

/** The best trial of a file over its runs, with the run it came from. */
export interface BestOfFile {
  entry: RunEntry;
  trial: TrialRecord;
  objective: Objective;
}

export class RunIndex {
  private readonly readers = new Map<string, JournalReader>();
  private entries: RunEntry[] | undefined;

  constructor(readonly runsDir: string) {}

  /** Forget what was read; the next query reads the directory again (journals only from where they were). */
  invalidate(): void {
    this.entries = undefined;
  }

  /**
   * A cheap fingerprint of the runs directory (names, sizes and times of
   * every run.json and journal): when it changes, something was written.
   * File watchers miss runs made before the directory existed, so the editor
   * also polls this.
   */
  fingerprint(): string {
    let names: string[];
    try {
      names = fs.readdirSync(this.runsDir).sort();
    } catch {
      return '';
    }
    const parts: string[] = [];
    for (const name of names) {
      for (const file of ['run.json', JOURNAL_FILE]) {
        try {
          const st = fs.statSync(path.join(this.runsDir, name, file));
          parts.push(`${name}/${file}:${st.size}:${st.mtimeMs}`);
        } catch {
          parts.push(`${name}/${file}:-`);
        }
      }
    }
    return parts.join('|');
  }

  /** Every run, newest first. */
  all(): RunEntry[] {
    if (!this.entries) this.entries = this.load();
    return this.entries;
  }

  /** The runs of one annotated file, newest first. */
  runsOf(file: string): RunEntry[] {
    const key = normalise(file);
    return this.all().filter((e) => normalise(e.run.source) === key);
  }

  find(runDirOrId: string): RunEntry | undefined {
    return this.all().find((e) => e.run.dir === runDirOrId || e.run.id === runDirOrId);
  }

  /**
   * The best trial over the file's runs that optimised the same first
   * objective (same metric and direction) as the file does now; the newest
   * run wins a tie.
   */
  bestOf(file: string, objective: Objective | undefined): BestOfFile | undefined {
    let found: BestOfFile | undefined;
    for (const entry of this.runsOf(file)) {
      const first = entry.run.objectives?.[0];
      if (!entry.best?.values || !first) continue;
      if (objective && (first.metric !== objective.metric || first.direction !== objective.direction)) continue;
      const value = entry.best.values[0];
      const better = !found || (first.direction === 'minimize' ? value < found.trial.values![0] : value > found.trial.values![0]);
      if (better) found = { entry, trial: entry.best, objective: first };
    }
    return found;
  }

  private load(): RunEntry[] {
    if (!fs.existsSync(this.runsDir)) return [];
    const runs = listRuns(this.runsDir) as unknown as HyperlensRun[];
    const live = new Set(runs.map((r) => r.dir));
    for (const dir of this.readers.keys()) if (!live.has(dir)) this.readers.delete(dir);
    return runs.map((run) => {
      let reader = this.readers.get(run.dir);
      if (!reader) {
        reader = new JournalReader(path.join(run.dir, JOURNAL_FILE));
        this.readers.set(run.dir, reader);
      }
      const directions = run.directions ?? ['minimize'];
      let trials: TrialRecord[] = [];
      try {
        trials = reader.snapshot(run.id).trials;
      } catch {
        // A journal being replaced mid-read: the next change event reads it again.
      }
      return { run, state: effectiveRunState(run), trials, counts: countsOf(trials), best: bestTrial(trials, directions) };
    });
  }
}

function normalise(file: string): string {
  return path.resolve(file);
}
