import { useTranslation } from 'react-i18next';

const utcFormatter = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

/**
 * The user's own regional form of the interface language when the browser states one (English in
 * Britain: en-GB, day before month), else the language itself. Dates and times read as at home.
 */
export function localeFor(language: string): string {
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return preferred.find((tag) => base(tag) === base(language)) ?? language;
}

export interface DateTimeProps {
  value: string | null | undefined;
  /** `datetime` shows date and time; `date` only the date. */
  mode?: 'datetime' | 'date';
  seconds?: boolean;
}

/** A timestamp in the user's own time zone; the exact UTC value on hover (title) and in `dateTime`. */
export function DateTime({ value, mode = 'datetime', seconds = false }: DateTimeProps) {
  const { i18n, t } = useTranslation();
  if (!value) return <span>{t('common.none')}</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  const local = new Intl.DateTimeFormat(localeFor(i18n.language), {
    dateStyle: 'medium',
    ...(mode === 'datetime' ? { timeStyle: seconds ? 'medium' : 'short' } : {}),
  }).format(date);
  const utc = `${utcFormatter.format(date)} UTC`;
  return (
    <time dateTime={date.toISOString()} title={utc} style={{ whiteSpace: 'nowrap' }}>
      {local}
    </time>
  );
}

/**
 * A calendar day (`YYYY-MM-DD`: a date of birth, a postponement's last day — no time, no zone) in
 * the user's language, e.g. "15 Jan 2027". Read as UTC so that no time zone moves it a day.
 */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A calendar day (see formatDay); the ISO date in `dateTime` and on hover. */
export function Day({ value }: { value: string | null | undefined }) {
  const { i18n, t } = useTranslation();
  if (!value) return <span>{t('common.none')}</span>;
  return (
    <time dateTime={value} title={value} style={{ whiteSpace: 'nowrap' }}>
      {formatDay(value, localeFor(i18n.language))}
    </time>
  );
}
