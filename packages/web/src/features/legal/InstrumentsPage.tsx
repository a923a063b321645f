import { INSTRUMENT_KINDS, INSTRUMENT_SCOPES } from '@comity/contracts';
import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { VerifiedBadge } from '../../ui/Citation.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { useInstruments } from './legal.api.ts';
import { useNames } from './names.ts';
import { isIn } from './vocab.ts';

/** The legal registry: every instrument the advisor and validator apply, with how much of it is verified. */
export function InstrumentsPage() {
  const { t } = useTranslation();
  const names = useNames();
  const list = useInstruments();
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('instruments.title')} description={t('instruments.intro')} />
      <div className="comity-table-wrap">
        <Table striped highlightOnHover stickyHeader withTableBorder>
          <Table.Caption>{t('instruments.caption', { n: items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('instruments.instrument')}</Table.Th>
              <Table.Th scope="col">{t('instruments.kind')}</Table.Th>
              <Table.Th scope="col">{t('instruments.scope')}</Table.Th>
              <Table.Th scope="col">{t('instruments.parties')}</Table.Th>
              <Table.Th scope="col">{t('instruments.measures')}</Table.Th>
              <Table.Th scope="col">{t('instruments.rules')}</Table.Th>
              <Table.Th scope="col">{t('instruments.version')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState query={list} columns={7} empty={t('instruments.empty')} />
            {items.map((i) => (
              <Table.Tr key={i.id} data-testid={`instrument-row-${i.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/instruments/${i.id}`} fw={600} size="sm">
                    {names.instrument(i.id)}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {i.title}
                  </Text>
                  <Group gap={6}>
                    <Text size="xs" c="dimmed">
                      {i.citation}
                    </Text>
                    <VerifiedBadge verified={i.verified} />
                  </Group>
                </Table.Td>
                <Table.Td>{isIn(INSTRUMENT_KINDS, i.kind) ? t(`instrumentKind.${i.kind}`) : i.kind}</Table.Td>
                <Table.Td>
                  {isIn(INSTRUMENT_SCOPES, i.scope) ? t(`instrumentScope.${i.scope}`) : i.scope}
                </Table.Td>
                <Table.Td>{i.parties.length}</Table.Td>
                <Table.Td>{i.measures.length}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Badge size="sm" variant="light" color="green">
                      {t('instruments.verifiedN', { n: i.rules.verified })}
                    </Badge>
                    <Badge size="sm" variant="light" color="orange">
                      {t('instruments.unverifiedN', { n: i.rules.unverified })}
                    </Badge>
                  </Group>
                </Table.Td>
                <Table.Td>
                  {i.version}
                  <Text size="xs" c="dimmed">
                    <DateTime value={i.updatedAt} mode="date" />
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
