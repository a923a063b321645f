import { Alert, Button, Group, Stack, Stepper, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useNavigate, useSearchParams } from 'react-router';
import { isProblem } from '../../../api/problem.ts';
import { useMe } from '../../../api/queries.ts';
import type { RequestDraftT, RequestRowT } from '../../../api/types.ts';
import { k } from '../../../i18n/index.ts';
import { ConfirmDialog } from '../../../ui/ConfirmDialog.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useCatalogue } from '../../legal/legal.api.ts';
import { changedFields, clean, jsonEqual, patchBody } from '../draft-state.ts';
import { FindingsSummaryLine } from '../FindingsList.tsx';
import { focusField, STEPS, type Step, stepOf } from '../fields.ts';
import { requestKeys, requestsApi } from '../requests.api.ts';
import { ConflictModal } from './ConflictModal.tsx';
import { DocumentPanel } from './DocumentPanel.tsx';
import { kindFor, setPath, useDraftErrors } from './model.ts';
import { StepBasis } from './StepBasis.tsx';
import { StepFacts } from './StepFacts.tsx';
import { StepMeasures } from './StepMeasures.tsx';
import { StepReview } from './StepReview.tsx';
import { StepStates } from './StepStates.tsx';

const stepLabels: Record<Step, string> = {
  states: k('draft.step.states'),
  basis: k('draft.step.basis'),
  measures: k('draft.step.measures'),
  facts: k('draft.step.facts'),
  review: k('draft.step.review'),
  document: k('draft.step.document'),
};

/** Steps that need a saved draft (one is created when the legal basis is chosen). */
const needsDraft = new Set<Step>(['measures', 'facts', 'review', 'document']);

/**
 * The drafting wizard: states → legal basis (advisor) → measures → authorities, persons and facts →
 * review with the validator's findings → PDF. The draft is created when a legal basis is chosen and
 * saved (PATCH with the version it was loaded at) whenever the user moves between steps or presses
 * Save; a save that meets a newer version opens the merge dialog.
 */
