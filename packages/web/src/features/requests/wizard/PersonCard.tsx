import { COUNTRY_CODES, PERSON_ROLES } from '@comity/contracts';
import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueT, RequestDraftT } from '../../../api/types.ts';
import { stateOptions, useNames } from '../../legal/names.ts';
import { FieldFindings } from '../FindingsList.tsx';
import { Field } from './DraftFields.tsx';
import type { StepProps } from './model.ts';

type Person = NonNullable<RequestDraftT['persons']>[number];

/** Removes a person and keeps the measures pointing at the right ones. */
function withoutPerson(draft: RequestDraftT, index: number): RequestDraftT {
  return {
    ...draft,
    persons: (draft.persons ?? []).filter((_, i) => i !== index),
    measures: (draft.measures ?? []).map((m) => {
      if (m.personIndex === undefined || m.personIndex < index) return m;
      if (m.personIndex === index) {
        const { personIndex: _gone, ...rest } = m;
        return rest;
      }
      return { ...m, personIndex: m.personIndex - 1 };
    }),
  };
}

function Identifiers({ index, person, props }: { index: number; person: Person; props: StepProps }) {
  const { t } = useTranslation();
  const entries = Object.entries(person.identifiers ?? {});
  const [rows, setRows] = useState<[string, string][]>(entries.length > 0 ? entries : []);
  const commit = (next: [string, string][]) => {
    setRows(next);
    const record = Object.fromEntries(next.filter(([k, v]) => k.trim() && v.trim()));
    props.set(`persons.${index}.identifiers`, Object.keys(record).length > 0 ? record : undefined);
  };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('draft.person.identifiers')}
      </Text>
      {rows.map(([key, value], r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <Group key={r} gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('draft.person.identifierType')}
            placeholder={t('draft.person.identifierTypePlaceholder')}
            value={key}
            maxLength={40}
            onChange={(e) => commit(rows.map((x, j) => (j === r ? [e.currentTarget.value, x[1]] : x)))}
            w={180}
          />
          <TextInput
            label={t('draft.person.identifierValue')}
            value={value}
            maxLength={200}
            onChange={(e) => commit(rows.map((x, j) => (j === r ? [x[0], e.currentTarget.value] : x)))}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('draft.person.removeIdentifier')}
            onClick={() => commit(rows.filter((_, j) => j !== r))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="compact-sm" variant="default" onClick={() => setRows([...rows, ['', '']])}>
          {t('draft.person.addIdentifier')}
        </Button>
      </Group>
    </Stack>
  );
}

export function PersonCard({
  index,
  person,
  props,
  catalogue,
}: {
  index: number;
  person: Person;
  props: StepProps;
  catalogue: CatalogueT | undefined;
}) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const { draft, update, set, errors, findings } = props;
  const measures = draft.measures ?? [];
  const personMeasures = catalogue
    ? measures
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => catalogue.measures.find((x) => x.id === m.id)?.needsPerson)
    : measures.map((m, i) => ({ m, i }));
  const headingId = `person-${index}-title`;
  return (
    <Card
      withBorder
      padding="sm"
      component="section"
      aria-labelledby={headingId}
      id={`field-persons.${index}`}
      data-testid={`person-${index}`}
    >
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id={headingId}>
          {t('draft.personN', { n: index + 1 })}
          {person.name ? ` – ${person.name}` : ''}
        </Title>
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          onClick={() => update((d) => withoutPerson(d, index))}
        >
          {t('draft.person.remove')}
        </Button>
      </Group>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('draft.person.role')}
            data={PERSON_ROLES.map((r) => ({ value: r, label: names.role(r) }))}
            value={person.role ?? null}
            onChange={(v) => set(`persons.${index}.role`, v ?? undefined)}
            description={<FieldFindings findings={findings} path={`persons.${index}.role`} />}
            name={`persons.${index}.role`}
            clearable
          />
          <Field
            path={`persons.${index}.name`}
            label={t('draft.person.name')}
            props={props}
            maxLength={300}
          />
          <Field
            path={`persons.${index}.dateOfBirth`}
            label={t('draft.person.dateOfBirth')}
            props={props}
            maxLength={10}
            type="date"
          />
          <Field
            path={`persons.${index}.placeOfBirth`}
            label={t('draft.person.placeOfBirth')}
            props={props}
            maxLength={200}
          />
          <Select
            label={t('draft.person.nationality')}
            description={<FieldFindings findings={findings} path={`persons.${index}.nationality`} />}
            searchable
            clearable
            data={stateOptions(
              person.nationality && !COUNTRY_CODES.includes(person.nationality)
                ? [...COUNTRY_CODES, person.nationality]
                : COUNTRY_CODES,
              names,
              i18n.language,
            )}
            value={person.nationality ?? null}
            onChange={(v) => set(`persons.${index}.nationality`, v ?? undefined)}
            error={errors.get(`persons.${index}.nationality`)}
            nothingFoundMessage={t('common.nothingFound')}
            name={`persons.${index}.nationality`}
          />
          <Field
            path={`persons.${index}.address`}
            label={t('draft.person.address')}
            props={props}
            maxLength={500}
          />
        </SimpleGrid>
        <Field
          path={`persons.${index}.description`}
          label={t('draft.person.description')}
          props={props}
          maxLength={2000}
          multiline
        />
        <Identifiers index={index} person={person} props={props} />
        {personMeasures.length > 0 && (
          <Checkbox.Group
            label={t('draft.person.measures')}
            description={t('draft.person.measuresHint')}
            value={personMeasures.filter(({ m }) => m.personIndex === index).map(({ i }) => String(i))}
            onChange={(values) =>
              update((d) => ({
                ...d,
                measures: (d.measures ?? []).map((m, i) => {
                  if (values.includes(String(i))) return { ...m, personIndex: index };
                  if (m.personIndex === index) {
                    const { personIndex: _gone, ...rest } = m;
                    return rest;
                  }
                  return m;
                }),
              }))
            }
          >
            <Group gap="md" mt={4}>
              {personMeasures.map(({ m, i }) => (
                <Checkbox
                  key={`${m.id}-${i}`}
                  value={String(i)}
                  label={names.measure(m.id)}
                  name={`measures.${i}.personIndex`}
                />
              ))}
            </Group>
          </Checkbox.Group>
        )}
      </Stack>
    </Card>
  );
}
