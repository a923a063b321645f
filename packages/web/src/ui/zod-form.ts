import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Problem } from '../api/problem.ts';

type Issue = z.core.$ZodIssue;

/** One zod issue in the user's language (the contracts' own messages are English). */
export function issueMessage(
  issue: Issue,
  t: (key: string, opts?: Record<string, unknown>) => string,
): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.tooShort', { min: Number(issue.minimum) });
      }
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('validation.tooFew', { min: Number(issue.minimum) });
      return t('validation.tooLow', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('validation.tooLong', { max: Number(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('validation.tooMany', { max: Number(issue.maximum) });
      return t('validation.tooHigh', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (issue.format === 'email') return t('validation.email');
      if (issue.format === 'uuid') return t('validation.required');
      if (issue.format === 'regex' && issue.pattern === '/^[A-Z]{2}$/') return t('validation.countryCode');
      if (issue.format === 'regex' && issue.pattern === '/^\\d{6}$/') return t('validation.sixDigits');
      if (issue.format === 'regex' && issue.pattern === '/^[a-z]{2}$/') return t('validation.languageCode');
      return t('validation.format');
    case 'invalid_type':
      return t('validation.required');
    case 'invalid_value':
      return t('validation.choose');
    case 'not_multiple_of':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'unrecognized_keys':
    case 'custom':
      return t('validation.invalid');
    default:
      return t('validation.invalid');
  }
}

/** An empty text field means "not given": optional fields stay absent, required ones say "required". */
function blankToUndefined(values: unknown): unknown {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return values;
  return Object.fromEntries(
    Object.entries(values).map(([key, v]) => [key, typeof v === 'string' && v.trim() === '' ? undefined : v]),
  );
}

export interface ZodForm<S extends z.ZodType> {
  values: z.input<S>;
  setValue: <K extends keyof z.input<S>>(name: K, value: z.input<S>[K]) => void;
  /** Error to show for a field: after it was left once or a submit was tried, then live as the user types. */
  error: (name: keyof z.input<S> & string) => string | undefined;
  touch: (name: keyof z.input<S> & string) => void;
  /** Props for a Mantine text-like input bound to a string field. */
  text: (name: keyof z.input<S> & string) => {
    value: string;
    onChange: (e: { currentTarget: { value: string } }) => void;
    onBlur: () => void;
    error: string | undefined;
    name: string;
  };
  valid: boolean;
  submit: (fn: (data: z.output<S>) => void) => (e?: FormEvent) => void;
  /** Shows the server's field errors (problem.errors) beside the fields they name. */
  setServerErrors: (problem: Problem | undefined) => void;
  reset: (values?: z.input<S>) => void;
}

export function useZodForm<S extends z.ZodType>(schema: S, initial: z.input<S>): ZodForm<S> {
  const { t } = useTranslation();
  const [values, setValues] = useState<z.input<S>>(initial);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrorsState] = useState<Record<string, string>>({});

  const result = useMemo(() => schema.safeParse(blankToUndefined(values)), [schema, values]);
  const errors = useMemo(() => {
    const out: Record<string, string> = {};
    if (!result.success) {
      for (const issue of result.error.issues) {
        const key = String(issue.path[0] ?? '');
        if (!(key in out)) out[key] = issueMessage(issue, t);
      }
    }
    return out;
  }, [result, t]);

  const setValue = useCallback(<K extends keyof z.input<S>>(name: K, value: z.input<S>[K]) => {
    setValues((v) => ({ ...(v as object), [name]: value }) as z.input<S>);
    setServerErrorsState((e) => {
      if (!(name in e)) return e;
      const { [name as string]: _gone, ...rest } = e;
      return rest;
    });
  }, []);
  const touch = useCallback((name: string) => setTouched((x) => (x[name] ? x : { ...x, [name]: true })), []);
  const error = (name: string) =>
    serverErrors[name] ?? (touched[name] || submitted ? errors[name] : undefined);

  return {
    values,
    setValue,
    error,
    touch,
    text: (name) => ({
      name,
      value: String((values as Record<string, unknown>)[name] ?? ''),
      onChange: (e) =>
        setValue(name as keyof z.input<S>, e.currentTarget.value as z.input<S>[keyof z.input<S>]),
      onBlur: () => touch(name),
      error: error(name),
    }),
    valid: result.success,
    submit: (fn) => (e) => {
      e?.preventDefault();
      setSubmitted(true);
      if (result.success) fn(result.data as z.output<S>);
      else {
        // Move focus to the first field that needs attention (keyboard and screen-reader users).
        const first = result.error.issues[0]?.path[0];
        if (first !== undefined) {
          requestAnimationFrame(() =>
            document.querySelector<HTMLElement>(`[name="${String(first)}"]`)?.focus(),
          );
        }
      }
    },
    setServerErrors: (problem) => {
      const out: Record<string, string> = {};
      for (const e of problem?.errors ?? []) {
        const key = e.path.replace(/^\/?(body[./])?/, '').split(/[./]/)[0] ?? '';
        if (key && !(key in out)) out[key] = e.message;
      }
      setServerErrorsState(out);
    },
    reset: (next) => {
      setValues(next ?? initial);
      setTouched({});
      setSubmitted(false);
      setServerErrorsState({});
    },
  };
}
