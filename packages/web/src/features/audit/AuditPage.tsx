import { Anchor, Badge, Button, Group, Table, Tabs, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePermission } from '../../api/queries.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { AuditFilterForm } from './AuditFilterForm.tsx';
import { type AuditFilters, auditApi, auditKeys, filterNames } from './audit.api.ts';
import { IntegrityPanel } from './IntegrityPanel.tsx';
import { useDirectoryNames } from './useDirectoryNames.ts';

export const outcomeColour = { success: 'green', denied: 'orange', failure: 'red' } as const;

export const shortId = (id: string | null) => (id ? id.slice(0, 8) : '');

/** The audit trail for auditors and DPOs: filter, page back in time, export, verify the log. */
export function AuditPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'integrity' ? 'integrity' : 'events';
  const filters: AuditFilters = {};
  for (const name of filterNames) {
    const value = params.get(name);
    if (value) (filters as Record<string, string>)[name] = value;
  }

  const { users, agencies, userName, agencyName } = useDirectoryNames();

  const events = useInfiniteQuery({
    queryKey: auditKeys.events(filters),
    queryFn: ({ pageParam, signal }) => auditApi.events(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (f: AuditFilters) => {
    const next = new URLSearchParams();
    for (const name of filterNames) if (f[name]) next.set(name, String(f[name]));
    setParams(next);
  };

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.intro')} />
      <Tabs
        value={tab}
        onChange={(v) => {
          const next = new URLSearchParams(params);
          if (v === 'integrity') next.set('tab', 'integrity');
          else next.delete('tab');
          setParams(next);
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="events">{t('audit.tabEvents')}</Tabs.Tab>
          <Tabs.Tab value="integrity">{t('audit.tabIntegrity')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="events">
          <AuditFilterForm
            key={params.toString()}
            initial={filters}
            users={users.data?.items.map((u) => ({
              value: u.data.id,
              label: `${u.data.displayName} (${u.data.email})`,
            }))}
            agencies={agencies.data?.items.map((a) => ({ value: a.data.id, label: a.data.name }))}
            onApply={apply}
          />
          <Group justify="space-between" mt="md" mb="xs">
            <Text size="sm" c="dimmed" role="status">
              {events.isSuccess && t('audit.shown', { n: items.length })}
            </Text>
            <Button component="a" href={auditApi.csvUrl(filters)} download variant="default" size="xs">
              {t('audit.exportCsv')}
            </Button>
          </Group>
          <div className="comity-table-wrap">
            <Table striped highlightOnHover stickyHeader withTableBorder data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('audit.time')}</Table.Th>
                  <Table.Th scope="col">{t('audit.action')}</Table.Th>
                  <Table.Th scope="col">{t('audit.outcome')}</Table.Th>
                  <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                  <Table.Th scope="col">{t('audit.object')}</Table.Th>
                  <Table.Th scope="col">{t('audit.leaf')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <TableState
                  query={{ ...events, data: events.data ? { items } : undefined }}
                  columns={7}
                  empty={t('audit.empty')}
                />
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <DateTime value={e.occurredAt} seconds />
                    </Table.Td>
                    <Table.Td>
                      <Text span className="comity-mono">
                        {e.action}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={outcomeColour[e.outcome]}>
                        {t(`auditOutcome.${e.outcome}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {e.actorUserId ? (
                        <Tooltip label={e.actorUserId}>
                          <Text span size="sm">
                            {userName.get(e.actorUserId) ?? shortId(e.actorUserId)}
                          </Text>
                        </Tooltip>
                      ) : (
                        <Text span size="sm" c="dimmed">
                          {t('audit.system')}
                        </Text>
                      )}
                      {e.actorAgencyId && (
                        <Text span size="xs" c="dimmed">
                          {' · '}
                          {agencyName.get(e.actorAgencyId) ?? shortId(e.actorAgencyId)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {e.objectType && (
                        <Text span size="sm">
                          {e.objectType}
                          {e.objectId && (
                            <Text span className="comity-mono" title={e.objectId}>
                              {' '}
                              {shortId(e.objectId)}
                            </Text>
                          )}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{e.leafIndex ?? t('audit.pending')}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/audit/events/${e.id}`} size="sm">
                        {t('audit.details')}
                        <VisuallyHidden>{` ${e.action} ${e.occurredAt}`}</VisuallyHidden>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          {events.hasNextPage && (
            <Button
              mt="sm"
              variant="default"
              onClick={() => void events.fetchNextPage()}
              loading={events.isFetchingNextPage}
            >
              {t('audit.older')}
            </Button>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="integrity">
          <IntegrityPanel canVerify={can('audit.verify')} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
