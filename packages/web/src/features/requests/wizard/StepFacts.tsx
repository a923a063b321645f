import { OFFENCE_CATEGORIES, PERSON_ROLES, PROCEEDINGS_TYPES } from '@comity/contracts';
import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/queries.ts';
import type { CatalogueT, RequestDraftT } from '../../../api/types.ts';
import { languageOptions } from '../../admin/admin.api.ts';
import { useNames } from '../../legal/names.ts';
import { FieldFindings } from '../FindingsList.tsx';
import { AuthorityPicker, authorityFrom } from './AuthorityPicker.tsx';
import type { StepProps } from './model.ts';
import { useAdvice } from './StepBasis.tsx';

type Person = NonNullable<RequestDraftT['persons']>[number];
type AuthorityKey = 'issuingAuthority' | 'validatingAuthority' | 'requestedAuthority';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`${id}-title`} id={`field-${id}`}>
      <Title order={2} size="h4" mb="sm" id={`${id}-title`}>
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** A text input bound to a draft path, with its schema error and the findings about it. */
function Field({
  path,
  label,
  multiline,
  props,
  maxLength,
  type,
  hint,
}: {
  path: string;
  label: string;
  multiline?: boolean;
  props: StepProps;
  maxLength: number;
  type?: 'email' | 'tel' | 'date';
  hint?: string;
}) {
  const value = path
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], props.draft);
  const description = (
    <>
      {hint}
      <FieldFindings findings={props.findings} path={path} />
    </>
  );
  const common = {
    label,
    name: path,
    value: typeof value === 'string' ? value : '',
    onChange: (e: { currentTarget: { value: string } }) => props.set(path, e.currentTarget.value),
    error: props.errors.get(path),
    maxLength,
    description,
  };
  return multiline ? (
    <Textarea {...common} autosize minRows={2} maxRows={10} />
  ) : (
    <TextInput {...common} type={type} />
  );
}

function AuthorityFields({
  authority,
  props,
  children,
}: {
  authority: AuthorityKey;
  props: StepProps;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {children}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Field
          path={`${authority}.name`}
          label={t('draft.authorityField.name')}
          props={props}
          maxLength={300}
        />
        <Field
          path={`${authority}.reference`}
          label={t('draft.authorityField.reference')}
          props={props}
          maxLength={100}
        />
        <Field
          path={`${authority}.address`}
          label={t('draft.authorityField.address')}
          props={props}
          maxLength={500}
        />
        <Field
          path={`${authority}.phone`}
          label={t('draft.authorityField.phone')}
          props={props}
          maxLength={50}
          type="tel"
        />
        <Field
          path={`${authority}.email`}
          label={t('draft.authorityField.email')}
          props={props}
          maxLength={254}
          type="email"
        />
      </SimpleGrid>
    </Stack>
  );
}

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

