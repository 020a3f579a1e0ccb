// Elapsed times for progress lines. (Durations are parsed with the
// annotation language's parseDuration, so flags and directives agree.)

/** `1:05:09`, `4:07` or `0:09`: compact elapsed time for progress lines. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
