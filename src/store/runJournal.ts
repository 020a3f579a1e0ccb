// The recorder a run writes through: one study in one Optuna-format journal.
// Every write re-reads what other writers appended (under the lock) before
// deciding, so trial numbers stay unique with several writers on one file,
// and nothing is kept that the file cannot rebuild.

import { randomUUID } from 'node:crypto';
import { contains, Direction, Params, SearchSpace } from '../engine/space';
import { JournalFile, JournalFileOptions } from './journalFile';
import {
  CreateTrialOp,
  distributionToJson,
  HiddenKind,
  JournalOp,
  KINDS_ATTR,
  OpCode,
  optunaDatetime,
  toInternalValue,
  toOptunaDirection,
} from './optunaFormat';
import { isFinished, JournalReplay, STATE_CODES, StoredTrial, StudySnapshot, StudyState } from './replay';

export type { StudySnapshot, TrialRecord, TrialState } from './replay';

/** The study (or the named one) that a list of ops describes. */
export function replayJournal(ops: JournalOp[], studyName?: string): StudySnapshot {
  return new JournalReplay().applyAll(ops).snapshot(studyName);
}

export class RunJournal {
  private replay = new JournalReplay();
  private offset = 0;
  private studyName: string | undefined;

  private constructor(
    private readonly file: JournalFile,
    readonly workerId: string,
  ) {}

  /** Opens (creating if absent) the journal at `path` and replays what is there. */
  static open(path: string, workerId?: string, options?: JournalFileOptions): RunJournal {
    const file = new JournalFile(path, options);
    file.ensure();
    const journal = new RunJournal(file, workerId ?? `${randomUUID()}-${process.pid}`);
    journal.sync();
    return journal;
  }

  get path(): string {
    return this.file.path;
  }

  /** Creates the study, or selects it if it exists with the same directions. */
  createStudy(name: string, directions: Direction[]): void {
    if (directions.length === 0) throw new Error('a study needs at least one direction');
    this.write(() => {
      const existing = this.replay.studyByName(name);
      if (!existing) {
        return [{ op_code: OpCode.CreateStudy, worker_id: this.workerId, study_name: name, directions: directions.map(toOptunaDirection) }];
      }
      if (existing.directions.join() !== directions.join()) {
        throw new Error(
          `study "${name}" already exists in ${this.path} with directions [${existing.directions.join(', ')}], not [${directions.join(', ')}]`,
        );
      }
      return [];
    });
    this.studyName = name;
  }

  setStudyUserAttr(key: string, value: unknown): void {
    this.write(() => [{ op_code: OpCode.SetStudyUserAttr, worker_id: this.workerId, study_id: this.study().id, user_attr: { [key]: value } }]);
  }

  setStudySystemAttr(key: string, value: unknown): void {
    this.write(() => [{ op_code: OpCode.SetStudySystemAttr, worker_id: this.workerId, study_id: this.study().id, system_attr: { [key]: value } }]);
  }

  /** Records a new RUNNING trial with its parameters; returns its number. */
  createTrial(params: Params, space: SearchSpace, userAttrs: Record<string, unknown> = {}): number {
    const distributions: Record<string, string> = {};
    const internal: Record<string, number> = {};
    const kinds: Record<string, HiddenKind> = {};
    for (const [name, value] of Object.entries(params)) {
      const d = space[name];
      if (!d) throw new Error(`parameter "${name}" is not in the search space`);
      if (!contains(d, value)) throw new Error(`parameter "${name}": ${JSON.stringify(value)} is not a value of ${JSON.stringify(d)}`);
      distributions[name] = distributionToJson(d);
      internal[name] = toInternalValue(d, value);
      if (d.type === 'fidelity' || d.type === 'fixed') kinds[name] = d.type;
    }
    let number = -1;
    this.write(() => {
      const study = this.study();
      number = study.trialIds.length;
      const op: CreateTrialOp = {
        op_code: OpCode.CreateTrial,
        worker_id: this.workerId,
        study_id: study.id,
        datetime_start: optunaDatetime(),
        state: STATE_CODES.running,
        distributions,
        params: internal,
        user_attrs: userAttrs,
        system_attrs: Object.keys(kinds).length > 0 ? { [KINDS_ATTR]: kinds } : {},
        intermediate_values: {},
      };
      return [op];
    });
    return number;
  }

