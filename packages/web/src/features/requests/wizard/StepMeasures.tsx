import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueT } from '../../../api/types.ts';
import { useNames } from '../../legal/names.ts';
import { FieldFindings } from '../FindingsList.tsx';
import { AuthorityPicker, authorityFrom } from './AuthorityPicker.tsx';
import type { StepProps } from './model.ts';
import { MeasurePicker } from './StepStates.tsx';

/** Step 3: each measure with what is to be done and the evidence sought; who executes it. */
export function StepMeasures(props: StepProps & { catalogue: CatalogueT | undefined }) {
  const { draft, update, set, errors, findings, catalogue } = props;
  const { t } = useTranslation();
  const names = useNames();
  const [finding, setFinding] = useState<string | null>(null);
  const measures = draft.measures ?? [];
  return (
    <Stack gap="md" maw={900}>
      <MeasurePicker
        draft={draft}
        update={update}
        catalogue={catalogue}
        label={t('draft.section.measures')}
      />
      <FieldFindings findings={findings} path="measures" />
      {measures.length === 0 && (
        <Alert color="orange" variant="light">
          {t('draft.noMeasures')}
        </Alert>
      )}
      {measures.map((m, i) => {
        const info = catalogue?.measures.find((x) => x.id === m.id);
        const person = m.personIndex !== undefined ? draft.persons?.[m.personIndex] : undefined;
        const headingId = `measure-${i}-title`;
        return (
          <Card
            key={m.id}
            withBorder
            padding="md"
            component="section"
            aria-labelledby={headingId}
            id={`field-measures.${i}`}
          >
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5" id={headingId}>
                {i + 1}. {names.measure(m.id)}
              </Title>
              {draft.requestedState && (
                <Button size="compact-sm" variant="default" onClick={() => setFinding(m.id)}>
                  {t('draft.findExecutor')}
                </Button>
              )}
            </Group>
            <FieldFindings findings={findings} path={`measures.${i}.id`} />
            <Textarea
              label={t('draft.measure.details')}
              description={<FieldFindings findings={findings} path={`measures.${i}.details`} />}
              placeholder={t('draft.measure.detailsPlaceholder')}
              autosize
              minRows={3}
              maxRows={12}
              maxLength={5000}
              value={m.details ?? ''}
              onChange={(e) => set(`measures.${i}.details`, e.currentTarget.value)}
              error={errors.get(`measures.${i}.details`)}
              name={`measures.${i}.details`}
            />
            {info?.needsPerson && (
              <Text size="sm" mt="xs" c={person ? undefined : 'dimmed'}>
                {person
                  ? t('draft.measure.concerns', {
                      person: person.name ?? t('draft.personN', { n: (m.personIndex ?? 0) + 1 }),
                    })
                  : t('draft.measure.needsPerson')}
              </Text>
            )}
            <FieldFindings findings={findings} path={`measures.${i}.personIndex`} />
          </Card>
        );
      })}
      {finding && draft.requestedState && (
        <AuthorityPicker
          measure={finding}
          state={draft.requestedState}
          instrument={draft.instrumentId ?? ''}
          onClose={() => setFinding(null)}
          onPick={(item) =>
            update((d) => ({ ...d, requestedAuthority: { ...d.requestedAuthority, ...authorityFrom(item) } }))
          }
        />
      )}
      {draft.requestedAuthority?.name && (
        <Text size="sm" data-testid="requested-authority">
          {t('draft.requestedAuthorityIs', { name: draft.requestedAuthority.name })}
        </Text>
      )}
    </Stack>
  );
}
