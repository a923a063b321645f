import { Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ASSESSMENT_HELP,
  HANDLING_HELP,
  HANDLING_VALUES,
  SOURCE_HELP,
  TLP_VALUES,
  tlpHelp,
} from '../../ui/LabelBadges.tsx';
import type { LabelsInputT } from './messaging.api.ts';

type Tlp = LabelsInputT['tlp'];
type Handling = LabelsInputT['handlingCode'];
type Source = NonNullable<LabelsInputT['sourceReliability']>;
type Assessment = NonNullable<LabelsInputT['informationAssessment']>;

/** Labels the author chooses: TLP 2.0, handling code (H3 with its text), Europol 4x4, speciality. */
export function LabelsFields({
  value,
  onChange,
  withSpeciality = false,
  handlingTextError,
}: {
  value: LabelsInputT;
  onChange: (v: LabelsInputT) => void;
  withSpeciality?: boolean;
  handlingTextError?: string | undefined;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<LabelsInputT>) => onChange({ ...value, ...patch });
  const [speciality, setSpeciality] = useState((value.useLimitations?.proceedings ?? []).join(', '));
  return (
    <>
      <Group gap="sm" grow align="flex-start" wrap="wrap">
        <Select
          label={t('labels.tlpLabel')}
          data={TLP_VALUES.map((v) => ({ value: v, label: `TLP:${v}` }))}
          value={value.tlp}
          allowDeselect={false}
          onChange={(v) => v && set({ tlp: v as Tlp })}
          description={tlpHelp(t, value.tlp)}
          data-testid="labels-tlp"
        />
        <Select
          label={t('labels.handlingLabel')}
          data={HANDLING_VALUES.map((v) => ({ value: v, label: `${v} — ${t(HANDLING_HELP[v])}` }))}
          value={value.handlingCode}
          allowDeselect={false}
          onChange={(v) => v && set({ handlingCode: v as Handling })}
          data-testid="labels-handling"
        />
      </Group>
      {value.handlingCode === 'H3' && (
        <TextInput
          label={t('labels.handlingText')}
          required
          value={value.handlingText ?? ''}
          error={handlingTextError}
          onChange={(e) => set({ handlingText: e.currentTarget.value })}
        />
      )}
      <Group gap="sm" grow align="flex-start" wrap="wrap">
        <Select
          label={t('labels.sourceLabel')}
          data={(['A', 'B', 'C', 'X'] as Source[]).map((v) => ({
            value: v,
            label: `${v} — ${t(SOURCE_HELP[v])}`,
          }))}
          value={value.sourceReliability ?? 'X'}
          allowDeselect={false}
          onChange={(v) => v && set({ sourceReliability: v as Source })}
        />
        <Select
          label={t('labels.assessmentLabel')}
          data={(['1', '2', '3', '4'] as Assessment[]).map((v) => ({
            value: v,
            label: `${v} — ${t(ASSESSMENT_HELP[v])}`,
          }))}
          value={value.informationAssessment ?? '4'}
          allowDeselect={false}
          onChange={(v) => v && set({ informationAssessment: v as Assessment })}
        />
      </Group>
      {withSpeciality && (
        <TextInput
          label={t('labels.specialityLabel')}
          description={t('labels.specialityHelp')}
          value={speciality}
          onChange={(e) => {
            setSpeciality(e.currentTarget.value);
            const proceedings = e.currentTarget.value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            set({ useLimitations: { proceedings } });
          }}
        />
      )}
    </>
  );
}

/** The labels to send: H3's text only with H3; empty speciality left out. */
export function cleanLabels(v: LabelsInputT): LabelsInputT {
  const out: LabelsInputT = {
    tlp: v.tlp,
    handlingCode: v.handlingCode,
    sourceReliability: v.sourceReliability ?? 'X',
    informationAssessment: v.informationAssessment ?? '4',
  };
  if (v.handlingCode === 'H3') out.handlingText = v.handlingText?.trim() ?? '';
  if (v.recipients?.length) out.recipients = v.recipients;
  if (v.useLimitations?.proceedings.length) out.useLimitations = v.useLimitations;
  return out;
}
