import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InboxItemT } from '../../api/types.ts';
import { RelativeDeadline } from '../../ui/RelativeDeadline.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { DeadlineActionLabel } from '../legal/AdviceView.tsx';
import { useNames } from '../legal/names.ts';
import { useBackState } from '../requests/back-link.ts';
import { RequestStatusBadge } from '../requests/RequestStatusBadge.tsx';

/** Requests in a worklist: reference, state, side, partner, next clock, open tasks, what can be done. */
export function InboxTable({
  query,
  caption,
  empty,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: { items: InboxItemT[] } | undefined;
    refetch: () => unknown;
  };
  caption: string;
  empty: string;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const backState = useBackState();
  const items = query.data?.items ?? [];
  return (
    <div className="comity-table-wrap">
      <Table striped highlightOnHover withTableBorder stickyHeader data-testid="inbox-table">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('inbox.request')}</Table.Th>
            <Table.Th scope="col">{t('requests.status')}</Table.Th>
            <Table.Th scope="col">{t('inbox.partner')}</Table.Th>
            <Table.Th scope="col">{t('inbox.nextDue')}</Table.Th>
            <Table.Th scope="col">{t('inbox.openTasks')}</Table.Th>
            <Table.Th scope="col">{t('inbox.youCan')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <TableState query={query} columns={6} empty={empty} />
          {items.map((i) => (
            <Table.Tr key={i.requestId} data-testid={`inbox-row-${i.reference}`}>
              <Table.Td>
                <Anchor component={Link} to={`/requests/${i.requestId}`} state={backState} fw={600} size="sm">
                  {i.title ?? i.reference}
                </Anchor>
                <Group gap={4}>
                  <Text size="xs" c="dimmed" className="comity-mono">
                    {i.reference}
                  </Text>
                  <Badge size="xs" variant="light" color={i.side === 'requesting' ? 'indigo' : 'grape'}>
                    {i.side === 'requesting' ? t('inbox.outgoing') : t('inbox.incoming')}
                  </Badge>
                  {i.urgent && (
                    <Badge size="xs" color="red" variant="light">
                      {t('draft.urgent')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {names.kind(i.kind)}
                  {i.instrumentId && names.instrument(i.instrumentId) !== names.kind(i.kind)
                    ? ` · ${names.instrument(i.instrumentId)}`
                    : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <RequestStatusBadge status={i.state} />
              </Table.Td>
              <Table.Td>
                {i.partnerAgency?.name ??
                  (i.requestedState ? names.state(i.requestedState) : t('common.none'))}
              </Table.Td>
              <Table.Td>
                {i.nextDue ? (
                  <>
                    <Text size="sm">
                      <DeadlineActionLabel action={i.nextDue.action} />
                    </Text>
                    <Text size="xs">
                      <RelativeDeadline value={i.nextDue.dueAt} />
                    </Text>
                    <Text size="xs" c="dimmed">
                      {i.nextDue.citation}
                    </Text>
                  </>
                ) : (
                  t('common.none')
                )}
              </Table.Td>
              <Table.Td>{i.openTasks}</Table.Td>
              <Table.Td>
                {/* What may be done, as words: the actions themselves are on the request's page. */}
                <Text size="xs">
                  {i.allowedActions.map((a) => t(`transitionAction.${a}`, { defaultValue: a })).join(' · ')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
