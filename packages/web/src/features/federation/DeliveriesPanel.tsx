import { Alert, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../ui/DateTime.tsx';
import { tone } from './common.tsx';
import { EnvelopeList } from './EnvelopeList.tsx';
import { EnvelopeLookup } from './EnvelopeLookup.tsx';
import { FailedDeliveries } from './FailedDeliveries.tsx';
import type { FederationStatusT } from './federation.api.ts';
import { availability, circuit } from './vocab.ts';

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