function PersonCard({
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
  const { t } = useTranslation();
  const names = useNames();
  const { draft, update, set, errors, findings } = props;
  const measures = draft.measures ?? [];
  const personMeasures = catalogue
    ? measures
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => catalogue.measures.find((x) => x.id === m.id)?.needsPerson)
    : measures.map((m, i) => ({ m, i }));
  const nationality = person.nationality ?? '';
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
          <TextInput
            label={t('draft.person.nationality')}
            description={
              <>
                {/^[A-Z]{2}$/.test(nationality)
                  ? names.state(nationality)
                  : t('draft.person.nationalityHint')}
                <FieldFindings findings={findings} path={`persons.${index}.nationality`} />
              </>
            }
            value={nationality}
            onChange={(e) => set(`persons.${index}.nationality`, e.currentTarget.value.toUpperCase())}
            error={errors.get(`persons.${index}.nationality`)}
            maxLength={2}
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

function OffenceCard({ index, props }: { index: number; props: StepProps }) {
  const { t } = useTranslation();
  const names = useNames();
  const { draft, update, set, errors, findings } = props;
  const o = draft.offences?.[index] ?? {};
  const headingId = `offence-${index}-title`;
  return (
    <Card
      withBorder
      padding="sm"
      component="section"
      aria-labelledby={headingId}
      id={`field-offences.${index}`}
    >
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id={headingId}>
          {t('draft.offenceN', { n: index + 1 })}
        </Title>
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          onClick={() =>
            update((d) => ({ ...d, offences: (d.offences ?? []).filter((_, i) => i !== index) }))
          }
        >
          {t('draft.offence.remove')}
        </Button>
      </Group>
      <Stack gap="sm">
        <Field
          path={`offences.${index}.legalClassification`}
          label={t('draft.offence.legalClassification')}
          hint={t('draft.offence.legalClassificationHint')}
          props={props}
          maxLength={1000}
          multiline
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('draft.offence.category')}
            clearable
            searchable
            data={OFFENCE_CATEGORIES.map((c) => ({ value: c, label: names.offence(c) }))}
            value={o.category ?? null}
            onChange={(v) => set(`offences.${index}.category`, v ?? undefined)}
            description={<FieldFindings findings={findings} path={`offences.${index}.category`} />}
            nothingFoundMessage={t('common.nothingFound')}
            name={`offences.${index}.category`}
          />
          <NumberInput
            label={t('draft.offence.maxPenaltyMonths')}
            description={<FieldFindings findings={findings} path={`offences.${index}.maxPenaltyMonths`} />}
            min={0}
            max={1200}
            allowDecimal={false}
            value={o.maxPenaltyMonths ?? ''}
            onChange={(v) => set(`offences.${index}.maxPenaltyMonths`, typeof v === 'number' ? v : undefined)}
            error={errors.get(`offences.${index}.maxPenaltyMonths`)}
            name={`offences.${index}.maxPenaltyMonths`}
          />
        </SimpleGrid>
        <Checkbox
          label={t('draft.offence.punishable')}
          description={t('draft.offence.punishableHint')}
          checked={o.punishableInRequestedState ?? false}
          onChange={(e) =>
            set(`offences.${index}.punishableInRequestedState`, e.currentTarget.checked || undefined)
          }
          name={`offences.${index}.punishableInRequestedState`}
        />
        <Field
          path={`offences.${index}.description`}
          label={t('draft.offence.description')}
          props={props}
          maxLength={5000}
          multiline
        />
      </Stack>
    </Card>
  );
}

