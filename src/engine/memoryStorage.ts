// A study storage that lives only in memory: for ask-tell sessions and tests.
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
    this.get(trial).intermediate[step] = value;
  }

  setTrialUserAttr(trial: number, key: string, value: unknown): void {
    this.get(trial).userAttrs[key] = value;
  }

  finishTrial(trial: number, state: FinishedState, values?: number[]): void {
    const t = this.get(trial);
    if (t.state !== 'running' && t.state !== 'waiting') throw new Error(`trial ${trial} is already ${t.state}`);
    t.state = state;
    if (values) t.values = [...values];
    t.complete = new Date().toISOString();
  }

  snapshot(): StudySnapshot {
    return {
      name: this.name,
      directions: [...this.directions],
      userAttrs: {},
      systemAttrs: {},
      trials: this.trials.map((t) => ({ ...t, params: { ...t.params }, intermediate: { ...t.intermediate }, userAttrs: { ...t.userAttrs } })),
    };
  }

  private get(trial: number): TrialRecord {
    const t = this.trials[trial];
    if (!t) throw new Error(`no trial ${trial}`);
    return t;
  }
}
