import { Badge, Button, Card, Code, Group, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../ui/DateTime.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { EmptyRow } from '../../ui/TableState.tsx';
import { StateBadge } from './common.tsx';
import { ConversationRef, FailureReason } from './envelope-parts.tsx';
import { type EnvelopeT, federationApi, federationKeys } from './federation.api.ts';
import { envelopeStatus, receiptKind } from './vocab.ts';

/** Still on its way, or done less than a minute ago (its receipts may still come). */
const worthFollowing = (e: EnvelopeT | undefined) =>
  e?.status === 'pending' ||
  e?.status === 'waiting' ||
  (e?.completedAt != null && Date.now() - new Date(e.completedAt).getTime() < 60_000);

/** One envelope in or out by id: its state, the last answer, and its receipts (never the payload). */
export function EnvelopeLookup({
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
              <ConversationRef envelope={e} />
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
              {e.receipts.length === 0 && <EmptyRow columns={4} text={t('federation.envelope.noReceipts')} />}
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