/** Step 4: who asks (and validates), whom, in which proceedings, about whom, for which acts, and why. */
export function StepFacts(props: StepProps & { catalogue: CatalogueT | undefined }) {
  const { draft, update, set, errors, findings, catalogue } = props;
  const { t, i18n } = useTranslation();
  const names = useNames();
  const me = useMe().data;
  const advice = useAdvice(draft);
  const [picking, setPicking] = useState(false);
  const accepted = advice.data?.instruments.find((i) => i.id === draft.instrumentId)?.languages ?? [];
  const persons = draft.persons ?? [];
  const offences = draft.offences ?? [];
  const summaryLength = (draft.summaryOfFacts ?? '').length;
  const needsValidation = draft.instrumentId === 'eio' || draft.validatingAuthority !== undefined;
  return (
    <Stack gap="md" maw={1000}>
      <Section id="proceedings" title={t('draft.section.proceedings')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('draft.field.proceedingsType')}
            data={PROCEEDINGS_TYPES.map((p) => ({ value: p, label: t(`proceedingsType.${p}`) }))}
            value={draft.proceedings?.type ?? null}
            onChange={(v) => set('proceedings.type', v ?? undefined)}
            description={<FieldFindings findings={findings} path="proceedings.type" />}
            name="proceedings.type"
            clearable
          />
          <Field
            path="proceedings.reference"
            label={t('draft.field.proceedingsReference')}
            props={props}
            maxLength={100}
          />
        </SimpleGrid>
      </Section>

      <Section id="issuingAuthority" title={t('draft.authority.issuing')}>
        <AuthorityFields authority="issuingAuthority" props={props}>
          {me && (
            <Group>
              <Button
                size="compact-sm"
                variant="default"
                onClick={() =>
                  update((d) => ({
                    ...d,
                    issuingAuthority: { ...d.issuingAuthority, name: me.agency.name, agencyId: me.agency.id },
                  }))
                }
              >
                {t('draft.useMyAgency')}
              </Button>
            </Group>
          )}
        </AuthorityFields>
      </Section>

      {needsValidation && (
        <Section id="validatingAuthority" title={t('draft.authority.validating')}>
          <Text size="sm" c="dimmed" mb="xs">
            {t('draft.validatingHint')}
          </Text>
          <AuthorityFields authority="validatingAuthority" props={props} />
        </Section>
      )}

      <Section id="requestedAuthority" title={t('draft.authority.requested')}>
        <AuthorityFields authority="requestedAuthority" props={props}>
          {draft.requestedState && (draft.measures ?? []).length > 0 && (
            <Group>
              <Button size="compact-sm" variant="default" onClick={() => setPicking(true)}>
                {t('draft.findExecutor')}
              </Button>
            </Group>
          )}
        </AuthorityFields>
      </Section>

      <Section id="persons" title={t('draft.section.persons')}>
        <Stack gap="sm">
          <FieldFindings findings={findings} path="persons" />
          {persons.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('draft.noPersons')}
            </Text>
          )}
          {persons.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: persons have no id; their index is their identity
            <PersonCard key={i} index={i} person={p} props={props} catalogue={catalogue} />
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() => update((d) => ({ ...d, persons: [...(d.persons ?? []), {}] }))}
              disabled={persons.length >= 50}
            >
              {t('draft.person.add')}
            </Button>
          </Group>
        </Stack>
      </Section>

      <Section id="offences" title={t('draft.section.offences')}>
        <Stack gap="sm">
          <FieldFindings findings={findings} path="offences" />
          {offences.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: offences have no id
            <OffenceCard key={i} index={i} props={props} />
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() => update((d) => ({ ...d, offences: [...(d.offences ?? []), {}] }))}
              disabled={offences.length >= 20}
            >
              {t('draft.offence.add')}
            </Button>
          </Group>
        </Stack>
      </Section>

      <Section id="summaryOfFacts" title={t('draft.field.summaryOfFacts')}>
        <Textarea
          label={t('draft.field.summaryOfFacts')}
          description={
            <>
              {t('draft.summaryHint', { n: summaryLength, max: 20000 })}
              <FieldFindings findings={findings} path="summaryOfFacts" />
            </>
          }
          autosize
          minRows={5}
          maxRows={20}
          maxLength={20000}
          value={draft.summaryOfFacts ?? ''}
          onChange={(e) => set('summaryOfFacts', e.currentTarget.value)}
          error={errors.get('summaryOfFacts')}
          name="summaryOfFacts"
        />
      </Section>

      <Section id="handling" title={t('draft.section.handling')}>
        <Stack gap="sm">
          <Checkbox
            label={t('draft.field.urgent')}
            checked={draft.urgency?.urgent ?? false}
            onChange={(e) => set('urgency.urgent', e.currentTarget.checked)}
            name="urgency.urgent"
          />
          {draft.urgency?.urgent && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Field
                path="urgency.reasons"
                label={t('draft.field.urgencyReasons')}
                props={props}
                maxLength={2000}
                multiline
              />
              <Field
                path="urgency.deadline"
                label={t('draft.field.urgencyDeadline')}
                props={props}
                maxLength={10}
                type="date"
              />
            </SimpleGrid>
          )}
          <Checkbox
            label={t('draft.field.confidential')}
            checked={draft.confidentiality?.required ?? false}
            onChange={(e) =>
              set(
                'confidentiality',
                e.currentTarget.checked ? { ...draft.confidentiality, required: true } : undefined,
              )
            }
            name="confidentiality.required"
          />
          {draft.confidentiality?.required && (
            <Field
              path="confidentiality.reasons"
              label={t('draft.field.confidentialityReasons')}
              props={props}
              maxLength={2000}
              multiline
            />
          )}
          <Field
            path="formalities"
            label={t('draft.field.formalities')}
            hint={t('draft.formalitiesHint')}
            props={props}
            maxLength={5000}
            multiline
          />
          <Select
            label={t('draft.field.language')}
            description={
              <>
                {accepted.length > 0 &&
                  t('draft.acceptedLanguages', {
                    state: names.state(draft.requestedState),
                    list: accepted.map((l) => names.language(l)).join(', '),
                  })}
                <FieldFindings findings={findings} path="language" />
              </>
            }
            data={languageOptions(i18n.language)}
            value={draft.language ?? null}
            onChange={(v) => set('language', v ?? undefined)}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            name="language"
            maw={420}
          />
        </Stack>
      </Section>

      <Attachments props={props} />

      {picking && draft.requestedState && (
        <AuthorityPicker
          measure={draft.measures?.[0]?.id ?? 'hearing-witness'}
          state={draft.requestedState}
          instrument={draft.instrumentId ?? ''}
          onClose={() => setPicking(false)}
          onPick={(item) =>
            update((d) => ({ ...d, requestedAuthority: { ...d.requestedAuthority, ...authorityFrom(item) } }))
          }
        />
      )}
    </Stack>
  );
}

