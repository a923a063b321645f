import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FindingsT, FindingT } from '../../api/types.ts';
import { Citation } from '../../ui/Citation.tsx';
import { useNames } from '../legal/names.ts';
import { fieldLabel } from './fields.ts';
import { findingMessage } from './findings-text.ts';

export function SeverityBadge({ severity }: { severity: FindingT['severity'] }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={severity === 'blocking' ? 'red' : 'yellow'}>
      {severity === 'blocking' ? t('finding.blocking') : t('finding.warning')}
    </Badge>
  );
}

/** "Ready to submit" or how many findings block it. */
export function FindingsSummaryLine({
  findings,
}: {
  findings: Pick<FindingsT, 'blocking' | 'warnings' | 'submittable'>;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" data-testid="findings-summary">
      <Badge color={findings.submittable ? 'green' : 'red'} variant="light">
        {findings.submittable ? t('finding.submittable') : t('finding.notSubmittable')}
      </Badge>
      <Text size="sm">
        {t('finding.counts', { blocking: findings.blocking, warnings: findings.warnings })}
      </Text>
    </Group>
  );
}

/**
 * The validator's findings, one per field, each with its severity, the field in words, the message in
 * the user's language, the article it rests on and whether that article was verified.
 */
export function FindingsList({
  findings,
  onFix,
}: {
  findings: FindingsT;
  /** Go to the field a finding is about. */
  onFix?: ((path: string) => void) | undefined;
}) {
  const { t } = useTranslation();
  const names = useNames();
  if (findings.findings.length === 0) {
    return (
      <Alert color="green" variant="light" title={t('finding.noneTitle')} data-testid="findings-none">
        {t('finding.none')}
      </Alert>
    );
  }
  const ordered = [...findings.findings].sort(
    (a, b) => Number(b.severity === 'blocking') - Number(a.severity === 'blocking'),
  );
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="findings-list">
      {ordered.map((f) => (
        <Paper
          component="li"
          key={`${f.code}:${f.path}:${f.message}`}
          withBorder
          p="sm"
          data-finding-path={f.path}
          data-severity={f.severity}
        >
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
            <Stack gap={4} miw={0}>
              <Group gap="xs">
                <SeverityBadge severity={f.severity} />
                <Text size="sm" fw={600}>
                  {fieldLabel(f.path, t) ?? f.path}
                </Text>
              </Group>
              <Text size="sm">{findingMessage(f, t, names)}</Text>
              <Citation citation={f.citation} verified={f.verified} />
            </Stack>
            {onFix && (
              <Button
                size="compact-sm"
                variant="default"
                style={{ flexShrink: 0 }}
                onClick={() => onFix(f.path)}
                aria-label={t('finding.fixLabel', { field: fieldLabel(f.path, t) ?? f.path })}
              >
                {t('finding.fix')}
              </Button>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** Findings about one field, under its input (a finding is not an input error: the draft may be saved). */
export function FieldFindings({ findings, path }: { findings: FindingT[] | undefined; path: string }) {
  const { t } = useTranslation();
  const names = useNames();
  const mine = (findings ?? []).filter((f) => f.path === path);
  if (mine.length === 0) return null;
  return (
    <>
      {mine.map((f) => (
        <Text
          key={`${f.code}:${f.path}`}
          span
          display="block"
          size="xs"
          c={f.severity === 'blocking' ? 'var(--mantine-color-error)' : 'var(--comity-warning-text)'}
          data-field-finding={f.path}
        >
          {f.severity === 'blocking' ? t('finding.blocking') : t('finding.warning')}:{' '}
          {f.code === 'missing-content' ? t('finding.required') : findingMessage(f, t, names)} ({f.citation}
          {f.verified ? '' : `, ${t('legal.unverified')}`})
        </Text>
      ))}
    </>
  );
}
