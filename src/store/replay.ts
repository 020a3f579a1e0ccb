// Rebuilds studies and trials from journal ops with the rules of Optuna's
// JournalStorageReplayResult (3.1), so that a journal means the same thing to
// us as to Optuna: trial ids count every created trial in the file, trial
// numbers count per study, and updates to a finished trial are ignored.

import type { Direction, Params, SearchSpace } from '../engine/space';

import {
  fromInternalValue,
  fromOptunaDirection,
  fromOptunaDistribution,
  HiddenKind,
  JournalOp,
  KINDS_ATTR,
  OpCode,
  OptunaState,
} from './optunaFormat';

import type { StudySnapshot, TrialRecord, TrialState } from '../engine/trial';

export type { StudySnapshot, TrialRecord, TrialState };

const STATE_NAMES: Record<number, TrialState> = {
  [OptunaState.Running]: 'running',
  [OptunaState.Complete]: 'complete',
  [OptunaState.Pruned]: 'pruned',
  [OptunaState.Fail]: 'failed',
  [OptunaState.Waiting]: 'waiting',
};

export const STATE_CODES: Record<TrialState, number> = {
  running: OptunaState.Running,
  complete: OptunaState.Complete,
  pruned: OptunaState.Pruned,
  failed: OptunaState.Fail,
  waiting: OptunaState.Waiting,
};

export function isFinished(state: TrialState): boolean {
  return state === 'complete' || state === 'pruned' || state === 'failed';
}

export interface StudyState {
  id: number;
  name: string;
  directions: Direction[];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  /** Trial ids in number order. */
  trialIds: number[];
}

/** A trial as stored: Optuna's distributions and internal values, turned into ours on demand. */
export interface StoredTrial {
  id: number;
  studyId: number;
  number: number;
  state: TrialState;
  distributions: Record<string, string>;
  params: Record<string, number>;
  values?: number[];
  intermediate: Record<number, number>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  start?: string;
  complete?: string;
}

export class JournalReplay {
  readonly studies = new Map<number, StudyState>();
  readonly trials = new Map<number, StoredTrial>();
  private nextStudyId = 0;

  applyAll(ops: JournalOp[]): this {
    for (const op of ops) this.apply(op);
    return this;
  }

  apply(op: JournalOp): void {
    switch (op.op_code) {
      case OpCode.CreateStudy: {
        if (this.studyByName(op.study_name)) return;
        const id = this.nextStudyId++;
        this.studies.set(id, {
          id,
          name: op.study_name,
          directions: op.directions.map(fromOptunaDirection),
          userAttrs: {},
          systemAttrs: {},
          trialIds: [],
        });
        return;
      }
      case OpCode.DeleteStudy:
        this.studies.delete(op.study_id);
        return;
      case OpCode.SetStudyUserAttr:
        Object.assign(this.studies.get(op.study_id)?.userAttrs ?? {}, op.user_attr);
        return;
      case OpCode.SetStudySystemAttr:
        Object.assign(this.studies.get(op.study_id)?.systemAttrs ?? {}, op.system_attr);
        return;
      case OpCode.CreateTrial: {
        const study = this.studies.get(op.study_id);
        if (!study) return;
        const id = this.trials.size;
        const values = op.values ?? (op.value === null || op.value === undefined ? undefined : [op.value]);
        const intermediate: Record<number, number> = {};
        for (const [step, v] of Object.entries(op.intermediate_values ?? {})) intermediate[Number(step)] = v;
        const trial: StoredTrial = {
          id,
          studyId: study.id,
          number: study.trialIds.length,
          state: stateName(op.state ?? OptunaState.Running),
          distributions: { ...(op.distributions ?? {}) },
          params: { ...(op.params ?? {}) },
          intermediate,
          userAttrs: { ...(op.user_attrs ?? {}) },
          systemAttrs: { ...(op.system_attrs ?? {}) },
        };
        if (values) trial.values = [...values];
        if (op.datetime_start) trial.start = op.datetime_start;
        if (op.datetime_complete) trial.complete = op.datetime_complete;
        this.trials.set(id, trial);
        study.trialIds.push(id);
        return;
      }
      case OpCode.SetTrialParam: {
        const trial = this.updatable(op.trial_id);
        if (!trial) return;
        // Optuna drops a param whose distribution kind contradicts an earlier trial's.
        const study = this.studies.get(trial.studyId);
        const earlier = study?.trialIds
          .map((id) => this.trials.get(id))
          .find((t) => t !== undefined && op.param_name in t.distributions);
        if (earlier && !compatible(earlier.distributions[op.param_name], op.distribution)) return;
        trial.params[op.param_name] = op.param_value_internal;
        trial.distributions[op.param_name] = op.distribution;
        return;
      }
      case OpCode.SetTrialStateValues: {
        const trial = this.updatable(op.trial_id);
        if (!trial) return;
        const state = stateName(op.state);
        if (state === 'running' && trial.state === 'running') return;
        if (state === 'running' && op.datetime_start) trial.start = op.datetime_start;
        if (isFinished(state) && op.datetime_complete) trial.complete = op.datetime_complete;
        trial.state = state;
        if (op.values !== null && op.values !== undefined) trial.values = [...op.values];
        return;
      }
      case OpCode.SetTrialIntermediateValue: {
        const trial = this.updatable(op.trial_id);
        if (trial) trial.intermediate[op.step] = op.intermediate_value;
        return;
      }
      case OpCode.SetTrialUserAttr: {
        const trial = this.updatable(op.trial_id);
        if (trial) Object.assign(trial.userAttrs, op.user_attr);
        return;
      }
      case OpCode.SetTrialSystemAttr: {
        const trial = this.updatable(op.trial_id);
        if (trial) Object.assign(trial.systemAttrs, op.system_attr);
        return;
      }
    }
  }

