import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const colours = ['gray', 'blue', 'orange', 'red', 'grape'] as const;

/** A clearance or classification level 0–4 with its name. */
export function ClassificationBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={colours[level] ?? 'gray'}>
      {t(`clearance.${level}`)}
    </Badge>
  );
}

export const clearanceOptions = (t: (k: string) => string) =>
  [0, 1, 2, 3, 4].map((level) => ({ value: String(level), label: t(`clearance.${level}`) }));
