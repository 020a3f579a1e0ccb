// How many [start, end] spans run at once: the tests and the scheduler
// benchmark check slot limits with it.

/** The most spans overlapping at one moment; an end and a start at the same millisecond do not overlap (the slot is freed first). */
export function maxOverlap(spans: { start: number; end: number }[]): number {
  const events = spans.flatMap((s) => [
    { t: s.start, d: 1 },
    { t: s.end, d: -1 },
  ]);
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let most = 0;
  for (const e of events) most = Math.max(most, (now += e.d));
  return most;
}