export function Wizard({ row }: { row: RequestRowT | null }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const catalogue = useCatalogue();
  const [params, setParams] = useSearchParams();

  const initialDraft: RequestDraftT = row?.data.draft ?? {
    kind: 'mla',
    requestingState: me.jurisdiction.code,
    measures: [],
    urgency: { urgent: false },
    classification: 0,
  };
  const [id, setId] = useState<string | null>(row?.data.id ?? null);
  const [version, setVersion] = useState(row?.data.version ?? 0);
  const [base, setBase] = useState<RequestDraftT>(initialDraft);
  const [draft, setDraft] = useState<RequestDraftT>(initialDraft);
  const [conflict, setConflict] = useState<{ current: RequestRowT; mine: RequestDraftT } | null>(null);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const errors = useDraftErrors(draft);
  const dirty = changedFields(base, draft).length > 0;
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  const requested = params.get('step');
  const step: Step = (STEPS as readonly string[]).includes(requested ?? '')
    ? (requested as Step)
    : id
      ? 'measures'
      : 'states';
  const active = STEPS.indexOf(step);

  const findings = useQuery({
    queryKey: requestKeys.findings(id ?? '', version, i18n.language),
    queryFn: ({ signal }) => requestsApi.findings(id!, i18n.language, signal),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });

  /** A saved row becomes the new base; what was typed meanwhile stays. */
  const applyRow = useCallback(
    (saved: RequestRowT, sent: RequestDraftT | null) => {
      setId(saved.data.id);
      setVersion(saved.data.version);
      setBase(saved.data.draft);
      setDraft((cur) => (sent === null || jsonEqual(clean(cur), clean(sent)) ? saved.data.draft : cur));
      queryClient.setQueryData(requestKeys.one(saved.data.id), saved);
      void queryClient.invalidateQueries({ queryKey: requestKeys.list(false) });
      void queryClient.invalidateQueries({ queryKey: requestKeys.list(true) });
    },
    [queryClient],
  );

  const save = useMutation({
    mutationFn: async ({
      next,
      from,
      fromVersion,
    }: {
      next: RequestDraftT;
      from: RequestDraftT;
      fromVersion: number;
    }) =>
      id === null
        ? requestsApi.create(clean(next) ?? next)
        : requestsApi.update(id, patchBody(from, next, fromVersion)),
    onSuccess: (saved, { next }) => applyRow(saved, next),
    onError: (e, { next }) => {
      const current = isProblem(e, 'conflict')
        ? (e.problem.extensions?.current as RequestRowT | undefined)
        : undefined;
      if (current?.data?.draft) setConflict({ current, mine: next });
    },
  });

  /** Saves if anything changed; false when the save did not go through. */
  const saveNow = async (next: RequestDraftT = draft): Promise<boolean> => {
    if (id !== null && changedFields(base, next).length === 0) return true;
    if (errors.size > 0) {
      setShowErrors(true);
      const first = [...errors.keys()][0];
      if (first) {
        setParams({ step: stepOf(first) });
        setPendingFocus(first);
      }
      return false;
    }
    setShowErrors(false);
    try {
      await save.mutateAsync({ next, from: base, fromVersion: version });
      return true;
    } catch {
      return false;
    }
  };

  const goTo = async (target: Step) => {
    if (needsDraft.has(target) && id === null) return;
    if (id !== null && !(await saveNow())) return;
    setParams({ step: target });
    window.scrollTo(0, 0);
  };

  /** Choosing a legal basis sets the instrument and the request kind that goes with it and, if none
   *  yet, the language the request is written in: the drafter's own (the language of their screens),
   *  so that the checker asks for translations where the requested state does not accept it — not a
   *  language the state accepts, which the drafter may not be writing in. Saved at once. */
  const choose = async (instrumentId: string) => {
    setChoosing(instrumentId);
    const measures = (draft.measures ?? []).map((m) => m.id);
    const own = i18n.language.slice(0, 2);
    const next: RequestDraftT = {
      ...draft,
      instrumentId: instrumentId as RequestDraftT['instrumentId'],
      kind: kindFor(instrumentId, measures),
      ...(!draft.language && /^[a-z]{2}$/.test(own) ? { language: own } : {}),
    };
    setDraft(next);
    const ok = await saveNow(next);
    setChoosing(null);
    if (ok && id !== null) setParams({ step: 'measures' });
  };

  // A new draft gets its own address once it exists.
  useEffect(() => {
    if (row === null && id !== null) {
      navigate(`/requests/${id}/edit?step=measures`, { replace: true });
    }
  }, [row, id, navigate]);

  useEffect(() => {
    if (!pendingFocus) return;
    // The step's fields appear once the navigation to it has rendered: try until the field is there.
    let tries = 0;
    const timer = window.setInterval(() => {
      tries += 1;
      // The field itself for a while; then the closest section that holds it.
      if (focusField(pendingFocus, tries < 8) || tries > 40) {
        window.clearInterval(timer);
        setPendingFocus(null);
      }
    }, 50);
    return () => window.clearInterval(timer);
  }, [pendingFocus]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirtyRef.current && currentLocation.pathname !== nextLocation.pathname,
  );
  // Reloading or closing the tab leaves the app: the browser asks instead (its own words).
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const update = (fn: (d: RequestDraftT) => RequestDraftT) => setDraft((d) => fn(d));
  const set = (path: string, value: unknown) => setDraft((d) => setPath(d, path, value));
  const stepProps = {
    draft,
    update,
    set,
    errors,
    findings: findings.data?.findings,
  };

  const title = id ? draft.title || t('draft.untitled') : t('draft.newTitle');
  const nextStep = STEPS[active + 1];
  const prevStep = STEPS[active - 1];
  return (
    <Stack gap="md">
      <PageHeader
        title={title}
        description={
          id ? (
            <span data-testid="draft-status">
              {t('draft.version', { version })} ·{' '}
              {save.isPending ? t('draft.saving') : dirty ? t('draft.unsaved') : t('draft.saved')}
            </span>
          ) : (
            t('draft.newIntro')
          )
        }
        actions={
          <>
            {id && (
              <Button component={Link} to={`/requests/${id}`} variant="default">
                {t('draft.openRequest')}
              </Button>
            )}
            {id && (
              <Button onClick={() => void saveNow()} loading={save.isPending} disabled={!dirty}>
                {t('common.save')}
              </Button>
            )}
          </>
        }
      />
      {findings.data && step !== 'review' && (
        <Group gap="sm">
          <FindingsSummaryLine findings={findings.data} />
          <Button size="compact-sm" variant="subtle" onClick={() => void goTo('review')}>
            {t('draft.seeFindings')}
          </Button>
        </Group>
      )}
      <Stepper
        active={active}
        onStepClick={(i) => {
          const s = STEPS[i];
          if (s) void goTo(s);
        }}
        size="sm"
        allowNextStepsSelect
        aria-label={t('draft.stepsLabel')}
      >
        {STEPS.map((s) => (
          <Stepper.Step
            key={s}
            label={t(stepLabels[s])}
            allowStepSelect={!(needsDraft.has(s) && id === null)}
            data-step={s}
            aria-current={s === step ? 'step' : undefined}
          />
        ))}
      </Stepper>
      {save.isError && !conflict && <ProblemAlert error={save.error} title={t('draft.saveFailed')} />}
      {showErrors && errors.size > 0 && (
        <Alert color="red" variant="light" role="alert">
          {t('draft.fixErrors', { n: errors.size })}
        </Alert>
      )}
      <section aria-label={t(stepLabels[step])} data-testid={`step-${step}`}>
        {step === 'states' && <StepStates {...stepProps} catalogue={catalogue.data} />}
        {step === 'basis' && (
          <StepBasis {...stepProps} onChoose={(i) => void choose(i)} choosing={choosing} />
        )}
        {step === 'measures' && <StepMeasures {...stepProps} catalogue={catalogue.data} />}
        {step === 'facts' && <StepFacts {...stepProps} catalogue={catalogue.data} />}
        {step === 'review' && (
          <StepReview
            id={id}
            dirty={dirty}
            draft={draft}
            findings={findings}
            onFix={(path) => {
              void goTo(stepOf(path)).then(() => setPendingFocus(path));
            }}
          />
        )}
        {step === 'document' && id && (
          <DocumentPanel
            id={id}
            version={version}
            requestedLanguage={
              catalogue.data?.states.find((s) => s.code === draft.requestedState)?.officialLanguages[0]
            }
            dirty={dirty}
          />
        )}
      </section>
      <Group justify="space-between">
        {prevStep ? (
          <Button variant="default" onClick={() => void goTo(prevStep)}>
            {t('draft.back', { step: t(stepLabels[prevStep]) })}
          </Button>
        ) : (
          <span />
        )}
        {nextStep && (
          <Button
            onClick={() => void goTo(nextStep)}
            disabled={needsDraft.has(nextStep) && id === null}
            loading={save.isPending}
          >
            {t('draft.next', { step: t(stepLabels[nextStep]) })}
          </Button>
        )}
      </Group>
      {step === 'basis' && id === null && (
        <Text size="sm" c="dimmed">
          {t('draft.chooseToCreate')}
        </Text>
      )}
      {conflict && (
        <ConflictModal
          base={base}
          mine={conflict.mine}
          current={conflict.current}
          onClose={() => setConflict(null)}
          onDiscard={() => {
            applyRow(conflict.current, null);
            setConflict(null);
          }}
          onMerged={(merged) => {
            const theirs = conflict.current;
            setConflict(null);
            setVersion(theirs.data.version);
            setBase(theirs.data.draft);
            setDraft(merged);
            void save
              .mutateAsync({ next: merged, from: theirs.data.draft, fromVersion: theirs.data.version })
              .catch(() => undefined);
          }}
        />
      )}
      <ConfirmDialog
        opened={blocker.state === 'blocked'}
        title={t('draft.leaveTitle')}
        confirmLabel={t('draft.leave')}
        danger
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
      >
        {t('draft.leaveBody')}
      </ConfirmDialog>
    </Stack>
  );
}
