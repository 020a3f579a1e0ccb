// A read-only, incremental view of a journal: the editor tails runs that a
// tuner (or the CLI, or another window) is writing, without ever taking the
// lock, creating the file, or repairing a torn line the writer owns.
import * as fs from 'node:fs';
import { JournalFile } from './journalFile';
import { JournalReplay, type StudySnapshot } from './replay';

export class JournalReader {
  private replay = new JournalReplay();
  private offset = 0;
  private readonly file: JournalFile;

  constructor(readonly path: string) {
    this.file = new JournalFile(path);
  }

  /** The study as the file holds it now; reads only what was appended since the last call. */
  snapshot(studyName?: string): StudySnapshot {
    if (fs.existsSync(this.path)) {
      const r = this.file.readSince(this.offset);
      if (r.reset) this.replay = new JournalReplay();
      this.replay.applyAll(r.ops);
      this.offset = r.next;
    }
    return this.replay.snapshot(studyName);
  }
}
