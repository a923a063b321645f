import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../api/queries.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { StateBadge, tone } from './common.tsx';
import {
  type EnvelopeFilter,
  type EnvelopeT,
  type FederationStatusT,
  federationApi,
  federationKeys,
} from './federation.api.ts';
import { availability, circuit, envelopeFilters, envelopeStatus, receiptKind } from './vocab.ts';

/** The delivery queue: totals, partners being retried, permanent failures with Retry, one envelope. */
export function DeliveriesPanel({
  status,
  envelopeId,
  onEnvelope,
}: {
  status: FederationStatusT;
  envelopeId: string;
  onEnvelope: (id: string) => void;
}) {
  const { t } = useTranslation();
  const partnerName = (nodeId: string) => status.partners.find((p) => p.nodeId === nodeId)?.name ?? nodeId;
  const retrying = status.partners.filter((p) => p.queue.pending > 0 && p.availability !== 'available');
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Totals
          title={t('federation.deliveries.outbox')}
          testId="outbox-totals"
          rows={[
            [t('federation.deliveries.pending'), status.outbox.pending, 'blue'],
            [t('federation.deliveries.delivered'), status.outbox.delivered, 'green'],
            [t('federation.deliveries.failed'), status.outbox.failed, 'red'],
          ]}
        />
        <Totals
          title={t('federation.deliveries.inbox')}
          testId="inbox-totals"
          rows={[
            [t('federation.deliveries.waiting'), status.inbox.waiting, 'blue'],
            [t('federation.deliveries.processed'), status.inbox.processed, 'green'],
            [t('federation.deliveries.failed'), status.inbox.failed, 'red'],
          ]}
        />
      </SimpleGrid>

      {retrying.length > 0 && (
        <Alert color="orange" variant="light" title={t('federation.deliveries.retryingTitle')}>
          <Stack gap={4}>
            <Text size="sm">{t('federation.deliveries.retryingIntro')}</Text>
            {retrying.map((p) => (
              <Text size="sm" key={p.id}>
                <strong>{p.name}</strong> — {t('federation.partners.queued', { n: p.queue.pending })} ·{' '}
                {t(availability[p.availability].key)} · {t('federation.circuit.label')}:{' '}
                {t(circuit[p.circuit].key)}
                {p.failingSince && (
                  <>
                    {' '}
                    · {t('federation.partners.failingSince')} <DateTime value={p.failingSince} />
                  </>
                )}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      <FailedDeliveries status={status} partnerName={partnerName} onEnvelope={onEnvelope} />
      <EnvelopeList status={status} partnerName={partnerName} onEnvelope={onEnvelope} />
      <EnvelopeLookup envelopeId={envelopeId} onEnvelope={onEnvelope} partnerName={partnerName} />
    </Stack>
  );
}

function Totals({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: [string, number, string][];
  testId: string;
}) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      <Group gap="xl" component="dl" m={0}>
        {rows.map(([label, n, color]) => (
          <Stack key={label} gap={0}>
            <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
              {label}
            </Text>
            <Text
              component="dd"
              m={0}
              fz={28}
              fw={700}
              c={n > 0 && color === 'red' ? tone('red') : undefined}
            >
              {n}
            </Text>
          </Stack>
        ))}
      </Group>
    </Card>
  );
}

/** Envelopes the partner refused for good (4xx): the answer, and Retry once the cause is fixed. */
function FailedDeliveries({
  status,
  partnerName,
  onEnvelope,
}: {
  status: FederationStatusT;
  partnerName: (nodeId: string) => string;
  onEnvelope: (id: string) => void;
}) {
  const { t } = useTranslation();
  const can = usePermission();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: (id: string) => federationApi.retry(id),
    onSuccess: async (r) => {
      queryClient.setQueryData(federationKeys.envelope(r.data.id), r);
      await queryClient.invalidateQueries({ queryKey: federationKeys.status });
    },
  });
  const failed = status.failedDeliveries;
  return (
    <section aria-labelledby="failed-deliveries">
      <Title order={3} size="h4" id="failed-deliveries" mb={4}>
        {t('federation.deliveries.failedTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('federation.deliveries.failedIntro')}
      </Text>
      {retry.isError && <ProblemAlert error={retry.error} />}
      {retry.isSuccess && (
        <Alert
          color="green"
          variant="light"
          mb="sm"
          data-testid="retry-queued"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => retry.reset()}
        >
          <Group gap="xs">
            <Text size="sm">{t('federation.deliveries.retried')}</Text>
            <Button size="compact-xs" variant="default" onClick={() => onEnvelope(retry.data.data.id)}>
              {t('federation.deliveries.follow')}
            </Button>
          </Group>
        </Alert>
      )}
      <div className="comity-table-wrap">
        <Table withTableBorder striped data-testid="failed-deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('federation.envelope.created')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.partner')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.type')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.conversation')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.answer')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.attempts')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failed.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed" p="sm">
                    {t('federation.deliveries.noFailures')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {failed.map((e) => (
              <Table.Tr key={e.id} data-testid={`failed-${e.id}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DateTime value={e.createdAt} seconds />
                </Table.Td>
                <Table.Td>{partnerName(e.partnerNodeId)}</Table.Td>
                <Table.Td>
                  <Code>{e.type}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" className="comity-mono">
                    {e.conversationId} #{e.sequence}
                  </Text>
                </Table.Td>
                <Table.Td maw={380}>
                  <Group gap={6} mb={2}>
                    <Badge size="sm" color="red" variant="filled">
                      {t('federation.deliveries.permanent')}
                    </Badge>
                    {e.lastStatus !== null && (
                      <Badge size="sm" color="gray" variant="outline">
                        HTTP {e.lastStatus}
                      </Badge>
                    )}
                  </Group>
                  {e.lastError && <FailureReason text={e.lastError} />}
                </Table.Td>
                <Table.Td>{e.attempts}</Table.Td>
                <Table.Td ta="right">
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <Button size="compact-sm" variant="default" onClick={() => onEnvelope(e.id)}>
                      {t('federation.deliveries.details')}
                    </Button>
                    {can('federation.manage') && (
                      <Button
                        size="compact-sm"
                        loading={retry.isPending && retry.variables === e.id}
                        onClick={() => retry.mutate(e.id)}
                      >
                        {t('federation.deliveries.retry')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </section>
  );
}

/**
 * Every envelope in or out, newest first, filtered by partner, state and type, in pages: failed
 * incoming envelopes (a handler that gave up) are offered for Retry here, as are refused outgoing ones.
 */
function EnvelopeList({
  status,
  partnerName,
  onEnvelope,
}: {
  status: FederationStatusT;
  partnerName: (nodeId: string) => string;
  onEnvelope: (id: string) => void;
}) {
  const { t } = useTranslation();
  const can = usePermission();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<EnvelopeFilter>({
    direction: 'out',
    status: '',
    partner: '',
    type: '',
  });
  const [typed, setTyped] = useState('');
  const envelopes = useInfiniteQuery({
    queryKey: federationKeys.envelopes(filter),
    queryFn: ({ pageParam, signal }) => federationApi.envelopes(filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const retry = useMutation({
    mutationFn: (id: string) => federationApi.retry(id),
    onSuccess: async (r) => {
      queryClient.setQueryData(federationKeys.envelope(r.data.id), r);
      await queryClient.invalidateQueries({ queryKey: federationKeys.all });
    },
  });
  const items = envelopes.data?.pages.flatMap((p) => p.items) ?? [];
  const statuses = envelopeFilters[filter.direction];
  return (
    <section aria-labelledby="envelope-list">
      <Title order={3} size="h4" id="envelope-list" mb={4}>
        {t('federation.list.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('federation.list.intro')}
      </Text>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          setFilter((f) => ({ ...f, type: typed.trim() }));
        }}
      >
        <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
          <SegmentedControl
            aria-label={t('federation.list.direction')}
            value={filter.direction}
            onChange={(v) => setFilter((f) => ({ ...f, direction: v === 'in' ? 'in' : 'out', status: '' }))}
            data={[
              { value: 'out', label: t('federation.list.out') },
              { value: 'in', label: t('federation.list.in') },
            ]}
          />
          <Select
            label={t('federation.list.status')}
            value={filter.status}
            onChange={(v) => setFilter((f) => ({ ...f, status: v ?? '' }))}
            data={[
              { value: '', label: t('federation.list.any') },
              ...statuses.map((s) => ({ value: s.value, label: t(s.key) })),
            ]}
            allowDeselect={false}
            w={170}
          />
          <Select
            label={t('federation.list.partner')}
            value={filter.partner}
            onChange={(v) => setFilter((f) => ({ ...f, partner: v ?? '' }))}
            data={[
              { value: '', label: t('federation.list.any') },
              ...status.partners.map((p) => ({ value: p.nodeId, label: p.name })),
            ]}
            allowDeselect={false}
            w={220}
          />
          <TextInput
            label={t('federation.list.type')}
            value={typed}
            onChange={(ev) => setTyped(ev.currentTarget.value)}
            placeholder="ping"
            w={200}
          />
          <Button type="submit" variant="default">
            {t('federation.list.apply')}
          </Button>
        </Group>
      </form>
      {envelopes.isError && <ProblemAlert error={envelopes.error} onRetry={() => void envelopes.refetch()} />}
      {retry.isError && <ProblemAlert error={retry.error} />}
      {retry.isSuccess && (
        <Alert
          color="green"
          variant="light"
          mb="sm"
          data-testid="list-retry-queued"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => retry.reset()}
        >
          <Text size="sm">{t('federation.deliveries.retried')}</Text>
        </Alert>
      )}
      <div className="comity-table-wrap">
        <Table withTableBorder striped data-testid="envelope-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('federation.envelope.created')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.partner')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.type')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.conversation')}</Table.Th>
              <Table.Th scope="col">{t('federation.list.state')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.attempts')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.nextAttempt')}</Table.Th>
              <Table.Th scope="col">{t('federation.list.receipts')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {envelopes.isSuccess && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={9}>
                  <Text size="sm" c="dimmed" p="sm">
                    {t('federation.list.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {items.map((e) => (
              <Table.Tr key={e.id} data-testid={`envelope-${e.id}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DateTime value={e.createdAt} seconds />
                </Table.Td>
                <Table.Td>{partnerName(e.partnerNodeId)}</Table.Td>
                <Table.Td>
                  <Code>{e.type}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" className="comity-mono">
                    {e.conversationId} #{e.sequence}
                  </Text>
                </Table.Td>
                <Table.Td maw={320}>
                  <StateBadge entry={envelopeStatus[e.status]} testId="list-status" />
                  {e.lastError && <FailureReason text={e.lastError} />}
                </Table.Td>
                <Table.Td>{e.attempts}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DateTime value={e.nextAttemptAt} seconds />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {e.receipts.map((r) => (
                      <StateBadge key={r.receiptEnvelopeId} entry={receiptKind[r.kind]} />
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => onEnvelope(e.id)}
                      aria-label={t('federation.list.detailsOf', { id: e.id })}
                    >
                      {t('federation.deliveries.details')}
                    </Button>
                    {e.status === 'failed' && can('federation.manage') && (
                      <Button
                        size="compact-sm"
                        loading={retry.isPending && retry.variables === e.id}
                        onClick={() => retry.mutate(e.id)}
                        aria-label={t('federation.list.retryOf', { id: e.id })}
                      >
                        {t('federation.deliveries.retry')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {envelopes.hasNextPage && (
        <Button
          mt="sm"
          variant="default"
          loading={envelopes.isFetchingNextPage}
          onClick={() => void envelopes.fetchNextPage()}
        >
          {t('federation.list.more')}
        </Button>
      )}
    </section>
  );
}

/** Still on its way, or done less than a minute ago (its receipts may still come). */
const worthFollowing = (e: EnvelopeT | undefined) =>
  e?.status === 'pending' ||
  e?.status === 'waiting' ||
  (e?.completedAt != null && Date.now() - new Date(e.completedAt).getTime() < 60_000);

/** One envelope in or out by id: its state, the last answer, and its receipts (never the payload). */
function EnvelopeLookup({
  envelopeId,
  onEnvelope,
  partnerName,
}: {
  envelopeId: string;
  onEnvelope: (id: string) => void;
  partnerName: (nodeId: string) => string;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(envelopeId);
  useEffect(() => setTyped(envelopeId), [envelopeId]);
  const envelope = useQuery({
    queryKey: federationKeys.envelope(envelopeId),
    queryFn: ({ signal }) => federationApi.envelope(envelopeId, signal),
    enabled: envelopeId !== '',
    // Follow an envelope on its way, and its receipts for a while after.
    refetchInterval: (q) => (worthFollowing(q.state.data?.data) ? 2_000 : false),
  });
  const e = envelope.data?.data;
  // The totals above follow the envelope's state changes.
  const queryClient = useQueryClient();
  const state = e ? `${e.id}:${e.status}:${e.receipts.length}` : '';
  useEffect(() => {
    if (state) void queryClient.invalidateQueries({ queryKey: federationKeys.status });
  }, [state, queryClient]);
  return (
    <section aria-labelledby="envelope-lookup">
      <Title order={3} size="h4" id="envelope-lookup" mb={4}>
        {t('federation.envelope.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('federation.envelope.intro')}
      </Text>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          onEnvelope(typed.trim());
        }}
      >
        <Group align="flex-end" gap="xs" mb="md">
          <TextInput
            label={t('federation.envelope.id')}
            value={typed}
            onChange={(ev) => setTyped(ev.currentTarget.value)}
            w={380}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Button type="submit" variant="default">
            {t('federation.envelope.show')}
          </Button>
        </Group>
      </form>
      {envelope.isError && <ProblemAlert error={envelope.error} />}
      {e && (
        <Card withBorder padding="md" data-testid="envelope-detail">
          <Group gap="xs" mb="sm">
            <Badge size="sm" variant="outline" color="gray">
              {e.direction === 'out' ? t('federation.envelope.out') : t('federation.envelope.in')}
            </Badge>
            <StateBadge entry={envelopeStatus[e.status]} variant="filled" testId="envelope-status" />
            <Code>{e.type}</Code>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" mb="md">
            <Field label={t('federation.envelope.partner')}>{partnerName(e.partnerNodeId)}</Field>
            <Field label={t('federation.envelope.conversation')}>
              <Text span size="sm" className="comity-mono">
                {e.conversationId} #{e.sequence}
              </Text>
            </Field>
            <Field label={t('federation.envelope.created')}>
              <DateTime value={e.createdAt} seconds />
            </Field>
            <Field label={t('federation.envelope.attempts')}>{e.attempts}</Field>
            <Field label={t('federation.envelope.nextAttempt')}>
              <DateTime value={e.nextAttemptAt} seconds />
            </Field>
            <Field label={t('federation.envelope.completed')}>
              <DateTime value={e.completedAt} seconds />
            </Field>
            {(e.lastStatus !== null || e.lastError) && (
              <Field label={t('federation.envelope.answer')}>
                {e.lastStatus !== null && (
                  <Badge size="sm" color="gray" variant="outline" mb={2}>
                    HTTP {e.lastStatus}
                  </Badge>
                )}
                {e.lastError && <FailureReason text={e.lastError} />}
              </Field>
            )}
          </SimpleGrid>
          <Table withTableBorder data-testid="receipts">
            <Table.Caption>{t('federation.envelope.receipts', { n: e.receipts.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('federation.envelope.receipt')}</Table.Th>
                <Table.Th scope="col">{t('federation.envelope.at')}</Table.Th>
                <Table.Th scope="col">{t('federation.envelope.from')}</Table.Th>
                <Table.Th scope="col">{t('federation.envelope.digest')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.receipts.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text size="sm" c="dimmed">
                      {t('federation.envelope.noReceipts')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {e.receipts.map((r) => (
                <Table.Tr key={r.receiptEnvelopeId}>
                  <Table.Td>
                    <StateBadge entry={receiptKind[r.kind]} />
                    {r.problem && (
                      <Text size="xs" mt={2}>
                        <Code>{r.problem.code}</Code> {r.problem.detail}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={r.at} seconds />
                  </Table.Td>
                  <Table.Td>
                    {r.direction === 'received'
                      ? t('federation.envelope.fromPartner')
                      : t('federation.envelope.fromUs')}
                  </Table.Td>
                  <Table.Td>
                    {r.direction === 'received'
                      ? r.digestMatches
                        ? t('federation.envelope.digestOk')
                        : t('federation.envelope.digestBad')
                      : t('common.none')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </section>
  );
}

/**
 * The partner's answer as the delivery worker recorded it: "403 federation-unknown-partner: detail"
 * for a problem answer (shown with the problem's translated title), else the raw text (network errors).
 */
function FailureReason({ text }: { text: string }) {
  const { t } = useTranslation();
  const m = /^(\d{3}) ([a-z0-9-]+)(?:: ([\s\S]*))?$/.exec(text);
  if (!m) {
    return (
      <Text size="xs" className="comity-prewrap" data-testid="failure-reason">
        {text}
      </Text>
    );
  }
  const [, , code, detail] = m;
  return (
    <div data-testid="failure-reason">
      <Text size="sm" fw={600}>
        {t(`problems.${code}`, { defaultValue: code })}
      </Text>
      <Text size="xs" className="comity-prewrap">
        <Code>{code}</Code>
        {detail ? ` ${detail}` : ''}
      </Text>
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
