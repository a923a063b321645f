import { Anchor, Badge, Button, Group, Switch, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePermission } from '../../api/queries.ts';
import { ClassificationBadge } from '../../ui/ClassificationBadge.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { useNames } from '../legal/names.ts';
import { useBackState } from './back-link.ts';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { requestKeys, requestsApi } from './requests.api.ts';

/** Requests of my agency (or only mine), newest first. */
export function RequestsPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const backState = useBackState();
  const mine = params.get('mine') === 'true';
  const list = useQuery({
    queryKey: requestKeys.list(mine),
    queryFn: ({ signal }) => requestsApi.list(mine, signal),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('requests.title')}
        description={t('requests.intro')}
        actions={
          can('request.draft') && (
            <Button component={Link} to="/requests/new">
              {t('requests.new')}
            </Button>
          )
        }
      />
      <Group mb="sm">
        <Switch
          label={t('requests.onlyMine')}
          checked={mine}
          onChange={(e) => setParams(e.currentTarget.checked ? { mine: 'true' } : {}, { replace: true })}
        />
      </Group>
      <div className="comity-table-wrap">
        <Table striped highlightOnHover stickyHeader withTableBorder>
          <Table.Caption>{t('requests.caption', { n: items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('requests.request')}</Table.Th>
              <Table.Th scope="col">{t('requests.kindAndBasis')}</Table.Th>
              <Table.Th scope="col">{t('requests.states')}</Table.Th>
              <Table.Th scope="col">{t('requests.status')}</Table.Th>
              <Table.Th scope="col">{t('draft.field.classification')}</Table.Th>
              <Table.Th scope="col">{t('common.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState query={list} columns={6} empty={t('requests.empty')} />
            {items.map(({ data: r }) => (
              <Table.Tr key={r.id} data-testid={`request-row-${r.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/requests/${r.id}`} state={backState} fw={600} size="sm">
                    {r.title ?? t('draft.untitled')}
                  </Anchor>
                  <Group gap={4}>
                    {r.reference && (
                      <Text size="xs" c="dimmed" className="comity-mono">
                        {r.reference}
                      </Text>
                    )}
                    {r.urgent && (
                      <Badge size="xs" color="red" variant="light">
                        {t('draft.urgent')}
                      </Badge>
                    )}
                    {r.exercise && (
                      <Badge size="xs" color="yellow">
                        {t('common.exercise')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {names.kind(r.kind)}
                  {r.instrumentId && names.instrument(r.instrumentId) !== names.kind(r.kind) && (
                    <Text size="xs" c="dimmed">
                      {names.instrument(r.instrumentId)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {r.requestingState ?? '?'} → {r.requestedState ?? '?'}
                </Table.Td>
                <Table.Td>
                  <RequestStatusBadge status={r.status} />
                </Table.Td>
                <Table.Td>
                  <ClassificationBadge level={r.classification} />
                </Table.Td>
                <Table.Td>
                  <DateTime value={r.updatedAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
