import { MEASURE_IDS, OFFENCE_CATEGORIES } from '@comity/contracts';
import { Checkbox, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CatalogueT, RequestDraftT } from '../../../api/types.ts';
import { clearanceOptions } from '../../../ui/ClassificationBadge.tsx';
import { stateOptions, useNames } from '../../legal/names.ts';
import { FieldFindings } from '../FindingsList.tsx';
import type { StepProps } from './model.ts';

/** The measures asked for, keeping the details already written for those that stay. */
export function withMeasures(draft: RequestDraftT, ids: string[]): RequestDraftT {
  const current = draft.measures ?? [];
  const measures = ids.map(
    (id) => current.find((m) => m.id === id) ?? ({ id } as NonNullable<RequestDraftT['measures']>[number]),
  );
  return { ...draft, measures };
}

export function MeasurePicker({
  draft,
  update,
  catalogue,
  label,
}: Pick<StepProps, 'draft' | 'update'> & { catalogue: CatalogueT | undefined; label: string }) {
  const { t } = useTranslation();
  const names = useNames();
  const available = catalogue?.measures.map((m) => m.id) ?? [...MEASURE_IDS];
  return (
    <MultiSelect
      label={label}
      description={t('draft.measuresHint')}
      data={available.map((id) => ({ value: id, label: names.measure(id) }))}
      value={(draft.measures ?? []).map((m) => m.id)}
      onChange={(ids) => update((d) => withMeasures(d, ids))}
      searchable
      hidePickedOptions
      maxValues={30}
      nothingFoundMessage={t('common.nothingFound')}
      name="measures"
    />
  );
}

/** Step 1: between which states, for what, how urgent. */
export function StepStates({
  draft,
  update,
  set,
  errors,
  findings,
  catalogue,
}: StepProps & { catalogue: CatalogueT | undefined }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const states = catalogue?.states.map((s) => s.code) ?? [];
  const category = draft.offences?.[0]?.category ?? null;
  return (
    <Stack gap="md" maw={900}>
      <Text size="sm">{t('draft.statesIntro')}</Text>
      <TextInput
        label={t('draft.field.title')}
        description={t('draft.titleHint')}
        value={draft.title ?? ''}
        onChange={(e) => set('title', e.currentTarget.value)}
        error={errors.get('title')}
        maxLength={200}
        name="title"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('draft.field.requestingState')}
          description={t('draft.requestingHint')}
          required
          searchable
          data={stateOptions(states, names, i18n.language)}
          value={draft.requestingState ?? null}
          onChange={(v) => set('requestingState', v ?? undefined)}
          error={errors.get('requestingState')}
          nothingFoundMessage={t('common.nothingFound')}
          name="requestingState"
        />
        <Select
          label={t('draft.field.requestedState')}
          description={
            <>
              {t('draft.requestedHint')}
              <FieldFindings findings={findings} path="requestedState" />
            </>
          }
          required
          searchable
          data={stateOptions(states, names, i18n.language)}
          value={draft.requestedState ?? null}
          onChange={(v) => set('requestedState', v ?? undefined)}
          error={errors.get('requestedState')}
          nothingFoundMessage={t('common.nothingFound')}
          name="requestedState"
        />
      </SimpleGrid>
      <MeasurePicker
        draft={draft}
        update={update}
        catalogue={catalogue}
        label={t('draft.section.measures')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('draft.offence.category')}
          description={t('draft.categoryHint')}
          clearable
          searchable
          data={OFFENCE_CATEGORIES.map((c) => ({ value: c, label: names.offence(c) }))}
          value={category}
          onChange={(v) =>
            update((d) => {
              const offences = [...(d.offences ?? [])];
              offences[0] = { ...(offences[0] ?? {}), category: v ?? undefined };
              return { ...d, offences };
            })
          }
          nothingFoundMessage={t('common.nothingFound')}
          name="offences.0.category"
        />
        <Select
          label={t('draft.field.classification')}
          data={clearanceOptions(t)}
          allowDeselect={false}
          value={String(draft.classification ?? 0)}
          onChange={(v) => set('classification', Number(v ?? 0))}
          name="classification"
        />
      </SimpleGrid>
      <Checkbox
        label={t('draft.field.urgent')}
        description={t('draft.urgentHint')}
        checked={draft.urgency?.urgent ?? false}
        onChange={(e) => set('urgency.urgent', e.currentTarget.checked)}
        name="urgency.urgent"
      />
    </Stack>
  );
}
