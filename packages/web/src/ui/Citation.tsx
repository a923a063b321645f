import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * "Checked against the source text" or not. Unverified facts come from general knowledge and must
 * be checked before anyone relies on them; they are always shown as such.
 */
export function VerifiedBadge({ verified, note }: { verified: boolean; note?: string | undefined }) {
  const { t } = useTranslation();
  const badge = (
    <Badge
      size="xs"
      variant="light"
      color={verified ? 'green' : 'orange'}
      data-verified={verified}
      tabIndex={note ? 0 : undefined}
    >
      {verified ? t('legal.verified') : t('legal.unverified')}
    </Badge>
  );
  if (!note) return badge;
  return (
    <Tooltip label={note} multiline w={320} withArrow>
      {badge}
    </Tooltip>
  );
}

/** The article a fact rests on, with its verified mark. */
export function Citation({
  citation,
  verified,
  note,
  size = 'xs',
}: {
  citation: string;
  verified: boolean;
  note?: string | undefined;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap" component="span" display="inline-flex">
      <Text span size={size} c="dimmed">
        <span className="comity-visually-hidden">{t('legal.citation')}: </span>
        {citation}
      </Text>
      <VerifiedBadge verified={verified} note={note} />
    </Group>
  );
}

/** The advisor marks unchecked facts in its prose with "[unverified]"; split the mark off. */
export function splitUnverified(text: string): { text: string; verified: boolean } {
  const marked = /\s*\[unverified\]\s*$/i.exec(text);
  return marked ? { text: text.slice(0, marked.index), verified: false } : { text, verified: true };
}
