import { Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../api/queries.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { AgencyFormModal } from './AgencyFormModal.tsx';
import { type AgencyRow, adminApi, adminKeys } from './admin.api.ts';
import { byJurisdiction } from './agency-tree.ts';
import { JurisdictionFormModal } from './JurisdictionFormModal.tsx';

/** Agencies as a tree under each jurisdiction; create and edit where the server allows. */
export function AgenciesPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const jurisdictions = useQuery({
    queryKey: adminKeys.jurisdictions,
    queryFn: ({ signal }) => adminApi.jurisdictions(signal),
    enabled: can('jurisdiction.read'),
  });
  const agencies = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: ({ signal }) => adminApi.agencies(signal),
  });
  const [creating, createModal] = useDisclosure(false);
  const [addingJurisdiction, jurisdictionModal] = useDisclosure(false);
  const [editing, setEditing] = useState<AgencyRow | null>(null);

  const groups = byJurisdiction(agencies.data?.items ?? []);
  const names = new Map((jurisdictions.data?.items ?? []).map((j) => [j.code, j.name]));
  const codes = [...new Set([...names.keys(), ...groups.keys()])].sort((a, b) =>
    (names.get(a) ?? a).localeCompare(names.get(b) ?? b),
  );
  const manage = can('agency.manage');
  const manageJurisdictions = can('jurisdiction.manage');
  const agencyNames = new Map((agencies.data?.items ?? []).map((a) => [a.data.id, a.data.name]));
  const parentName = (row: AgencyRow) => (row.data.parentId ? agencyNames.get(row.data.parentId) : undefined);

  return (
    <>
      <PageHeader
        title={t('agencies.title')}
        description={t('agencies.intro')}
        actions={
          <>
            {manageJurisdictions && (
              <Button variant="default" onClick={jurisdictionModal.open}>
                {t('agencies.newJurisdiction')}
              </Button>
            )}
            {manage && <Button onClick={createModal.open}>{t('agencies.new')}</Button>}
          </>
        }
      />
      {jurisdictions.isError && <ProblemAlert error={jurisdictions.error} />}
      {(agencies.isPending || agencies.isError || codes.length === 0) && (
        <Table>
          <Table.Tbody>
            <TableState query={agencies} columns={1} empty={t('agencies.empty')} />
          </Table.Tbody>
        </Table>
      )}
      <Stack gap="lg">
        {codes.map((code) => {
          const rows = groups.get(code) ?? [];
          const headingId = `jurisdiction-${code}`;
          return (
            <section key={code} aria-labelledby={headingId} data-testid={`jurisdiction-${code}`}>
              <Group gap="xs" mb={4}>
                <Title order={2} size="h4" id={headingId}>
                  {names.get(code) ?? code}
                </Title>
                <Badge variant="outline" color="gray" size="sm">
                  {code}
                </Badge>
              </Group>
              {rows.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('agencies.noneInJurisdiction')}
                </Text>
              ) : (
                <div className="comity-table-wrap">
                  <Table striped highlightOnHover withTableBorder aria-labelledby={headingId}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('fields.agencyName')}</Table.Th>
                        <Table.Th scope="col">{t('fields.shortName')}</Table.Th>
                        <Table.Th scope="col">{t('fields.agencyKind')}</Table.Th>
                        <Table.Th scope="col">{t('common.created')}</Table.Th>
                        <Table.Th scope="col">
                          <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map(({ row, depth }) => (
                        <Table.Tr key={row.data.id}>
                          <Table.Td>
                            <span style={{ paddingInlineStart: depth * 20 }} className="comity-indent">
                              {depth > 0 && (
                                <span aria-hidden="true" style={{ opacity: 0.6 }}>
                                  └{' '}
                                </span>
                              )}
                              {row.data.name}
                              {parentName(row) && (
                                <VisuallyHidden>{` (${t('agencies.under', { name: parentName(row) })})`}</VisuallyHidden>
                              )}
                            </span>{' '}
                            {row.data.exercise && (
                              <Badge size="xs" color="yellow">
                                {t('common.exercise')}
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>{row.data.shortName ?? ''}</Table.Td>
                          <Table.Td>{t(`agencyKind.${row.data.kind}`)}</Table.Td>
                          <Table.Td>
                            <DateTime value={row.data.createdAt} mode="date" />
                          </Table.Td>
                          <Table.Td ta="right">
                            {row.policies.update && (
                              <Button
                                size="compact-xs"
                                variant="default"
                                onClick={() => setEditing(row)}
                                aria-label={t('agencies.editNamed', { name: row.data.name })}
                              >
                                {t('common.edit')}
                              </Button>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
              )}
            </section>
          );
        })}
      </Stack>
      {creating && (
        <AgencyFormModal
          agencies={agencies.data?.items ?? []}
          jurisdictions={jurisdictions.data?.items ?? []}
          onClose={createModal.close}
        />
      )}
      {editing && (
        <AgencyFormModal
          agency={editing}
          agencies={agencies.data?.items ?? []}
          jurisdictions={jurisdictions.data?.items ?? []}
          onClose={() => setEditing(null)}
        />
      )}
      {addingJurisdiction && <JurisdictionFormModal onClose={jurisdictionModal.close} />}
    </>
  );
}
