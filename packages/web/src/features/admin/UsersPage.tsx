import { Badge, Button, Group, Menu, Select, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../api/queries.ts';
import { ClassificationBadge } from '../../ui/ClassificationBadge.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { adminApi, adminKeys, type UserRow } from './admin.api.ts';
import { UserFormModal } from './UserFormModal.tsx';

type Action = 'lock' | 'unlock' | 'reset-mfa';
const statusColour = { active: 'green', locked: 'red', disabled: 'gray' } as const;

/** Users of the agencies the administrator may see: roles, clearance, languages, lock, reset MFA. */
export function UsersPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const queryClient = useQueryClient();
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const filter = { agencyId: agencyId ?? undefined, q: debouncedQ || undefined };
  const users = useQuery({
    queryKey: adminKeys.users(filter),
    queryFn: ({ signal }) => adminApi.users(filter, signal),
    placeholderData: keepPreviousData, // no flash of "loading" while the user types a search
  });
  const agencies = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: ({ signal }) => adminApi.agencies(signal),
    enabled: can('agency.read'),
  });
  const agencyName = new Map(
    (agencies.data?.items ?? []).map((a) => [a.data.id, a.data.shortName ?? a.data.name]),
  );
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [confirm, setConfirm] = useState<{ user: UserRow; action: Action } | null>(null);

  const act = useMutation({
    mutationFn: ({ user, action }: { user: UserRow; action: Action }) =>
      adminApi.userAction(user.data.id, action),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      setConfirm(null);
    },
  });
  // Agencies the server says a user may be created in.
  const creatable = (agencies.data?.items ?? []).filter((a) => a.policies.createUser);
  const canCreate = can('user.manage') && creatable.length > 0;
  const items = users.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.intro')}
        actions={canCreate && <Button onClick={() => setCreating(true)}>{t('users.new')}</Button>}
      />
      <Group mb="sm" gap="sm" align="flex-end">
        <TextInput
          label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
          type="search"
        />
        {agencies.data && (
          <Select
            label={t('fields.agency')}
            placeholder={t('users.allAgencies')}
            clearable
            searchable
            data={agencies.data.items.map((a) => ({ value: a.data.id, label: a.data.name }))}
            value={agencyId}
            onChange={setAgencyId}
            w={300}
            nothingFoundMessage={t('common.nothingFound')}
          />
        )}
      </Group>
      <div className="comity-table-wrap">
        <Table striped highlightOnHover stickyHeader withTableBorder>
          <Table.Caption>{t('users.caption', { n: items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fields.displayName')}</Table.Th>
              <Table.Th scope="col">{t('fields.agency')}</Table.Th>
              <Table.Th scope="col">{t('fields.roles')}</Table.Th>
              <Table.Th scope="col">{t('fields.clearance')}</Table.Th>
              <Table.Th scope="col">{t('fields.languages')}</Table.Th>
              <Table.Th scope="col">{t('fields.status')}</Table.Th>
              <Table.Th scope="col">{t('users.mfa')}</Table.Th>
              <Table.Th scope="col">{t('users.lastSignIn')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState query={users} columns={9} empty={t('users.empty')} />
            {items.map((row) => {
              const u = row.data;
              const p = row.policies;
              const anyAction = p.update || p.lock || p.unlock || p.resetMfa;
              return (
                <Table.Tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {u.displayName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{agencyName.get(u.agencyId) ?? ''}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.roles.map((r) => (
                        <Badge key={r} size="xs" variant="light">
                          {t(`roles.${r}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <ClassificationBadge level={u.clearance} />
                  </Table.Td>
                  <Table.Td>{u.languages.join(', ')}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={statusColour[u.status]} variant="light">
                      {t(`userStatus.${u.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{u.mfaEnrolled ? t('common.yes') : t('common.no')}</Table.Td>
                  <Table.Td>
                    <DateTime value={u.lastLoginAt} />
                  </Table.Td>
                  <Table.Td ta="right">
                    {anyAction && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={t('users.actionsFor', { name: u.displayName })}
                          >
                            {t('common.actions')}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {p.update && (
                            <Menu.Item onClick={() => setEditing(row)}>{t('common.edit')}</Menu.Item>
                          )}
                          {p.lock && u.status !== 'locked' && (
                            <Menu.Item onClick={() => setConfirm({ user: row, action: 'lock' })}>
                              {t('users.lock')}
                            </Menu.Item>
                          )}
                          {p.unlock && u.status === 'locked' && (
                            <Menu.Item onClick={() => setConfirm({ user: row, action: 'unlock' })}>
                              {t('users.unlock')}
                            </Menu.Item>
                          )}
                          {p.resetMfa && u.mfaEnrolled && (
                            <Menu.Item onClick={() => setConfirm({ user: row, action: 'reset-mfa' })}>
                              {t('users.resetMfa')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
      {creating && <UserFormModal agencies={creatable} onClose={() => setCreating(false)} />}
      {editing && <UserFormModal user={editing} agencies={[]} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        opened={confirm !== null}
        title={confirm ? t(`users.confirm.${confirm.action}.title`) : ''}
        confirmLabel={confirm ? t(`users.confirm.${confirm.action}.button`) : ''}
        danger
        pending={act.isPending}
        error={act.isError ? act.error : null}
        onClose={() => {
          setConfirm(null);
          act.reset();
        }}
        onConfirm={() => confirm && act.mutate(confirm)}
      >
        {confirm ? t(`users.confirm.${confirm.action}.body`, { name: confirm.user.data.displayName }) : ''}
      </ConfirmDialog>
    </>
  );
}
