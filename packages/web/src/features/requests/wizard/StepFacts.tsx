import { PROCEEDINGS_TYPES } from '@comity/contracts';
import { Button, Checkbox, Group, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/queries.ts';
import type { CatalogueT } from '../../../api/types.ts';
import { languageOptions } from '../../admin/admin.api.ts';
import { useNames } from '../../legal/names.ts';
import { FieldFindings } from '../FindingsList.tsx';
import { Attachments } from './Attachments.tsx';
import { AuthorityPicker, authorityFrom } from './AuthorityPicker.tsx';
import { AuthorityFields, Field, Section } from './DraftFields.tsx';
import type { StepProps } from './model.ts';
import { OffenceCard } from './OffenceCard.tsx';
import { PersonCard } from './PersonCard.tsx';
import { useAdvice } from './StepBasis.tsx';

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
