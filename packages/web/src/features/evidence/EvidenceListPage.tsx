import { CreateEvidence, requestReference } from '@comity/contracts';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { isProblem } from '../../api/problem.ts';
import { useMe, usePermission } from '../../api/queries.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { LabelBadges } from '../../ui/LabelBadges.tsx';
import { localInputToIso } from '../../ui/local-datetime.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { cleanLabels, LabelsFields } from '../messaging/LabelsFields.tsx';
import { type LabelsInputT, useAgencyNames } from '../messaging/messaging.api.ts';
import { useLiveEvents } from '../messaging/useLiveEvents.ts';
import { requestKeys, requestsApi } from '../requests/requests.api.ts';
import { evidenceApi, evidenceKeys } from './evidence.api.ts';

export function StatusBadge({ status }: { status: 'open' | 'sealed' }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={status === 'sealed' ? 'gray' : 'green'}>
      {status === 'sealed' ? t('evidence.sealed') : t('evidence.open')}
    </Badge>
  );
}

/** /evidence — the items I may see, with their labels. */
export function EvidenceListPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const names = useAgencyNames();
  const me = useMe().data;
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: evidenceKeys.list, queryFn: ({ signal }) => evidenceApi.list(signal) });
  useLiveEvents(['evidence'], [evidenceKeys.list]);
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('evidence.title')}
        description={t('evidence.intro')}
        actions={
          <>
            {can('evidence.export') && (
              <Button component={Link} to="/evidence/export" variant="default">
                {t('exportWizard.open')}
              </Button>
            )}
            {can('evidence.create') && <Button onClick={() => setCreating(true)}>{t('evidence.new')}</Button>}
          </>
        }
      />
      <div className="comity-table-wrap">
        <Table striped highlightOnHover withTableBorder fz="sm" data-testid="evidence-list">
          <Table.Caption>{t('evidence.caption', { n: items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('evidence.exhibit')}</Table.Th>
              <Table.Th scope="col">{t('evidence.description')}</Table.Th>
              <Table.Th scope="col">{t('messaging.labelsHeader')}</Table.Th>
              <Table.Th scope="col">{t('evidence.holder')}</Table.Th>
              <Table.Th scope="col">{t('evidence.files')}</Table.Th>
              <Table.Th scope="col">{t('evidence.status')}</Table.Th>
              <Table.Th scope="col">{t('common.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState query={list} columns={7} empty={t('evidence.empty')} />
            {items.map(({ data: e, labels }) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/evidence/${e.id}`} size="sm" fw={600}>
                    {e.exhibitNumber}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {e.description}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <LabelBadges labels={labels} agencyName={names.name} size="xs" />
                </Table.Td>
                <Table.Td>
                  {names.name(e.agencyId)}
                  {e.agencyId === me?.agency.id && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('evidence.mine')})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{e.files.length}</Table.Td>
                <Table.Td>
                  <StatusBadge status={e.status} />
                </Table.Td>
                <Table.Td>
                  <DateTime value={e.updatedAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('evidence.new')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {creating && <NewEvidenceForm />}
      </Modal>
    </>
  );
}

/**
 * The request an item is seized for (optional): one of the requests the user may read. Linked, it is
 * among those offered when results go back to the requesting authority.
 */
function RequestPicker({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const requests = useQuery({
    queryKey: requestKeys.list(false),
    queryFn: ({ signal }) => requestsApi.list(false, signal),
  });
  const data = (requests.data?.items ?? []).map(({ data: r }) => ({
    value: r.id,
    label: [requestReference(r.id), r.reference, r.title].filter(Boolean).join(' — '),
  }));
  return (
    <Select
      label={t('evidence.request')}
      description={t('evidence.requestHelp')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage={t('common.none')}
    />
  );
}

/** The form's fields: the seizure time as the browser's date-and-time input gives it (local time). */
const NewEvidence = CreateEvidence.extend({ seizedAt: z.string().optional() });

function NewEvidenceForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const names = useAgencyNames();
  const me = useMe().data;
  const [labels, setLabels] = useState<LabelsInputT>({ tlp: 'AMBER', handlingCode: 'H0' });
  const form = useZodForm(NewEvidence, {
    exhibitNumber: '',
    description: '',
    source: '',
    seizedAt: '',
    seizedPlace: '',
    seizedBy: '',
    legalBasis: '',
    labels: { tlp: 'AMBER', handlingCode: 'H0' },
  });
  const create = useMutation({
    mutationFn: evidenceApi.create,
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: evidenceKeys.all });
      navigate(`/evidence/${row.data.id}`);
    },
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  const setAll = (l: LabelsInputT) => {
    setLabels(l);
    form.setValue('labels', cleanLabels(l));
  };
  return (
    <form
      onSubmit={form.submit((d) =>
        create.mutate({ ...d, seizedAt: localInputToIso(d.seizedAt) ?? null, labels: cleanLabels(labels) }),
      )}
      noValidate
    >
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput label={t('evidence.exhibit')} required data-autofocus {...form.text('exhibitNumber')} />
          <TextInput label={t('evidence.source')} required {...form.text('source')} />
        </Group>
        <Textarea
          label={t('evidence.description')}
          required
          autosize
          minRows={2}
          {...form.text('description')}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('evidence.seizedAt')}
            description={t('evidence.seizedAtHelp')}
            type="datetime-local"
            {...form.text('seizedAt')}
          />
          <TextInput label={t('evidence.seizedPlace')} {...form.text('seizedPlace')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label={t('evidence.seizedBy')} {...form.text('seizedBy')} />
          <TextInput label={t('evidence.legalBasis')} {...form.text('legalBasis')} />
        </Group>
        <LabelsFields
          value={labels}
          onChange={setAll}
          withSpeciality
          handlingTextError={form.error('labels')}
        />
        <Select
          label={t('evidence.addRecipient')}
          description={t('evidence.recipientsHelp', {
            names: (labels.recipients ?? []).map((r) => names.name(r)).join(', ') || t('common.none'),
          })}
          data={names.options.filter(
            (o) => o.value !== me?.agency.id && !(labels.recipients ?? []).includes(o.value),
          )}
          value={null}
          searchable
          onChange={(v) => v && setAll({ ...labels, recipients: [...(labels.recipients ?? []), v] })}
        />
        <RequestPicker
          value={form.values.requestId ?? null}
          onChange={(v) => form.setValue('requestId', v)}
        />
        {create.isError && <ProblemAlert error={create.error} />}
        <Button type="submit" loading={create.isPending}>
          {t('common.create')}
        </Button>
      </Stack>
    </form>
  );
}
