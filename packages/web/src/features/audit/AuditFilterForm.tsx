import { AuditOutcome, AuditQuery } from '@comity/contracts';
import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { isoToLocalInput, localInputToIso } from '../../ui/local-datetime.ts';
import { useZodForm } from '../../ui/zod-form.ts';
import type { AuditFilters } from './audit.api.ts';

/** The server's query schema for the exact fields, plus the two local date-time inputs. */
const FilterForm = AuditQuery.pick({
  actorUserId: true,
  actorAgencyId: true,
  objectType: true,
  objectId: true,
  action: true,
  outcome: true,
}).extend({
  from: z.string().optional(),
  to: z.string().optional(),
});
type FilterValues = z.input<typeof FilterForm>;

export interface Option {
  value: string;
  label: string;
}

export interface AuditFilterFormProps {
  initial: AuditFilters;
  users: Option[] | undefined;
  agencies: Option[] | undefined;
  onApply: (f: AuditFilters) => void;
}

export function AuditFilterForm({ initial, users, agencies, onApply }: AuditFilterFormProps) {
  const { t } = useTranslation();
  const form = useZodForm(FilterForm, {
    ...initial,
    from: isoToLocalInput(initial.from),
    to: isoToLocalInput(initial.to),
  } as FilterValues);
  const v = form.values;
  const toFilters = (d: z.output<typeof FilterForm>): AuditFilters => ({
    ...d,
    from: localInputToIso(d.from),
    to: localInputToIso(d.to),
  });
  const select = (
    name: 'actorUserId' | 'actorAgencyId',
    label: string,
    options: Option[] | undefined,
    testId: string,
  ) =>
    options ? (
      <Select
        label={label}
        clearable
        searchable
        data={options}
        value={v[name] ?? null}
        onChange={(x) => form.setValue(name, x ?? undefined)}
        nothingFoundMessage={t('common.nothingFound')}
        data-testid={testId}
      />
    ) : (
      <TextInput
        label={label}
        placeholder={t('audit.idPlaceholder')}
        {...form.text(name)}
        data-testid={testId}
      />
    );

  return (
    <form
      onSubmit={form.submit((d) => onApply(toFilters(d)))}
      noValidate
      aria-label={t('audit.filters')}
      data-testid="audit-filters"
    >
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="xs">
        {select('actorUserId', t('audit.actorUser'), users, 'filter-user')}
        {select('actorAgencyId', t('audit.actorAgency'), agencies, 'filter-agency')}
        <TextInput label={t('audit.action')} placeholder="auth.login" {...form.text('action')} />
        <Select
          label={t('audit.outcome')}
          clearable
          data={AuditOutcome.options.map((o) => ({ value: o, label: t(`auditOutcome.${o}`) }))}
          value={v.outcome ?? null}
          onChange={(x) => form.setValue('outcome', (x ?? undefined) as FilterValues['outcome'])}
        />
        <TextInput label={t('audit.objectType')} placeholder="user" {...form.text('objectType')} />
        <TextInput label={t('audit.objectId')} {...form.text('objectId')} />
        <TextInput label={t('audit.from')} type="datetime-local" {...form.text('from')} />
        <TextInput label={t('audit.to')} type="datetime-local" {...form.text('to')} />
      </SimpleGrid>
      <Group mt="sm" gap="xs">
        <Button type="submit">{t('audit.apply')}</Button>
        <Button
          variant="default"
          onClick={() => {
            form.reset({});
            onApply({});
          }}
        >
          {t('audit.clear')}
        </Button>
      </Group>
    </form>
  );
}
