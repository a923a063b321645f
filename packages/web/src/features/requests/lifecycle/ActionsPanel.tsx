import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LifecycleT } from '../../../api/types.ts';
import { useFocusReturn } from '../../../ui/useFocusReturn.ts';
import { ActionDialog } from './ActionDialog.tsx';
import { ACTION_ORDER, actionText, DANGER_ACTIONS, isAssessing } from './vocab.ts';

/**
 * The actions the server says I may take now (`allowedActions`), the way forward first. On an
 * incoming request under assessment the decisions also open the assessment screen.
 */
export function ActionsPanel({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<string | null>(null);
  const focus = useFocusReturn();
  const allowed = new Set(lifecycle.allowedActions);
  const actions = ACTION_ORDER.filter((a) => allowed.has(a));
  const r = lifecycle.data;
  const assessing = isAssessing(r.side, lifecycle.allowedActions);
  if (actions.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="no-actions">
        {r.turn === null ? t('request.finished') : t('request.nothingForYou')}
      </Text>
    );
  }
  const primary = actions[0];
  return (
    <>
      <Group gap="xs" data-testid="actions">
        {assessing && (
          <Button component={Link} to={`/requests/${r.id}/assess`} variant="filled">
            {t('assess.open')}
          </Button>
        )}
        {actions.map((a) => (
          <Button
            key={a}
            variant={a === primary && !assessing ? 'filled' : DANGER_ACTIONS.has(a) ? 'light' : 'default'}
            color={DANGER_ACTIONS.has(a) ? 'red' : undefined}
            onClick={() => {
              focus.remember();
              setAction(a);
            }}
            data-action={a}
          >
            {t(actionText(a, r.state)?.label ?? `transitionAction.${a}`)}
          </Button>
        ))}
      </Group>
      {action && (
        <ActionDialog
          lifecycle={lifecycle}
          action={action}
          onClose={() => {
            setAction(null);
            focus.restore();
          }}
        />
      )}
    </>
  );
}
