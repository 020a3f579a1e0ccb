// A study storage that lives only in memory: for ask-tell sessions, tests
// and benchmarks. Records are replaced, never changed in place, so a
// snapshot is a cheap copy of the list.
import type { Direction, Params, SearchSpace } from './space';
import type { FinishedState, StudySnapshot, StudyStorage, TrialRecord } from './trial';

export class MemoryStorage implements StudyStorage {
  private readonly trials: TrialRecord[] = [];

  constructor(
    private readonly name: string,
    private readonly directions: Direction[],
  ) {}

  createTrial(params: Params, space: SearchSpace, userAttrs: Record<string, unknown> = {}): number {
    const number = this.trials.length;
    this.trials.push({
      number,
      state: 'running',
      params: { ...params },
      distributions: space,
      intermediate: {},
      userAttrs: { ...userAttrs },
      systemAttrs: {},
      start: new Date().toISOString(),
    });
    return number;
  }

  reportIntermediate(trial: number, step: number, value: number): void {
    const t = this.get(trial);
    this.trials[trial] = { ...t, intermediate: { ...t.intermediate, [step]: value } };
  }

  setTrialUserAttr(trial: number, key: string, value: unknown): void {
    const t = this.get(trial);
    this.trials[trial] = { ...t, userAttrs: { ...t.userAttrs, [key]: value } };
  }

  setTrialSystemAttr(trial: number, key: string, value: unknown): void {
    const t = this.get(trial);
    this.trials[trial] = { ...t, systemAttrs: { ...t.systemAttrs, [key]: value } };
  }

  finishTrial(trial: number, state: FinishedState, values?: number[]): void {
    const t = this.get(trial);
    if (t.state !== 'running' && t.state !== 'waiting') throw new Error(`trial ${trial} is already ${t.state}`);
    const done: TrialRecord = { ...t, state, complete: new Date().toISOString() };
    if (values) done.values = [...values];
    this.trials[trial] = done;
  }

  snapshot(): StudySnapshot {
    return { name: this.name, directions: [...this.directions], userAttrs: {}, systemAttrs: {}, trials: this.trials.slice() };
  }

  private get(trial: number): TrialRecord {
    const t = this.trials[trial];
    if (!t) throw new Error(`no trial ${trial}`);
    return t;
  }
}
