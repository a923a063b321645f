import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeliveriesT } from '../../../api/types.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { useAgencyNames } from '../../messaging/messaging.api.ts';

/** Messages between the two sides with their e-CODEX receipts (submitted, delivered, retrieved). */
export function DeliveriesTable({ deliveries }: { deliveries: DeliveriesT }) {
  const { t } = useTranslation();
  const names = useAgencyNames();
  return (
    <div className="comity-table-wrap">
      <Table withTableBorder striped fz="sm" data-testid="deliveries">
        <Table.Caption>{t('deliveries.caption', { n: deliveries.items.length })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('deliveries.message')}</Table.Th>
            <Table.Th scope="col">{t('deliveries.direction')}</Table.Th>
            <Table.Th scope="col">{t('deliveries.carrier')}</Table.Th>
            <Table.Th scope="col">{t('deliveries.receipts')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {t(`transitionAction.${d.action}`)}
                </Text>
                {d.contentHash && (
                  <Text size="xs" c="dimmed" className="comity-mono">
                    {t('deliveries.version', { version: d.version ?? '' })} · {d.contentHash}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {d.direction === 'outgoing' ? t('deliveries.outgoing') : t('deliveries.incoming')}
              </Table.Td>
              <Table.Td>
                {d.carrier === 'local'
                  ? t('deliveries.local')
                  : t('deliveries.remote', { node: d.recipientNode ? names.node(d.recipientNode) : '' })}
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  {d.receipts.map((r) => (
                    <Badge key={r.kind} size="sm" variant="light" color="green" tt="none">
                      {t(`receiptKind.${r.kind}`)} <DateTime value={r.at} />
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
