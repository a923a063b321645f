import { OFFENCE_CATEGORIES } from '@comity/contracts';
import { Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNames } from '../../legal/names.ts';
import { FieldFindings } from '../FindingsList.tsx';
import { Field } from './DraftFields.tsx';
import type { StepProps } from './model.ts';

export function OffenceCard({ index, props }: { index: number; props: StepProps }) {
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
