import { Anchor, Button, Group, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DateTime } from '../../ui/DateTime.tsx';
import { LabelBadges } from '../../ui/LabelBadges.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { KIND_KEY, messagingApi, messagingKeys, type ThreadRow, useAgencyNames } from './messaging.api.ts';
import { PermissionRequestsTable } from './PermissionRequests.tsx';
import { useLiveEvents } from './useLiveEvents.ts';

/** Threads as a table (all of my agency's, or those of one request). */
export function ThreadsTable({
  query,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: { items: ThreadRow[] } | undefined;
    refetch: () => unknown;
  };
}) {
  const { t } = useTranslation();
  const names = useAgencyNames();
  const items = query.data?.items ?? [];
  return (
    <div className="comity-table-wrap">
      <Table withTableBorder striped highlightOnHover fz="sm" data-testid="threads">
        <Table.Caption>{t('messaging.threadsCaption', { n: items.length })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('messaging.subject')}</Table.Th>
            <Table.Th scope="col">{t('messaging.participantsHeader')}</Table.Th>
            <Table.Th scope="col">{t('messaging.labelsHeader')}</Table.Th>
            <Table.Th scope="col">{t('common.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <TableState query={query} columns={4} empty={t('messaging.noThreads')} />
          {items.map(({ data: th, labels }) => (
            <Table.Tr key={th.id}>
              <Table.Td>
                <Anchor component={Link} to={`/messages/${th.id}`} size="sm" fw={600}>
                  {th.subject}
                </Anchor>
              </Table.Td>
              <Table.Td>{th.participants.map((p) => names.name(p)).join(', ')}</Table.Td>
              <Table.Td>
                <LabelBadges labels={labels} agencyName={names.name} size="xs" />
              </Table.Td>
              <Table.Td>
                <DateTime value={th.updatedAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Search() {
  const { t } = useTranslation();
  const names = useAgencyNames();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const results = useQuery({
    queryKey: messagingKeys.search(q),
    queryFn: ({ signal }) => messagingApi.search(q, signal),
    enabled: q.length > 0,
  });
  const items = results.data?.items ?? [];
  return (
    <Stack gap="sm">
      <form
        aria-label={t('messaging.searchLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          const v = text.trim();
          setParams(v ? { tab: 'search', q: v } : { tab: 'search' }, { replace: true });
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            label={t('messaging.searchLabel')}
            description={t('messaging.searchHelp')}
            value={text}
            maxLength={300}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit">{t('messaging.searchButton')}</Button>
        </Group>
      </form>
      {q && (
        <div className="comity-table-wrap">
          <Table withTableBorder striped fz="sm" data-testid="search-results">
            <Table.Caption>{t('messaging.searchCaption', { n: items.length, q })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('messaging.body')}</Table.Th>
                <Table.Th scope="col">{t('messaging.author')}</Table.Th>
                <Table.Th scope="col">{t('messaging.labelsHeader')}</Table.Th>
                <Table.Th scope="col">{t('common.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState query={results} columns={4} empty={t('messaging.noResults')} />
              {items.map(({ data: m, labels }) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/messages/${m.threadId}#m-${m.id}`} size="sm">
                      {m.body.length > 140 ? `${m.body.slice(0, 140)}…` : m.body}
                    </Anchor>
                    {m.kind !== 'text' && (
                      <Text size="xs" c="dimmed">
                        {t(KIND_KEY[m.kind])}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{names.name(m.authorAgencyId)}</Table.Td>
                  <Table.Td>
                    <LabelBadges labels={labels} agencyName={names.name} size="xs" />
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={m.createdAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

const TABS = ['threads', 'search', 'permissions'] as const;

/** /messages — my agency's threads, search over messages, permission requests. */
export function MessagesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') ?? '';
  const tab = (TABS as readonly string[]).includes(asked) ? asked : 'threads';
  const threads = useQuery({
    queryKey: messagingKeys.threads({}),
    queryFn: ({ signal }) => messagingApi.threads({}, signal),
  });
  useLiveEvents(['message', 'thread', 'permission-request'], [messagingKeys.all, messagingKeys.permissions]);
  return (
    <>
      <PageHeader title={t('messaging.title')} description={t('messaging.intro')} />
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="threads">{t('messaging.tabThreads')}</Tabs.Tab>
          <Tabs.Tab value="search">{t('messaging.tabSearch')}</Tabs.Tab>
          <Tabs.Tab value="permissions">{t('messaging.tabPermissions')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="threads" pt="md">
          <ThreadsTable query={threads} />
        </Tabs.Panel>
        <Tabs.Panel value="search" pt="md">
          <Search />
        </Tabs.Panel>
        <Tabs.Panel value="permissions" pt="md">
          <PermissionRequestsTable />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
