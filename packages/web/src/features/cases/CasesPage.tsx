import { CreateCase } from '@comity/contracts';
import { Badge, Button, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { usePermission } from '../../api/queries.ts';
import { ClassificationBadge, clearanceOptions } from '../../ui/ClassificationBadge.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { casesApi } from './cases.api.ts';

export function CasesPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const [opened, { open, close }] = useDisclosure(false);
  const cases = useQuery({ queryKey: ['cases'], queryFn: ({ signal }) => casesApi.list(signal) });
  const items = cases.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('cases.title')}
        description={t('cases.intro')}
        actions={can('case.create') && <Button onClick={open}>{t('cases.new')}</Button>}
      />
      <div className="comity-table-wrap">
        <Table striped highlightOnHover stickyHeader withTableBorder>
          <Table.Caption>{t('cases.caption', { n: items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('cases.reference')}</Table.Th>
              <Table.Th scope="col">{t('cases.caseTitle')}</Table.Th>
              <Table.Th scope="col">{t('cases.classification')}</Table.Th>
              <Table.Th scope="col">{t('cases.status')}</Table.Th>
              <Table.Th scope="col">{t('common.created')}</Table.Th>
              <Table.Th scope="col">{t('common.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState query={cases} columns={6} empty={t('cases.empty')} />
            {items.map(({ data: c }) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Text size="sm" fw={600} className="comity-mono">
                    {c.reference}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {c.title}{' '}
                  {c.exercise && (
                    <Badge size="xs" color="yellow">
                      {t('common.exercise')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <ClassificationBadge level={c.classification} />
                </Table.Td>
                <Table.Td>{t(`caseStatus.${c.status}`)}</Table.Td>
                <Table.Td>
                  <DateTime value={c.createdAt} />
                </Table.Td>
                <Table.Td>
                  <DateTime value={c.updatedAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Modal
        closeButtonProps={{ 'aria-label': t('common.close') }}
        opened={opened}
        onClose={close}
        title={t('cases.new')}
      >
        <NewCaseForm onDone={close} />
      </Modal>
    </>
  );
}

function NewCaseForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm(CreateCase, { reference: '', title: '', classification: 0 });
  const create = useMutation({
    mutationFn: casesApi.create,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      onDone();
    },
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  return (
    <form onSubmit={form.submit((d) => create.mutate(d))} noValidate>
      <Stack gap="sm">
        <TextInput label={t('cases.reference')} required data-autofocus {...form.text('reference')} />
        <TextInput label={t('cases.caseTitle')} required {...form.text('title')} />
        <Select
          label={t('cases.classification')}
          data={clearanceOptions(t)}
          allowDeselect={false}
          value={String(form.values.classification ?? 0)}
          onChange={(v) => form.setValue('classification', Number(v ?? 0))}
        />
        {create.isError && <ProblemAlert error={create.error} />}
        <Button type="submit" loading={create.isPending}>
          {t('common.create')}
        </Button>
      </Stack>
    </form>
  );
}
