import { Anchor, Button, Card, Group, Stack, Table, Tabs, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { isProblem } from '../../api/problem.ts';
import { usePermission } from '../../api/queries.ts';
import type { LifecycleT, RequestRowT } from '../../api/types.ts';
import { NotFound } from '../../app/NotFound.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useNames } from '../legal/names.ts';
import { RequestThreadsPanel } from '../messaging/RequestThreadsPanel.tsx';
import { useBackLink } from './back-link.ts';
import { DraftSummary } from './DraftSummary.tsx';
import { FindingsList, FindingsSummaryLine } from './FindingsList.tsx';
import { stepOf } from './fields.ts';
import { ClocksTable } from './lifecycle/ClocksTable.tsx';
import { DeliveriesTable } from './lifecycle/DeliveriesTable.tsx';
import { lifecycleApi, lifecycleKeys } from './lifecycle/lifecycle.api.ts';
import { Overview } from './lifecycle/Overview.tsx';
import { TasksPanel } from './lifecycle/TasksPanel.tsx';
import { TimelineList } from './lifecycle/TimelineList.tsx';
import { isAssessing } from './lifecycle/vocab.ts';
import { PendingRequest } from './PendingRequest.tsx';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { requestKeys, requestsApi } from './requests.api.ts';
import { DocumentPanel } from './wizard/DocumentPanel.tsx';

function Loading({
  query,
  children,
}: {
  query: { isError: boolean; error: unknown; refetch: () => unknown; data: unknown };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data)
    return (
      <Text size="sm" c="dimmed">
        {t('common.loading')}
      </Text>
    );
  return <>{children}</>;
}

function Versions({ id }: { id: string }) {
  const { t } = useTranslation();
  const versions = useQuery({
    queryKey: requestKeys.versions(id),
    queryFn: ({ signal }) => requestsApi.versions(id, signal),
  });
  return (
    <Loading query={versions}>
      <Table withTableBorder fz="sm">
        <Table.Caption>{t('request.versionsCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('request.version')}</Table.Th>
            <Table.Th scope="col">{t('request.savedAt')}</Table.Th>
            <Table.Th scope="col">{t('request.contentHash')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(versions.data?.items ?? []).map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>{v.version}</Table.Td>
              <Table.Td>
                <DateTime value={v.createdAt} />
              </Table.Td>
              <Table.Td>
                <Text span className="comity-mono">
                  {v.contentHash}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Loading>
  );
}

/** The request's content (personal data: read with a purpose), and for a draft its findings. */
function Content({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const id = lifecycle.data.id;
  const draftStage = lifecycle.data.state === 'draft' && lifecycle.data.side === 'requesting';
  const request = useQuery({
    queryKey: requestKeys.one(id),
    queryFn: ({ signal }) => requestsApi.get(id, signal),
  });
  const findings = useQuery({
    queryKey: requestKeys.findings(id, request.data?.data.version ?? 0, i18n.language),
    queryFn: ({ signal }) => requestsApi.findings(id, i18n.language, signal),
    enabled: draftStage && request.data !== undefined,
    placeholderData: keepPreviousData,
  });
  const editable = draftStage && request.data?.policies.update;
  return (
    <Loading query={request}>
      {request.data && (
        <Stack gap="md">
          {draftStage && findings.data && (
            <Card withBorder padding="md" component="section" aria-label={t('request.tab.findings')}>
              <Stack gap="sm">
                <FindingsSummaryLine findings={findings.data} />
                {findings.data.findings.length > 0 && (
                  <FindingsList
                    findings={findings.data}
                    onFix={
                      editable ? (path) => navigate(`/requests/${id}/edit?step=${stepOf(path)}`) : undefined
                    }
                  />
                )}
              </Stack>
            </Card>
          )}
          <Text size="xs" c="dimmed">
            {t('request.contentVersion', { version: request.data.data.version })}
          </Text>
          <DraftSummary draft={request.data.data.draft} findings={findings.data?.findings} />
        </Stack>
      )}
    </Loading>
  );
}

function Clocks({ id }: { id: string }) {
  const q = useQuery({
    queryKey: lifecycleKeys.deadlines(id),
    queryFn: ({ signal }) => lifecycleApi.deadlines(id, signal),
  });
  return <Loading query={q}>{q.data && <ClocksTable deadlines={q.data} />}</Loading>;
}
function Timeline({ id }: { id: string }) {
  const q = useQuery({
    queryKey: lifecycleKeys.timeline(id),
    queryFn: ({ signal }) => lifecycleApi.timeline(id, signal),
  });
  return <Loading query={q}>{q.data && <TimelineList timeline={q.data} />}</Loading>;
}
function Deliveries({ id }: { id: string }) {
  const q = useQuery({
    queryKey: lifecycleKeys.deliveries(id),
    queryFn: ({ signal }) => lifecycleApi.deliveries(id, signal),
  });
  return <Loading query={q}>{q.data && <DeliveriesTable deliveries={q.data} />}</Loading>;
}

const TABS = [
  'overview',
  'content',
  'clocks',
  'tasks',
  'timeline',
  'deliveries',
  'versions',
  'document',
  'messages',
] as const;

/** A new draft following a transmitted request, copying its content (the parent stays as sent). */
function SupplementaryButton({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useMutation({
    mutationFn: () => api.post<RequestRowT>(`/api/requests/${encodeURIComponent(id)}/supplementary`, {}),
    onSuccess: (row) => navigate(`/requests/${row.data.id}/edit?step=measures`),
  });
  return (
    <>
      <Button variant="default" onClick={() => start.mutate()} loading={start.isPending}>
        {t('request.supplementary')}
      </Button>
      {start.isError && <ProblemAlert error={start.error} />}
    </>
  );
}

/** One request, as my side sees it: state and whose move, parties, clocks, tasks, timeline, content. */
export function RequestView({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t } = useTranslation();
  const can = usePermission();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const r = lifecycle.data;
  const draftStage = r.state === 'draft' && r.side === 'requesting';
  const shown = new Set<string>(['overview', 'content', 'clocks', 'timeline', 'document']);
  if (r.side === 'requested' || r.side === 'executing') shown.add('tasks');
  if (r.sent || r.side !== 'requesting') shown.add('deliveries');
  if (r.side === 'requesting') shown.add('versions');
  if (can('thread.read')) shown.add('messages');
  const asked = params.get('tab') ?? '';
  const tab = shown.has(asked) ? asked : draftStage ? 'content' : 'overview';
  const assessing = isAssessing(r.side, lifecycle.allowedActions);
  const back = useBackLink(r.side);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={back.to} size="sm">
        {t(back.label)}
      </Anchor>
      <PageHeader
        title={r.title ?? t('draft.untitled')}
        description={
          <Group gap="xs" component="span" data-testid="request-header">
            <RequestStatusBadge status={r.state} />
            <span className="comity-mono">{r.reference}</span>
            <span>
              {[
                names.kind(r.kind),
                r.instrumentId && names.instrument(r.instrumentId) !== names.kind(r.kind)
                  ? names.instrument(r.instrumentId)
                  : null,
                `${names.state(r.requestingState)} → ${names.state(r.requestedState)}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </Group>
        }
        actions={
          <>
            {draftStage && (
              <Button
                component={Link}
                to={`/requests/${r.id}/edit?step=measures`}
                variant={tab === 'content' ? 'filled' : 'default'}
              >
                {t('request.continue')}
              </Button>
            )}
            {assessing && (
              <Button component={Link} to={`/requests/${r.id}/assess`}>
                {t('assess.open')}
              </Button>
            )}
            {r.side === 'requesting' && r.sent && can('request.draft') && <SupplementaryButton id={r.id} />}
          </>
        }
      />
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          {TABS.filter((x) => shown.has(x)).map((x) => (
            <Tabs.Tab key={x} value={x}>
              {t(`request.tab.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Overview lifecycle={lifecycle} />
        </Tabs.Panel>
        <Tabs.Panel value="content" pt="md">
          <Content lifecycle={lifecycle} />
        </Tabs.Panel>
        <Tabs.Panel value="clocks" pt="md">
          <Clocks id={r.id} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <TasksPanel lifecycle={lifecycle} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <Timeline id={r.id} />
        </Tabs.Panel>
        <Tabs.Panel value="deliveries" pt="md">
          <Deliveries id={r.id} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          <Versions id={r.id} />
        </Tabs.Panel>
        <Tabs.Panel value="document" pt="md">
          <Card withBorder padding="md">
            <DocumentPanel id={r.id} version={r.contentVersion} requestedLanguage={undefined} />
          </Card>
        </Tabs.Panel>
        <Tabs.Panel value="messages" pt="md">
          <RequestThreadsPanel lifecycle={lifecycle} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** /requests/:id */
export function RequestPage() {
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
        <PageHeader title={t('request.title')} />
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  if (!query.data) return <PendingRequest id={id} />;
  return <RequestView lifecycle={query.data} />;
}
