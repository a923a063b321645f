import { Badge, Button, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../api/queries.ts';
import { EmptyRow } from '../../ui/TableState.tsx';
import {
  EnvelopeIdentityCells,
  EnvelopeIdentityHeaders,
  FailureReason,
  RetryOutcome,
  useEnvelopeRetry,
} from './envelope-parts.tsx';
import { type FederationStatusT, federationKeys } from './federation.api.ts';

/** Envelopes the partner refused for good (4xx): the answer, and Retry once the cause is fixed. */
export function FailedDeliveries({
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
  const retry = useEnvelopeRetry(federationKeys.status);
  const failed = status.failedDeliveries;
  return (
    <section aria-labelledby="failed-deliveries">
      <Title order={3} size="h4" id="failed-deliveries" mb={4}>
        {t('federation.deliveries.failedTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('federation.deliveries.failedIntro')}
      </Text>
      <RetryOutcome retry={retry} testId="retry-queued" onFollow={onEnvelope} />
      <div className="comity-table-wrap">
        <Table withTableBorder striped data-testid="failed-deliveries">
          <Table.Thead>
            <Table.Tr>
              <EnvelopeIdentityHeaders />
              <Table.Th scope="col">{t('federation.envelope.answer')}</Table.Th>
              <Table.Th scope="col">{t('federation.envelope.attempts')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failed.length === 0 && <EmptyRow columns={7} text={t('federation.deliveries.noFailures')} />}
            {failed.map((e) => (
              <Table.Tr key={e.id} data-testid={`failed-${e.id}`}>
                <EnvelopeIdentityCells envelope={e} partnerName={partnerName} />
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