  studyByName(name: string): StudyState | undefined {
    for (const s of this.studies.values()) if (s.name === name) return s;
    return undefined;
  }

  /** The named study, or the first one still in the file. */
  study(name?: string): StudyState | undefined {
    if (name !== undefined) return this.studyByName(name);
    return this.studies.values().next().value;
  }

  trialOf(study: StudyState, number: number): StoredTrial | undefined {
    const id = study.trialIds[number];
    return id === undefined ? undefined : this.trials.get(id);
  }

  snapshot(name?: string): StudySnapshot {
    const study = this.study(name);
    if (!study) return { name: name ?? '', directions: [], userAttrs: {}, systemAttrs: {}, trials: [] };
    return {
      name: study.name,
      directions: [...study.directions],
      userAttrs: structuredClone(study.userAttrs),
      systemAttrs: structuredClone(study.systemAttrs),
      trials: study.trialIds.map((id) => toRecord(this.trials.get(id) as StoredTrial)),
    };
  }

  private updatable(trialId: number): StoredTrial | undefined {
    const trial = this.trials.get(trialId);
    return trial && !isFinished(trial.state) ? trial : undefined;
  }
}

function stateName(code: number): TrialState {
  const name = STATE_NAMES[code];
  if (!name) throw new Error(`unknown Optuna trial state ${code}`);
  return name;
}

function compatible(oldJson: string, newJson: string): boolean {
  try {
    const a = fromOptunaDistribution(oldJson);
    const b = fromOptunaDistribution(newJson);
    if (a.type !== b.type) return false;
    return a.type !== 'categorical' || JSON.stringify(a.choices) === JSON.stringify((b as typeof a).choices);
  } catch {
    return false;
  }
}

function toRecord(t: StoredTrial): TrialRecord {
  const { [KINDS_ATTR]: kindsAttr, ...systemAttrs } = t.systemAttrs;
  const kinds = (kindsAttr ?? {}) as Record<string, HiddenKind>;
  const params: Params = {};
  const distributions: SearchSpace = {};
  for (const [name, json] of Object.entries(t.distributions)) {
    distributions[name] = fromOptunaDistribution(json, kinds[name]);
  }
  for (const [name, internal] of Object.entries(t.params)) {
    const d = distributions[name];
    if (d) params[name] = fromInternalValue(d, internal);
  }
  const record: TrialRecord = {
    number: t.number,
    state: t.state,
    params,
    distributions,
    intermediate: { ...t.intermediate },
    userAttrs: structuredClone(t.userAttrs),
    systemAttrs: structuredClone(systemAttrs),
  };
  if (t.values) record.values = [...t.values];
  if (t.start) record.start = t.start;
  if (t.complete) record.complete = t.complete;
  return record;
}