  reportIntermediate(trial: number, step: number, value: number): void {
    if (!Number.isInteger(step) || step < 0) throw new Error(`step must be a non-negative integer (got ${step})`);
    this.writeToTrial(trial, (id) => ({ op_code: OpCode.SetTrialIntermediateValue, worker_id: this.workerId, trial_id: id, step, intermediate_value: value }));
  }

  setTrialUserAttr(trial: number, key: string, value: unknown): void {
    this.setTrialUserAttrs(trial, { [key]: value });
  }

  /**
   * Several attributes in one locked, fsynced append: one line each, since
   * Optuna 3.1 replays a user-attribute op only with a single key.
   */
  setTrialUserAttrs(trial: number, attrs: Record<string, unknown>): void {
    const entries = Object.entries(attrs);
    if (entries.length === 0) return;
    this.write(() => {
      const id = this.openTrial(trial).id;
      return entries.map(([key, value]) => ({ op_code: OpCode.SetTrialUserAttr, worker_id: this.workerId, trial_id: id, user_attr: { [key]: value } }) as JournalOp);
    });
  }

  setTrialSystemAttr(trial: number, key: string, value: unknown): void {
    this.writeToTrial(trial, (id) => ({ op_code: OpCode.SetTrialSystemAttr, worker_id: this.workerId, trial_id: id, system_attr: { [key]: value } }));
  }

  /** Ends a trial. A complete trial needs one finite value per objective. */
  finishTrial(trial: number, state: 'complete' | 'pruned' | 'failed', values?: number[]): void {
    this.writeToTrial(trial, (id) => {
      const n = this.study().directions.length;
      if (state === 'complete' && (!values || values.length !== n || !values.every(Number.isFinite))) {
        throw new Error(`trial ${trial}: a complete trial needs ${n} finite value(s), got ${JSON.stringify(values)}`);
      }
      return {
        op_code: OpCode.SetTrialStateValues,
        worker_id: this.workerId,
        trial_id: id,
        state: STATE_CODES[state],
        values: values ? [...values] : null,
        datetime_complete: optunaDatetime(),
      };
    });
  }

  /** The study as the file holds it now, other writers' ops included. */
  snapshot(): StudySnapshot {
    this.sync();
    return this.replay.snapshot(this.studyName);
  }

  private sync(): void {
    const r = this.file.readSince(this.offset);
    if (r.reset) this.replay = new JournalReplay();
    this.replay.applyAll(r.ops);
    this.offset = r.next;
  }

  /** Under the lock: catch up with the file, plan the ops, append them, apply them. */
  private write(plan: () => JournalOp[]): void {
    this.file.update(() => {
      this.sync();
      return plan();
    });
    this.sync();
  }

  private writeToTrial(number: number, op: (trialId: number) => JournalOp): void {
    this.write(() => [op(this.openTrial(number).id)]);
  }

  private openTrial(number: number): StoredTrial {
    const trial = this.replay.trialOf(this.study(), number);
    if (!trial) throw new Error(`trial ${number} does not exist in study "${this.study().name}"`);
    if (isFinished(trial.state)) throw new Error(`trial ${number} is already ${trial.state} and cannot change`);
    return trial;
  }

  private study(): StudyState {
    const study = this.replay.study(this.studyName);
    if (!study) {
      throw new Error(
        this.studyName === undefined ? `no study in ${this.path}: call createStudy first` : `study "${this.studyName}" was deleted from ${this.path}`,
      );
    }
    this.studyName = study.name; // pin the study chosen by default
    return study;
  }
}
