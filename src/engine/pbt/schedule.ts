// A PBT member's hyperparameter schedule: which values trained which steps,
// along its lineage (a copied member inherits the schedule it copied). The
// result of a PBT run is the best member's schedule, not one configuration.
import { formatValue } from '../format';
import type { Params, ParamValue } from '../space';

/** Steps [fromStep, toStep) were trained with `params`. */
export interface ScheduleEntry {
  fromStep: number;
  toStep: number;
  params: Params;
}

/**
 * The schedule with steps [fromStep, toStep) trained with `params` appended.
 * A segment whose values equal the last entry's lengthens that entry, so a
 * member that kept its values for ten segments reads as one span.
 */
export function extendSchedule(schedule: readonly ScheduleEntry[], fromStep: number, toStep: number, params: Params): ScheduleEntry[] {
  const last = schedule[schedule.length - 1];
  if (last && last.toStep !== fromStep) {
    throw new Error(`schedule ends at step ${last.toStep} but the next segment starts at ${fromStep}`);
  }
  if (last && sameParams(last.params, params)) {
    return [...schedule.slice(0, -1), { fromStep: last.fromStep, toStep, params: last.params }];
  }
  return [...schedule, { fromStep, toStep, params: { ...params } }];
}

/**
 * For people: "steps 0-5: lr=0.1, momentum=0.9; steps 5-10: lr=0.08". The
 * first span lists every value, later ones only what changed.
 */
export function describeSchedule(schedule: readonly ScheduleEntry[], format: (v: ParamValue) => string = formatValue): string {
  if (schedule.length === 0) return '(empty schedule)';
  const merged = schedule.reduce<ScheduleEntry[]>((acc, e) => {
    const last = acc[acc.length - 1];
    if (last && last.toStep === e.fromStep && sameParams(last.params, e.params)) acc[acc.length - 1] = { ...last, toStep: e.toStep };
    else acc.push(e);
    return acc;
  }, []);
  return merged
    .map((e, i) => {
      const prev = i > 0 ? merged[i - 1].params : undefined;
      const shown = Object.entries(e.params).filter(([k, v]) => !prev || !(k in prev) || prev[k] !== v);
      const values = shown.length ? shown.map(([k, v]) => `${k}=${format(v)}`).join(', ') : 'unchanged';
      return `steps ${e.fromStep}-${e.toStep}: ${values}`;
    })
    .join('; ');
}

/** The values in force at `step` (the last span's for a step past the end). */
export function paramsAtStep(schedule: readonly ScheduleEntry[], step: number): Params | undefined {
  for (const e of schedule) if (step >= e.fromStep && step < e.toStep) return e.params;
  return schedule[schedule.length - 1]?.params;
}

export function sameParams(a: Params, b: Params): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && a[k] === b[k]);
}
