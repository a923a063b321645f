import { TransitionBody } from '@comity/contracts';
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, isProblem } from '../../../api/problem.ts';
import { useMe } from '../../../api/queries.ts';
import type { LifecycleT, TransitionBodyT } from '../../../api/types.ts';
import { Citation } from '../../../ui/Citation.tsx';
import { issueMessage } from '../../../ui/zod-form.ts';
import { adminApi, adminKeys, ofWorld } from '../../admin/admin.api.ts';
import { evidenceKeys } from '../../evidence/evidence.api.ts';
import { RefusalAlert } from '../../evidence/RefusalAlert.tsx';
import { groundText } from '../../legal/EnglishOriginal.tsx';
import { legalApi, legalKeys, useInstrument } from '../../legal/legal.api.ts';
import { useNames } from '../../legal/names.ts';
import { requestKeys } from '../requests.api.ts';
import { lifecycleApi, lifecycleKeys } from './lifecycle.api.ts';
import { ReturnEvidenceField } from './ReturnEvidenceField.tsx';
import { actionText, DANGER_ACTIONS } from './vocab.ts';

type Values = Record<string, string | string[]>;

/** `text` with the lines it does not hold yet added at its end. */
const withLines = (text: string, lines: readonly string[]): string =>
  [text.trimEnd(), ...lines.filter((l) => !text.includes(l))].filter(Boolean).join('\n');

/** What each action asks for besides itself (the contract's TransitionBody). */
const fieldsOf: Record<string, string[]> = {
  submit: ['note'],
  approve: ['comments', 'validatingAgencyId'],
  return: ['comments'],
  validate: ['comments'],
  amend: ['reason'],
  transmit: ['recipientAgencyId'],
  acknowledge: ['note'],
  'request-information': ['questions'],
  'provide-information': ['answer'],
  accept: ['note'],
  refuse: ['grounds', 'reasons'],
  postpone: ['reason', 'until'],
  resume: ['note'],
  consent: ['consentAt'],
  'no-consent': ['arrestedAt'],
  extend: ['deadlineId', 'reasons'],
  'start-execution': ['note'],
  'return-results': ['summary', 'taskIds', 'evidenceItemIds'],
  complete: ['note'],
  'request-production': ['measures'],
  close: ['note'],
  withdraw: ['reason'],
};

