import { Alert, Button, Code, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiProblem, type Problem } from '../api/problem.ts';
import { PurposeCancelled } from '../api/purpose.ts';
import { formatDuration } from './relative-time.ts';

export interface ProblemAlertProps {
  error: unknown;
  /** Overrides the title, e.g. to say what was being attempted. */
  title?: string;
  onRetry?: () => void;
}

/** Any error as a readable message with the problem's code (never a blank screen). */
export function ProblemAlert({ error, title, onRetry }: ProblemAlertProps) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  if (error instanceof PurposeCancelled) {
    // Not a failure: the user chose not to say why they read personal data, so it was not read.
    return (
      <Alert
        color="gray"
        title={t('purpose.cancelledTitle')}
        variant="light"
        data-problem-code="purpose-required"
      >
        <Text size="sm">{t('purpose.cancelled')}</Text>
        {onRetry && (
          <Button size="xs" variant="default" mt="xs" onClick={onRetry}>
            {t('purpose.giveNow')}
          </Button>
        )}
      </Alert>
    );
  }
  const problem: Problem =
    error instanceof ApiProblem
      ? error.problem
      : {
          type: 'about:blank',
          title: error instanceof Error ? error.message : String(error),
          status: 0,
          code: 'unknown',
        };
  const heading = title ?? t(`problems.${problem.code}`, { defaultValue: problem.title });
  // Field errors are said in words, one per line; the detail sums them up with the API's field
  // paths ("body.dueAt: …"), which mean nothing to the person at the form.
  const fieldErrors = problem.errors ?? [];
  const detail = fieldErrors.length > 0 ? undefined : problem.detail;
  return (
    <Alert color="red" title={heading} role="alert" data-problem-code={problem.code} variant="light">
      {detail && <Text size="sm">{detail}</Text>}
      {title && <Text size="sm">{t(`problems.${problem.code}`, { defaultValue: problem.title })}</Text>}
      {problem.code === 'network' && <Text size="sm">{t('problem.networkHint')}</Text>}
      {problem.retryAfter !== undefined && (
        <Text size="sm">
          {t('problem.retryAfter', { duration: formatDuration(problem.retryAfter * 1000, i18n.language) })}
        </Text>
      )}
      {fieldErrors.length === 1 && <Text size="sm">{fieldErrors[0]!.message}</Text>}
      {fieldErrors.length > 1 && (
        <List size="sm" mt="xs">
          {fieldErrors.map((e) => (
            <List.Item key={`${e.path}:${e.message}`} data-path={e.path}>
              {e.message}
            </List.Item>
          ))}
        </List>
      )}
      <Text size="xs" mt="xs" c="dimmed">
        {t('problem.code')} <Code>{problem.code}</Code>
        {problem.status > 0 && <> · HTTP {problem.status}</>}
        {problem.requestId && (
          <>
            {' '}
            · {t('problem.requestId')} <Code>{problem.requestId}</Code>
          </>
        )}
      </Text>
      {onRetry && (
        <Button size="xs" variant="default" mt="xs" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
