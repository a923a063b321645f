import { Alert, Code, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { RULE_KEY } from './evidence.api.ts';

/**
 * The dissemination rule a 403 names (server `refusal()`: `errors[0].path` is the rule, e.g.
 * `tlp-confined`), or null when the error is something else.
 */
export function refusedRule(error: unknown): string | null {
  if (!isProblem(error, 'forbidden')) return null;
  const path = error.problem.errors?.[0]?.path;
  return path && RULE_KEY[path] ? path : null;
}

/**
 * A refusal by the handling labels, said as such: which rule, the server's reason, and what the
 * officer can do. Any other error falls back to the usual problem alert.
 */
export function RefusalAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  const rule = refusedRule(error);
  if (!rule || !isProblem(error)) return <ProblemAlert error={error} />;
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={t('dissemination.refusedTitle')}
      data-problem-code="forbidden"
      data-rule={rule}
      data-testid="dissemination-refusal"
    >
      <Text size="sm" fw={600}>
        {t(RULE_KEY[rule]!)}
      </Text>
      {error.problem.errors?.[0]?.message && <Text size="sm">{error.problem.errors[0].message}</Text>}
      {children}
      <Text size="xs" mt="xs" c="dimmed">
        {t('dissemination.rule')} <Code>{rule}</Code> · HTTP 403
      </Text>
    </Alert>
  );
}
