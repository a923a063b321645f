import type { Labels } from '@comity/contracts';
import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { k } from '../i18n/index.ts';

type Tlp = Labels['tlp'];
type Handling = Labels['handlingCode'];

/**
 * TLP 2.0 (FIRST): the label is written in its colour on a black background, so it reads the same
 * on screen and in print. Colours are those of the standard (RGB values of TLP 2.0, §3).
 */
const TLP_COLOUR: Record<Tlp, string> = {
  CLEAR: '#FFFFFF',
  GREEN: '#33FF00',
  AMBER: '#FFC000',
  'AMBER+STRICT': '#FFC000',
  RED: '#FF2B2B',
};

const TLP_HELP: Record<Tlp, string> = {
  CLEAR: k('labels.tlpHelp.clear'),
  GREEN: k('labels.tlpHelp.green'),
  AMBER: k('labels.tlpHelp.amber'),
  'AMBER+STRICT': k('labels.tlpHelp.amberStrict'),
  RED: k('labels.tlpHelp.red'),
};

export const HANDLING_HELP: Record<Handling, string> = {
  H0: k('labels.handlingHelp.h0'),
  H1: k('labels.handlingHelp.h1'),
  H2: k('labels.handlingHelp.h2'),
  H3: k('labels.handlingHelp.h3'),
};

export const SOURCE_HELP: Record<Labels['sourceReliability'], string> = {
  A: k('labels.source.a'),
  B: k('labels.source.b'),
  C: k('labels.source.c'),
  X: k('labels.source.x'),
};

export const ASSESSMENT_HELP: Record<Labels['informationAssessment'], string> = {
  '1': k('labels.assessment.1'),
  '2': k('labels.assessment.2'),
  '3': k('labels.assessment.3'),
  '4': k('labels.assessment.4'),
};

export const TLP_VALUES: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
export const HANDLING_VALUES: Handling[] = ['H0', 'H1', 'H2', 'H3'];

/** One TLP label, coloured per TLP 2.0; its meaning on hover. */
export function TlpBadge({ tlp, size = 'sm' }: { tlp: Tlp; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge
      size={size}
      radius="xs"
      variant="filled"
      title={t(TLP_HELP[tlp])}
      data-tlp={tlp}
      style={{ backgroundColor: '#000000', color: TLP_COLOUR[tlp], textTransform: 'none', fontWeight: 700 }}
    >
      TLP:{tlp}
    </Badge>
  );
}

export function tlpHelp(t: (key: string) => string, tlp: Tlp): string {
  return t(TLP_HELP[tlp]);
}

/**
 * Every dissemination label of an object, side by side: TLP, handling code (H3 with its text),
 * Europol 4x4 (source reliability and information assessment), originator, speciality, and the
 * permissions the originator granted.
 */
export function LabelBadges({
  labels,
  agencyName,
  size = 'sm',
}: {
  labels: Labels;
  /** Resolves an agency id to a short name; the id is shown otherwise. */
  agencyName?: (id: string) => string;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation();
  const name = agencyName ?? ((id: string) => id.slice(-8));
  const limited = labels.useLimitations.proceedings;
  return (
    <Group gap={6} wrap="wrap" data-testid="labels" component="span">
      <TlpBadge tlp={labels.tlp} size={size} />
      <Badge
        size={size}
        radius="xs"
        variant="light"
        color={labels.handlingCode === 'H0' ? 'gray' : 'orange'}
        title={t(HANDLING_HELP[labels.handlingCode])}
        data-handling={labels.handlingCode}
        style={{ textTransform: 'none' }}
      >
        {labels.handlingCode}
        {labels.handlingCode === 'H3' && labels.handlingText ? ` · ${labels.handlingText}` : ''}
      </Badge>
      <Badge
        size={size}
        radius="xs"
        variant="light"
        color="indigo"
        title={`${t(SOURCE_HELP[labels.sourceReliability])} · ${t(ASSESSMENT_HELP[labels.informationAssessment])}`}
        style={{ textTransform: 'none' }}
      >
        {t('labels.fourByFour', { code: `${labels.sourceReliability}${labels.informationAssessment}` })}
      </Badge>
      <Badge size={size} radius="xs" variant="light" color="gray" style={{ textTransform: 'none' }}>
        {t('labels.originator', { name: name(labels.originatorAgencyId) })}
      </Badge>
      {limited.length > 0 && (
        <Badge
          size={size}
          radius="xs"
          variant="light"
          color="grape"
          title={t('labels.specialityHelp')}
          style={{ textTransform: 'none' }}
        >
          {t('labels.speciality', { proceedings: limited.join(', ') })}
        </Badge>
      )}
      {labels.permissions.map((p) => (
        <Badge
          key={`${p.kind}-${p.agencyId}`}
          size={size}
          radius="xs"
          variant="light"
          color="teal"
          style={{ textTransform: 'none' }}
        >
          {p.kind === 'judicial'
            ? t('labels.permittedJudicial', { name: name(p.agencyId) })
            : t('labels.permittedForward', { name: name(p.agencyId) })}
        </Badge>
      ))}
    </Group>
  );
}

/** The labels in one line of text (tables, screen readers). */
export function labelLine(labels: Labels): string {
  return `TLP:${labels.tlp} · ${labels.handlingCode} · ${labels.sourceReliability}${labels.informationAssessment}`;
}

export function LabelLine({ labels }: { labels: Labels }) {
  return (
    <Text span size="xs" className="comity-mono">
      {labelLine(labels)}
    </Text>
  );
}
