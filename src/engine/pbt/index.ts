// Population-based training: options, explore, generations, journal attributes.
export { DEFAULT_SEGMENTS, PBT_DEFAULTS, parsePbtDirective, resolvePbtOptions, type PbtOptions } from './options';
export { PERTURB_FACTORS, perturb, perturbValue } from './perturb';
export { describeSchedule, extendSchedule, paramsAtStep, sameParams, type ScheduleEntry } from './schedule';
export {
  PbtStalledError,
  bestMember,
  firstGeneration,
  generationCount,
  generationRng,
  nextGeneration,
  rankMembers,
  truncationCount,
  type MemberResult,
  type SegmentPlan,
} from './population';
export { PBT_ATTRS, memberResult, pbtAttrs, pbtGenerations, planFromAttrs } from './attrs';
