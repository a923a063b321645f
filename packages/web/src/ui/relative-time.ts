const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** The largest whole unit that fits the distance, e.g. 3 days 4 hours → { unit: 'day', value: 3 }. */
export function bestUnit(ms: number): { unit: Intl.RelativeTimeFormatUnit; value: number } {
  const abs = Math.abs(ms);
  for (const [unit, size] of units) {
    // Days stay days up to two weeks: deadlines are counted in days by the instruments.
    if (unit === 'week' && abs < 14 * 24 * 3600_000) continue;
    if (abs >= size) return { unit, value: Math.round(ms / size) };
  }
  return { unit: 'second', value: Math.round(ms / 1000) };
}

/** "in 3 days" / "2 hours ago" in the given language. */
export function formatRelative(target: Date, now: Date, language: string): string {
  const { unit, value } = bestUnit(target.getTime() - now.getTime());
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(value, unit);
}

/** "3 days" (no direction) in the given language. */
export function formatDuration(ms: number, language: string): string {
  const { unit, value } = bestUnit(Math.abs(ms));
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(
    Math.abs(value),
  );
}
