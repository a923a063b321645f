import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FindingsT, RequestDraftT } from '../../../api/types.ts';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useNames } from '../../legal/names.ts';
import { DraftSummary } from '../DraftSummary.tsx';
import { FindingsList, FindingsSummaryLine } from '../FindingsList.tsx';

/** Step 5: the validator's findings on the saved draft, field by field, and the whole draft. */
export function StepReview({
  id,
  dirty,
  draft,
  findings,
  onFix,
}: {
  id: string | null;
  dirty: boolean;
  draft: RequestDraftT;
  findings: {
    data: FindingsT | undefined;
    isError: boolean;
    error: unknown;
    isPending: boolean;
    refetch: () => unknown;
  };
  onFix: (path: string) => void;
}) {
  const { t } = useTranslation();
  const names = useNames();
  return (
    <Stack gap="md">
      <section aria-labelledby="review-findings">
        <Title order={2} size="h4" id="review-findings" mb="xs">
          {t('draft.findingsTitle')}
        </Title>
        {findings.isError && <ProblemAlert error={findings.error} onRetry={() => void findings.refetch()} />}
        {findings.isPending && (
          <Center p="md">
            <Loader size="sm" aria-label={t('common.loading')} />
          </Center>
        )}
        {findings.data && (
          <Stack gap="sm">
            <FindingsSummaryLine findings={findings.data} />
            <Text size="xs" c="dimmed">
              {t('draft.findingsChecked', {
                version: findings.data.version,
                date: findings.data.at,
                instrument: findings.data.instrument
                  ? t('draft.instrumentVersion', {
                      instrument: names.instrument(findings.data.instrument.id),
                      version: findings.data.instrument.version,
                    })
                  : t('common.none'),
              })}
            </Text>
            <FindingsList findings={findings.data} onFix={onFix} />
            {id && findings.data.submittable && !dirty && (
              <Group>
                <Button component={Link} to={`/requests/${id}?tab=overview`} variant="light">
                  {t('draft.toSubmit')}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </section>
      <section aria-labelledby="review-draft">
        <Title order={2} size="h4" id="review-draft" mb="xs">
          {t('draft.summaryTitle')}
        </Title>
        <DraftSummary draft={draft} findings={findings.data?.findings} />
      </section>
    </Stack>
  );
}
