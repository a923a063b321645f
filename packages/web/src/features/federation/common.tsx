import { Badge, Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function FullPageLoaderInline() {
  const { t } = useTranslation();
  return (
    <Center p="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** A state as a small coloured badge, from one of the vocab.ts tables. */
export function StateBadge({
  entry,
  variant = 'light',
  testId,
}: {
  entry: { key: string; color: string };
  variant?: 'light' | 'filled' | 'outline';
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant={variant} color={entry.color} data-testid={testId}>
      {t(entry.key)}
    </Badge>
  );
}

/** Text in a theme colour that keeps 4.5:1 contrast (the theme darkens the `light` variant's text). */
export const tone = (color: string): string => `var(--mantine-color-${color}-light-color)`;
