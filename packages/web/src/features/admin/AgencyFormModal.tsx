import { AgencyKind, agencyKinds, CreateAgency, UpdateAgency } from '@comity/contracts';
import { Button, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { useMe } from '../../api/queries.ts';
import type { JurisdictionT } from '../../api/types.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { type AgencyRow, adminApi, adminKeys, ofWorld } from './admin.api.ts';

export interface AgencyFormModalProps {
  /** Absent: create a new agency. */
  agency?: AgencyRow;
  agencies: AgencyRow[];
  jurisdictions: JurisdictionT[];
  onClose: () => void;
}

/** Create or edit an agency; validated with the contract schemas as the user types. */
export function AgencyFormModal({ agency, agencies, jurisdictions, onClose }: AgencyFormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={agency ? t('agencies.edit') : t('agencies.new')}
    >
      {agency ? (
        <EditAgencyForm agency={agency} agencies={agencies} onDone={onClose} />
      ) : (
        <CreateAgencyForm agencies={agencies} jurisdictions={jurisdictions} onDone={onClose} />
      )}
    </Modal>
  );
}

function useSaved(onDone: () => void) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: adminKeys.agencies });
    onDone();
  };
}

/**
 * Agencies an agency may sit under: of its state and of its world (exercise or operational; the
 * server refuses a tree that mixes them). `world` unknown: none yet.
 */
const parentOptions = (
  agencies: AgencyRow[],
  jurisdiction: string | undefined,
  world: boolean | undefined,
  exclude?: string,
) =>
  ofWorld(agencies, world)
    .filter((a) => a.data.jurisdiction === jurisdiction && a.data.id !== exclude)
    .map((a) => ({ value: a.data.id, label: a.data.name }))
    .sort((a, b) => a.label.localeCompare(b.label));

function CreateAgencyForm({
  agencies,
  jurisdictions,
  onDone,
}: {
  agencies: AgencyRow[];
  jurisdictions: JurisdictionT[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const saved = useSaved(onDone);
  const form = useZodForm(CreateAgency, {
    name: '',
    shortName: '',
    kind: 'police',
    jurisdiction: jurisdictions[0]?.code ?? '',
    parentId: undefined,
  });
  const create = useMutation({
    mutationFn: adminApi.createAgency,
    onSuccess: saved,
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  return (
    <form onSubmit={form.submit((d) => create.mutate(d))} noValidate>
      <Stack gap="sm">
        <TextInput label={t('fields.agencyName')} required data-autofocus {...form.text('name')} />
        <TextInput label={t('fields.shortName')} {...form.text('shortName')} />
        <Select
          label={t('fields.agencyKind')}
          required
          allowDeselect={false}
          data={agencyKinds.map((k) => ({ value: k, label: t(`agencyKind.${k}`) }))}
          value={form.values.kind}
          onChange={(v) => v && form.setValue('kind', AgencyKind.parse(v))}
          error={form.error('kind')}
        />
        <Select
          label={t('fields.jurisdiction')}
          required
          searchable
          allowDeselect={false}
          data={jurisdictions.map((j) => ({ value: j.code, label: `${j.name} (${j.code})` }))}
          value={form.values.jurisdiction || null}
          onChange={(v) => {
            form.setValue('jurisdiction', v ?? '');
            form.setValue('parentId', undefined);
          }}
          error={form.error('jurisdiction')}
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Select
          label={t('fields.parentAgency')}
          description={t('fields.parentAgencyHint')}
          clearable
          searchable
          // A new agency is of its administrator's world.
          data={parentOptions(agencies, form.values.jurisdiction, me?.agency.exercise)}
          value={form.values.parentId ?? null}
          onChange={(v) => form.setValue('parentId', v ?? undefined)}
          nothingFoundMessage={t('common.nothingFound')}
        />
        {create.isError && <ProblemAlert error={create.error} />}
        <Button type="submit" loading={create.isPending}>
          {t('common.create')}
        </Button>
      </Stack>
    </form>
  );
}

function EditAgencyForm({
  agency,
  agencies,
  onDone,
}: {
  agency: AgencyRow;
  agencies: AgencyRow[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const saved = useSaved(onDone);
  const form = useZodForm(UpdateAgency, {
    name: agency.data.name,
    shortName: agency.data.shortName ?? '',
    parentId: agency.data.parentId,
  });
  const update = useMutation({
    mutationFn: (body: unknown) => adminApi.updateAgency(agency.data.id, body),
    onSuccess: saved,
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  return (
    <form
      onSubmit={form.submit((d) =>
        // A cleared short name is sent as null: "remove it", not "leave it".
        update.mutate({ ...d, shortName: d.shortName ?? null, parentId: d.parentId ?? null }),
      )}
      noValidate
    >
      <Stack gap="sm">
        <TextInput label={t('fields.agencyName')} required data-autofocus {...form.text('name')} />
        <TextInput label={t('fields.shortName')} {...form.text('shortName')} />
        <Select
          label={t('fields.parentAgency')}
          clearable
          searchable
          data={parentOptions(agencies, agency.data.jurisdiction, agency.data.exercise, agency.data.id)}
          value={form.values.parentId ?? null}
          onChange={(v) => form.setValue('parentId', v)}
          nothingFoundMessage={t('common.nothingFound')}
        />
        {update.isError && <ProblemAlert error={update.error} />}
        <Button type="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  );
}
