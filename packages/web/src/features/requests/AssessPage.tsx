import { Alert, Anchor, Card, Grid, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import type { LifecycleT } from '../../api/types.ts';
import { NotFound } from '../../app/NotFound.tsx';
import { Citation } from '../../ui/Citation.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { ProseContext, ProseText } from '../legal/EnglishOriginal.tsx';
import { useInstrument } from '../legal/legal.api.ts';
import { useNames } from '../legal/names.ts';
import { DraftSummary } from './DraftSummary.tsx';
import { ActionForm } from './lifecycle/ActionDialog.tsx';
import { ClocksTable } from './lifecycle/ClocksTable.tsx';
import { ExchangeCard } from './lifecycle/ExchangeCard.tsx';
import { lifecycleApi, lifecycleKeys } from './lifecycle/lifecycle.api.ts';
import { PendingRequest } from './PendingRequest.tsx';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { requestKeys, requestsApi } from './requests.api.ts';

/** Decisions offered on this screen, in the order an assessing authority weighs them. */
const DECISIONS = [
  'accept',
  'refuse',
  'request-information',
  'postpone',
  'consent',
  'no-consent',
  'extend',
] as const;

/**
 * The requested side's assessment of an incoming request: the request as sent, the clocks running
 * against the decision, the instrument's refusal grounds with their articles, and the decisions
 * (acknowledge first; then accept, refuse with grounds, ask for more, postpone).
 */
function Assess({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t } = useTranslation();
  const names = useNames();
  const navigate = useNavigate();
  const r = lifecycle.data;
  const allowed = new Set(lifecycle.allowedActions);
  const decisions = DECISIONS.filter((d) => allowed.has(d));
  const [decision, setDecision] = useState<string>(decisions[0] ?? '');
  const content = useQuery({
    queryKey: requestKeys.one(r.id),
    queryFn: ({ signal }) => requestsApi.get(r.id, signal),
  });
  const deadlines = useQuery({
    queryKey: lifecycleKeys.deadlines(r.id),
    queryFn: ({ signal }) => lifecycleApi.deadlines(r.id, signal),
  });
  const instrument = useInstrument(r.instrumentId);
  const current = decisions.includes(decision as (typeof decisions)[number])
    ? decision
    : (decisions[0] ?? '');
  const done = () => navigate(`/requests/${r.id}`);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/requests/${r.id}`} size="sm">
        {t('assess.back')}
      </Anchor>
      <PageHeader
        title={t('assess.title', { reference: r.reference })}
        description={
          <span>
            <RequestStatusBadge status={r.state} /> {r.title} · {r.requestingAgency.name} (
            {names.state(r.requestingState)}) · {names.instrument(r.instrumentId)}
          </span>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Title order={2} size="h4">
              {t('assess.requestAsSent')}
            </Title>
            {content.isError && <ProblemAlert error={content.error} onRetry={() => void content.refetch()} />}
            {content.data && <DraftSummary draft={content.data.data.draft} narrow />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Card withBorder padding="md" component="section" aria-labelledby="decision-title">
              <Title order={2} size="h4" mb="xs" id="decision-title">
                {t('assess.decision')}
              </Title>
              {allowed.has('acknowledge') && (
                <Stack gap="xs">
                  <Alert color="blue" variant="light">
                    {t('assess.acknowledgeFirst')}
                  </Alert>
                  <ActionForm lifecycle={lifecycle} action="acknowledge" />
                </Stack>
              )}
              {!allowed.has('acknowledge') && decisions.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('assess.nothingToDecide')}
                </Text>
              )}
              {decisions.length > 0 && !content.data && (
                // A decision is taken on the request as read: not before it is shown (its purpose
                // given, if it names persons).
                <Alert color="yellow" variant="light" data-testid="read-first">
                  {t('assess.readFirst')}
                </Alert>
              )}
              {decisions.length > 0 && content.data && (
                <Stack gap="sm">
                  <SegmentedControl
                    fullWidth
                    orientation="vertical"
                    value={current}
                    onChange={setDecision}
                    data={decisions.map((d) => ({ value: d, label: t(`transitionAction.${d}`) }))}
                    aria-label={t('assess.decision')}
                  />
                  <ActionForm key={current} lifecycle={lifecycle} action={current} onDone={done} />
                </Stack>
              )}
            </Card>
            {content.data && (
              // Questions and answers may name persons: shown with the request, once it is shown.
              <ExchangeCard
                requestId={r.id}
                actions={['request-information', 'provide-information']}
                title={t('assess.exchange')}
              />
            )}
            <Card withBorder padding="md" component="section" aria-labelledby="assess-clocks">
              <Title order={2} size="h4" mb="xs" id="assess-clocks">
                {t('assess.clocks')}
              </Title>
              {deadlines.data && <ClocksTable deadlines={deadlines.data} compact />}
            </Card>
            {instrument.data && (
              <Card withBorder padding="md" component="section" aria-labelledby="assess-grounds">
                <Title order={2} size="h4" mb="xs" id="assess-grounds">
                  {t('assess.grounds', { instrument: names.instrument(r.instrumentId) })}
                </Title>
                <ProseContext.Provider value={instrument.data.data.prose}>
                  <List size="sm" spacing={4}>
                    {instrument.data.data.instrument.refusalGrounds.map((g, k) => (
                      <List.Item key={g.id}>
                        <ProseText path={`refusalGrounds.${k}.description`} en={g.description} /> (
                        {g.kind === 'mandatory' ? t('instrument.mandatory') : t('instrument.optional')}){' '}
                        <Citation citation={g.citation} verified={g.verified} />
                      </List.Item>
                    ))}
                  </List>
                </ProseContext.Provider>
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** /requests/:id/assess */
export function AssessPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: lifecycleKeys.one(id),
    queryFn: ({ signal }) => lifecycleApi.lifecycle(id, signal),
  });
  if (query.isError && isProblem(query.error, 'not-found', 'validation-failed')) return <NotFound />;
  if (query.isError) {
    return (
      <Stack>
        <PageHeader title={t('assess.titlePlain')} />
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  if (!query.data) return <PendingRequest id={id} />;
  if (query.data.data.side !== 'requested') return <NotFound />;
  return <Assess lifecycle={query.data} />;
}
