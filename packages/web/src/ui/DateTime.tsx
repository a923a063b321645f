import { useTranslation } from 'react-i18next';

const utcFormatter = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

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
  const local = new Intl.DateTimeFormat(i18n.language, {
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
