import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { k } from '../i18n/index.ts';
import { localeFor } from './DateTime.tsx';
import { formatDuration, formatRelative } from './relative-time.ts';

export interface RelativeDeadlineProps {
  value: string | null | undefined;
  /** Now, for tests and for lists that share one clock. */
  now?: Date;
  /** Below this many hours left the deadline is shown as close. */
  warnHours?: number;
  /** Catalogue key with {{when}} for a future deadline; default "due {{when}}". */
  futureKey?: string;
  /** Catalogue key with {{duration}} for a passed deadline; default "overdue by {{duration}}". */
  pastKey?: string;
}

/** A deadline relative to now ("due in 3 days", "overdue by 2 days"); the exact time on hover. */
export function RelativeDeadline({
  value,
  now = new Date(),
  warnHours = 48,
  futureKey = k('deadline.due'),
  pastKey = k('deadline.overdue'),
}: RelativeDeadlineProps) {
  const { t, i18n } = useTranslation();
  if (!value) return <span>{t('common.none')}</span>;
  const target = new Date(value);
  const ms = target.getTime() - now.getTime();
  const title = new Intl.DateTimeFormat(localeFor(i18n.language), {
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(target);
  const label =
    ms >= 0
      ? t(futureKey, { when: formatRelative(target, now, i18n.language) })
      : t(pastKey, { duration: formatDuration(ms, i18n.language) });
  const tone =
    ms < 0
      ? 'var(--mantine-color-error)'
      : ms < warnHours * 3600_000
        ? 'var(--comity-warning-text)'
        : undefined;
  return (
    <Text
      component="time"
      dateTime={target.toISOString()}
      title={title}
      inherit
      c={tone}
      fw={ms < 0 ? 600 : undefined}
    >
      {label}
    </Text>
  );
}
