import { REQUEST_KINDS } from '@comity/contracts';
import { Alert, Center, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AdviceRequestT, RequestDraftT } from '../../../api/types.ts';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { AdviceView } from '../../legal/AdviceView.tsx';
import { legalApi, legalKeys, useApiLanguage } from '../../legal/legal.api.ts';
import { useNames } from '../../legal/names.ts';
import { FieldFindings } from '../FindingsList.tsx';
import type { StepProps } from './model.ts';

/** What the advisor is asked, from the draft; null until both states are chosen. */
export function adviceRequest(draft: RequestDraftT): AdviceRequestT | null {
  // The advisor needs both states and at least one measure (it answers 422 without).
  if (!draft.requestingState || !draft.requestedState || !draft.measures?.length) return null;
  const category = draft.offences?.find((o) => o.category)?.category;
  return {
    requestingState: draft.requestingState,
    requestedState: draft.requestedState,
    measures: (draft.measures ?? []).map((m) => m.id),
    urgent: draft.urgency?.urgent ?? false,
    ...(category ? { offenceCategory: category } : {}),
  };
}

export function useAdvice(draft: RequestDraftT) {
  const body = adviceRequest(draft);
  // The advisor's sentences come in the user's current language.
  const lang = useApiLanguage();
  return useQuery({
    queryKey: legalKeys.advice(body ?? ({} as AdviceRequestT), lang),
    queryFn: ({ signal }) => legalApi.advice(body!, lang, signal),
    enabled: body !== null,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Step 2: the legal-basis advisor for the states and measures of step 1; choosing sets the instrument. */
export function StepBasis({
  draft,
  set,
  findings,
  onChoose,
  choosing,
}: StepProps & { onChoose: (instrumentId: string) => void; choosing: string | null }) {
  const { t } = useTranslation();
  const names = useNames();
  const advice = useAdvice(draft);
  const body = adviceRequest(draft);
  if (!body) {
    return (
      <Alert color="orange" variant="light">
        {t('draft.basisNeedsStates')}
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm">
        {t('draft.basisIntro', {
          from: names.state(body.requestingState),
          to: names.state(body.requestedState),
          measures: body.measures.map((m) => names.measure(m)).join(', ') || t('common.none'),
        })}
      </Text>
      {draft.instrumentId && (
        <Group align="flex-end" gap="md">
          <Text size="sm">
            {t('draft.basisChosen', { instrument: names.instrument(draft.instrumentId) })}
          </Text>
          <Select
            label={t('draft.field.kind')}
            data={REQUEST_KINDS.map((k) => ({ value: k, label: names.kind(k) }))}
            value={draft.kind}
            onChange={(v) => v && set('kind', v)}
            allowDeselect={false}
            name="kind"
            w={260}
            description={<FieldFindings findings={findings} path="kind" />}
          />
        </Group>
      )}
      <FieldFindings findings={findings} path="instrumentId" />
      {advice.isPending && (
        <Center p="md">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {advice.isError && <ProblemAlert error={advice.error} onRetry={() => void advice.refetch()} />}
      {advice.data && (
        <AdviceView
          advice={advice.data}
          from={body.requestingState}
          to={body.requestedState}
          chosen={draft.instrumentId ?? null}
          onChoose={onChoose}
          choosing={choosing}
        />
      )}
    </Stack>
  );
}