/** `datetime-local` (the user's zone) → UTC ISO, as the contract's Timestamp wants. */
const toIso = (local: string): string | undefined => {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

/** The body the form stands for: empty texts and lists left out. */
export function bodyOf(action: string, expectedVersion: number, v: Values): Record<string, unknown> {
  const body: Record<string, unknown> = { action, expectedVersion };
  for (const f of fieldsOf[action] ?? []) {
    const value = v[f];
    if (Array.isArray(value)) {
      if (value.length > 0) body[f] = value;
    } else if (typeof value === 'string' && value.trim() !== '') {
      body[f] = f === 'arrestedAt' || f === 'consentAt' ? toIso(value) : value.trim();
    }
  }
  return body;
}

/**
 * One transition, with what the law or the other side needs to know: grounds, reasons, questions,
 * dates. Validated with the contract's schema as the user types; sent with the lifecycle version it
 * was based on. If someone acted first, the current state is shown and the page follows it.
 */
export function ActionForm({
  lifecycle,
  action,
  onClose,
  onDone,
}: {
  lifecycle: LifecycleT;
  action: string;
  /** Cancel, or close after warnings or a conflict; absent: no cancel button (inline form). */
  onClose?: (() => void) | undefined;
  onDone?: ((result: LifecycleT) => void) | undefined;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const r = lifecycle.data;
  const fields = fieldsOf[action] ?? [];
  const [values, setValues] = useState<Values>({});
  const [submitted, setSubmitted] = useState(false);
  const [conflict, setConflict] = useState<LifecycleT | null>(null);
  const [warnings, setWarnings] = useState<LifecycleT['warnings']>(undefined);

  const agencies = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: ({ signal }) => adminApi.agencies(signal),
    enabled: fields.includes('validatingAgencyId'),
  });
  // Where the request can go: the requested state's agencies here and on partner nodes.
  const recipients = useQuery({
    queryKey: legalKeys.recipients(r.requestedState ?? ''),
    queryFn: ({ signal }) => legalApi.recipients(r.requestedState!, signal),
    enabled: fields.includes('recipientAgencyId') && !!r.requestedState,
  });
  const instrument = useInstrument(r.instrumentId, action === 'refuse');
  const deadlines = useQuery({
    queryKey: lifecycleKeys.deadlines(r.id),
    queryFn: ({ signal }) => lifecycleApi.deadlines(r.id, signal),
    enabled: action === 'extend',
  });
  const tasks = useQuery({
    queryKey: lifecycleKeys.tasks(r.id),
    queryFn: ({ signal }) => lifecycleApi.tasks(r.id, signal),
    enabled: action === 'return-results',
  });

  const body = bodyOf(action, r.version, values);
  const errors = useMemo(() => {
    const out = new Map<string, string>();
    const parsed = TransitionBody.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        if (!out.has(key)) out.set(key, issueMessage(issue, t));
      }
    }
    if (action === 'approve' && r.validation?.required && !r.validation.agency && !values.validatingAgencyId)
      out.set('validatingAgencyId', t('validation.required'));
    return out;
  }, [body, action, r.validation, values.validatingAgencyId, t]);

  const run = useMutation({
    mutationFn: () => lifecycleApi.transition(r.id, body as TransitionBodyT),
    onSuccess: async (result) => {
      // Tell the page first: it may navigate away, and this form may unmount once the cache below
      // shows the new state.
      const warned = Boolean(result.warnings && result.warnings.length > 0);
      if (warned) setWarnings(result.warnings);
      else {
        onDone?.(result);
        onClose?.();
      }
      queryClient.setQueryData(lifecycleKeys.one(r.id), result);
      await Promise.all([
        queryClient.invalidateQueries({
          queryKey: ['lifecycle', r.id],
          predicate: (q) => q.queryKey.length > 2,
        }),
        queryClient.invalidateQueries({ queryKey: ['inbox'] }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
        queryClient.invalidateQueries({ queryKey: requestKeys.all }),
        queryClient.invalidateQueries({ queryKey: evidenceKeys.all }),
      ]);
    },
    onError: (e) => {
      const current = isProblem(e, 'conflict')
        ? (e.problem.extensions?.current as LifecycleT | undefined)
        : undefined;
      if (current?.data) {
        setConflict(current);
        queryClient.setQueryData(lifecycleKeys.one(r.id), current);
      }
    },
  });

  const set = (key: string) => (value: string | string[] | null) =>
    setValues((v) => ({ ...v, [key]: value ?? '' }));
  // The server's answer for a field shown here goes under that field, not into a banner.
  const serverErrors = useMemo(() => {
    const out = new Map<string, string>();
    const problem = run.error instanceof ApiProblem ? run.error.problem : undefined;
    for (const e of problem?.errors ?? []) {
      const field = /^body\.([A-Za-z]+)/.exec(e.path)?.[1];
      if (field && fields.includes(field) && !out.has(field)) out.set(field, e.message);
    }
    return out;
  }, [run.error, fields]);
  const err = (key: string) => (submitted ? errors.get(key) : undefined) ?? serverErrors.get(key);
  // The banner stays unless every reason the server gave is shown under its field.
  const problemErrors = run.error instanceof ApiProblem ? (run.error.problem.errors ?? []) : [];
  const allShownAtFields = problemErrors.length > 0 && problemErrors.length === serverErrors.size;
  const text = (
    key: string,
    label: string,
    opts: { multiline?: boolean; required?: boolean; hint?: string } = {},
  ) => {
    const common = {
      key,
      label,
      name: key,
      required: opts.required,
      description: opts.hint,
      value: (values[key] as string | undefined) ?? '',
      onChange: (e: { currentTarget: { value: string } }) => set(key)(e.currentTarget.value),
      error: err(key),
      maxLength: 5000,
    };
    return opts.multiline ? (
      <Textarea {...common} autosize minRows={3} maxRows={10} data-autofocus />
    ) : (
      <TextInput {...common} />
    );
  };

  const inputs: ReactNode[] = fields.map((f) => {
    switch (f) {
      case 'note':
        return text(f, t('action.field.note'), { multiline: true });
      case 'comments':
        return text(f, t('action.field.comments'), { multiline: true, required: action === 'return' });
      case 'reason':
        return text(f, t('action.field.reason'), {
          multiline: true,
          required: action === 'withdraw' || action === 'postpone',
        });
      case 'questions':
        return text(f, t('action.field.questions'), {
          multiline: true,
          required: true,
          hint: t('action.hint.questions'),
        });
      case 'answer':
        return text(f, t('action.field.answer'), { multiline: true, required: true });
      case 'reasons':
        return text(f, t('action.field.reasons'), { multiline: true, required: true });
      case 'summary':
        return text(f, t('action.field.summary'), {
          multiline: true,
          required: true,
          hint: t('action.hint.summary'),
        });
      case 'until':
        return (
          <TextInput
            key={f}
            type="date"
            label={t('action.field.until')}
            required
            name={f}
            value={(values[f] as string | undefined) ?? ''}
            onChange={(e) => set(f)(e.currentTarget.value)}
            error={err(f)}
          />
        );
      case 'arrestedAt':
      case 'consentAt':
        return (
          <TextInput
            key={f}
            type="datetime-local"
            label={f === 'arrestedAt' ? t('action.field.arrestedAt') : t('action.field.consentAt')}
            required={f === 'arrestedAt'}
            description={f === 'consentAt' ? t('action.hint.consentAt') : undefined}
            name={f}
            value={(values[f] as string | undefined) ?? ''}
            onChange={(e) => set(f)(e.currentTarget.value)}
            error={err(f)}
          />
        );
      case 'validatingAgencyId': {
        if (!r.validation?.required) return null;
        // Judicial authorities of the issuing state and of the approver's (the request's) world.
        const judicial = ofWorld(agencies.data?.items, me?.agency.exercise).filter(
          (a) =>
            a.data.jurisdiction === r.requestingState &&
            (a.data.kind === 'prosecution' || a.data.kind === 'court'),
        );
        return (
          <Stack key={f} gap={4}>
            <Select
              label={t('action.field.validatingAgency')}
              description={
                r.validation.agency
                  ? t('action.hint.validatingDefault', { name: r.validation.agency.name })
                  : t('action.hint.validating')
              }
              required={!r.validation.agency}
              data={judicial.map((a) => ({ value: a.data.id, label: a.data.name }))}
              value={(values[f] as string | undefined) || null}
              onChange={set(f)}
              clearable
              error={err(f)}
              name={f}
            />
            <Citation citation={r.validation.citation} verified={r.validation.verified} />
          </Stack>
        );
      }
      case 'recipientAgencyId': {
        const options = (recipients.data?.items ?? []).map((a) => ({
          value: a.id,
          label: a.node ? t('action.recipientOnNode', { name: a.name, node: a.node.name }) : a.name,
        }));
        return (
          <Select
            key={f}
            label={t('action.field.recipient')}
            description={t('action.hint.recipient')}
            placeholder={r.recipientAgency?.name ?? t('action.recipientFromDraft')}
            data={options}
            value={(values[f] as string | undefined) || null}
            onChange={set(f)}
            clearable
            error={err(f)}
            name={f}
          />
        );
      }
      case 'grounds': {
        const prose = instrument.data?.data.prose;
        const grounds = (instrument.data?.data.instrument.refusalGrounds ?? []).map((g, k) => ({
          ...g,
          description: groundText(prose, k, g.description),
        }));
        const chosen = (values[f] as string[] | undefined) ?? [];
        return (
          <Stack key={f} gap={4}>
            <MultiSelect
              label={t('action.field.grounds')}
              description={t('action.hint.grounds', { instrument: names.instrument(r.instrumentId) })}
              required
              data={grounds.map((g) => ({ value: g.id, label: g.description }))}
              value={chosen}
              onChange={set(f)}
              error={err(f)}
              searchable
              nothingFoundMessage={t('common.nothingFound')}
              name={f}
            />
            {grounds
              .filter((g) => chosen.includes(g.id))
              .map((g) => (
                <Text key={g.id} size="xs">
                  {g.description}: <Citation citation={g.citation} verified={g.verified} />
                </Text>
              ))}
          </Stack>
        );
      }
      case 'deadlineId': {
        const extendable = (deadlines.data?.items ?? []).filter(
          (d) => (d.status === 'running' || d.status === 'paused') && d.extension && !d.extension.applied,
        );
        return (
          <Select
            key={f}
            label={t('action.field.deadline')}
            required
            data={extendable.map((d) => ({
              value: d.id,
              label: `${t(`deadlineAction.${d.action}`, { defaultValue: d.action })} (${d.citation})`,
            }))}
            value={(values[f] as string | undefined) || null}
            onChange={set(f)}
            error={err(f)}
            nothingFoundMessage={t('action.noExtendable')}
            name={f}
          />
        );
      }
      case 'taskIds': {
        const done = (tasks.data?.items ?? []).filter((x) => x.data.status === 'done');
        if (done.length === 0) return null;
        const chosen = (values[f] as string[] | undefined) ?? [];
        const results = done
          .filter((x) => chosen.includes(x.data.id) && x.data.result)
          .map((x) => `${x.data.title}: ${x.data.result}`);
        return (
          <Stack key={f} gap={4}>
            <MultiSelect
              label={t('action.field.tasks')}
              description={t('action.hint.tasks')}
              data={done.map((x) => ({ value: x.data.id, label: x.data.title }))}
              value={chosen}
              onChange={set(f)}
              name={f}
            />
            {/* The officer reads and edits what leaves: the results are copied, never sent as they are. */}
            <Button
              variant="subtle"
              size="compact-sm"
              disabled={results.length === 0}
              onClick={() =>
                setValues((v) => ({ ...v, summary: withLines(String(v.summary ?? ''), results) }))
              }
              style={{ alignSelf: 'flex-start' }}
            >
              {t('action.copyResults')}
            </Button>
          </Stack>
        );
      }
      case 'evidenceItemIds':
        return (
          <ReturnEvidenceField
            key={f}
            lifecycle={lifecycle}
            value={(values[f] as string[] | undefined) ?? []}
            onChange={set(f)}
          />
        );
      case 'measures':
        return (
          <MultiSelect
            key={f}
            label={t('action.field.measures')}
            required
            data={(['subscriber-data', 'traffic-data', 'content-data'] as const).map((m) => ({
              value: m,
              label: names.measure(m),
            }))}
            value={(values[f] as string[] | undefined) ?? []}
            onChange={set(f)}
            error={err(f)}
            name={f}
          />
        );
      default:
        return null;
    }
  });

  const wording = actionText(action, r.state);
  const label = wording ? t(wording.label) : t(`transitionAction.${action}`, { defaultValue: action });
  return (
    <form
      noValidate
      data-testid={`action-form-${action}`}
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (errors.size === 0) run.mutate();
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{wording ? t(wording.help) : t(`transitionHelp.${action}`)}</Text>
        {inputs}
        {conflict && (
          <Alert color="orange" variant="light" title={t('action.conflictTitle')} role="alert">
            {t('action.conflict', {
              state: t(`requestState.${conflict.data.state}`),
              version: conflict.data.version,
            })}
          </Alert>
        )}
        {run.isError && !conflict && !allShownAtFields && <RefusalAlert error={run.error} />}
        {warnings && warnings.length > 0 && (
          <Alert color="yellow" variant="light" title={t('action.doneWithWarnings')} role="status">
            <Stack gap={4}>
              {warnings.map((w) => (
                <Text key={w.code} size="sm">
                  {w.message} <Citation citation={w.citation} verified={w.verified} />
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          {onClose && (
            <Button variant="default" onClick={onClose}>
              {warnings || conflict ? t('common.close') : t('common.cancel')}
            </Button>
          )}
          {!warnings && !conflict && (
            <Button
              type="submit"
              loading={run.isPending}
              color={DANGER_ACTIONS.has(action) ? 'red' : undefined}
            >
              {label}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** A transition in a dialog over the page. */
export function ActionDialog({
  lifecycle,
  action,
  onClose,
  onDone,
}: {
  lifecycle: LifecycleT;
  action: string;
  onClose: () => void;
  onDone?: ((result: LifecycleT) => void) | undefined;
}) {
  const { t } = useTranslation();
  const wording = actionText(action, lifecycle.data.state);
  return (
    <Modal
      opened
      onClose={onClose}
      title={wording ? t(wording.label) : t(`transitionAction.${action}`)}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid={`action-dialog-${action}`}
    >
      <ActionForm lifecycle={lifecycle} action={action} onClose={onClose} onDone={onDone} />
    </Modal>
  );
}
