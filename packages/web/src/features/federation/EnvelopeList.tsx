import {
  Button,
  Group,
  SegmentedControl,
  Select,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../api/queries.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { EmptyRow } from '../../ui/TableState.tsx';
import { StateBadge } from './common.tsx';
import {
  EnvelopeIdentityCells,
  EnvelopeIdentityHeaders,
  FailureReason,
  RetryOutcome,
  useEnvelopeRetry,
} from './envelope-parts.tsx';
import {
  type EnvelopeFilter,
  type FederationStatusT,
  federationApi,
  federationKeys,
} from './federation.api.ts';
import { envelopeFilters, envelopeStatus, receiptKind } from './vocab.ts';

/**
 * Every envelope in or out, newest first, filtered by partner, state and type, in pages: failed
 * incoming envelopes (a handler that gave up) are offered for Retry here, as are refused outgoing ones.
 */
export function EnvelopeList({
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
  const retry = useEnvelopeRetry(federationKeys.all);
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
      <RetryOutcome retry={retry} testId="list-retry-queued" />
      <div className="comity-table-wrap">
        <Table withTableBorder striped data-testid="envelope-list">
          <Table.Thead>
            <Table.Tr>
              <EnvelopeIdentityHeaders />
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
              <EmptyRow columns={9} text={t('federation.list.empty')} />
            )}
            {items.map((e) => (
              <Table.Tr key={e.id} data-testid={`envelope-${e.id}`}>
                <EnvelopeIdentityCells envelope={e} partnerName={partnerName} />
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
