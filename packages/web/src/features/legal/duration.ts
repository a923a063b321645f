/** The parts of an ISO 8601 duration such as `P30D`, `PT8H` or `P1Y2M` (weeks included). */
export interface DurationParts {
  year: number;
  month: number;
  week: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const pattern = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseIsoDuration(iso: string): DurationParts | null {
  const m = pattern.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { year: n(1), month: n(2), week: n(3), day: n(4), hour: n(5), minute: n(6), second: n(7) };
}

/** "30 days", "8 hours", "1 year, 2 months" in the given language; the raw text if it is not ISO 8601. */
export function formatIsoDuration(iso: string, language: string): string {
  const parts = parseIsoDuration(iso);
  if (!parts) return iso;
  const out: string[] = [];
  for (const unit of Object.keys(parts) as (keyof DurationParts)[]) {
    const value = parts[unit];
    if (value === 0) continue;
    out.push(new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value));
  }
  if (out.length === 0) return iso;
  return new Intl.ListFormat(language, { style: 'short', type: 'unit' }).format(out);
}