function Attachments({ props }: { props: StepProps }) {
  const { t, i18n } = useTranslation();
  const { draft, update, set } = props;
  const list = draft.attachments ?? [];
  return (
    <Section id="attachments" title={t('draft.section.attachments')}>
      <Text size="sm" c="dimmed" mb="xs">
        {t('draft.attachmentsHint')}
      </Text>
      <Stack gap="sm">
        {list.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: attachments are edited in place
          <Fieldset key={i} legend={t('draft.attachmentN', { n: i + 1 })} p="sm">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <TextInput
                label={t('draft.attachment.name')}
                required
                value={a.name}
                maxLength={255}
                onChange={(e) => set(`attachments.${i}.name`, e.currentTarget.value)}
                error={props.errors.get(`attachments.${i}.name`)}
                name={`attachments.${i}.name`}
              />
              <Select
                label={t('draft.attachment.kind')}
                data={(['translation', 'document', 'other'] as const).map((k) => ({
                  value: k,
                  label: t(`attachmentKind.${k}`),
                }))}
                value={a.kind}
                allowDeselect={false}
                onChange={(v) => v && set(`attachments.${i}.kind`, v)}
                name={`attachments.${i}.kind`}
              />
              <Select
                label={t('draft.attachment.language')}
                data={languageOptions(i18n.language)}
                value={a.language ?? null}
                onChange={(v) => set(`attachments.${i}.language`, v ?? undefined)}
                clearable
                searchable
                nothingFoundMessage={t('common.nothingFound')}
                name={`attachments.${i}.language`}
              />
              <TextInput
                label={t('draft.attachment.description')}
                value={a.description ?? ''}
                maxLength={200}
                onChange={(e) => set(`attachments.${i}.description`, e.currentTarget.value)}
                name={`attachments.${i}.description`}
              />
            </SimpleGrid>
            <Group justify="flex-end" mt="xs">
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() =>
                  update((d) => ({ ...d, attachments: (d.attachments ?? []).filter((_, j) => j !== i) }))
                }
              >
                {t('draft.attachment.remove')}
              </Button>
            </Group>
          </Fieldset>
        ))}
        <Group>
          <Button
            variant="default"
            disabled={list.length >= 50}
            onClick={() =>
              update((d) => ({
                ...d,
                attachments: [...(d.attachments ?? []), { name: '', kind: 'translation' }],
              }))
            }
          >
            {t('draft.attachment.add')}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}
