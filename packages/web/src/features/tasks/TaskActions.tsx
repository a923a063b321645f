import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { useMe } from '../../api/queries.ts';
import type { TaskRowT } from '../../api/types.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFocusReturn } from '../../ui/useFocusReturn.ts';
import { lifecycleApi, type UpdateTaskBody } from '../requests/lifecycle/lifecycle.api.ts';

/**
 * What can be done with a task by its owner agency or the recipient agency: take it, start it,
 * finish it with its result, cancel it. Saved with the task's version; if someone changed it
 * meanwhile the lists refresh and the user sees the new state.
 */
export function TaskActions({ row }: { row: TaskRowT }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [finishing, setFinishing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [result, setResult] = useState('');
  // The dialogs exist only while open (a board holds hundreds of tasks): focus goes back by hand.
  const focus = useFocusReturn();
  const closeFinishing = () => {
    setFinishing(false);
    focus.restore();
  };
  const closeCancelling = () => {
    setCancelling(false);
    focus.restore();
  };
  const task = row.data;
  const update = useMutation({
    mutationFn: (body: Omit<UpdateTaskBody, 'expectedVersion'>) =>
      lifecycleApi.updateTask(task.id, { ...body, expectedVersion: task.version }),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
        queryClient.invalidateQueries({ queryKey: ['lifecycle', task.requestId] }),
        queryClient.invalidateQueries({ queryKey: ['inbox'] }),
      ]);
    },
    onSuccess: () => {
      setFinishing(false);
      setCancelling(false);
      setResult('');
      focus.restore();
    },
  });
  if (!row.policies.update) return null;
  const open = task.status === 'open' || task.status === 'in-progress';
  const stale = update.isError && isProblem(update.error, 'conflict');
  return (
    <Stack gap={4}>
      <Group gap={6}>
        {open && me && me.agency.id === task.ownerAgency.id && task.ownerUserId !== me.user.id && (
          <Button
            size="compact-xs"
            variant="default"
            onClick={() => update.mutate({ ownerUserId: me.user.id })}
            loading={update.isPending}
            aria-label={t('tasks.takeItLabel', { title: task.title })}
          >
            {t('tasks.takeIt')}
          </Button>
        )}
        {task.status === 'open' && (
          <Button
            size="compact-xs"
            variant="default"
            onClick={() => update.mutate({ status: 'in-progress' })}
            loading={update.isPending}
            aria-label={t('tasks.startLabel', { title: task.title })}
          >
            {t('tasks.start')}
          </Button>
        )}
        {open && (
          <Button
            size="compact-xs"
            onClick={() => {
              focus.remember();
              update.reset();
              setFinishing(true);
            }}
            aria-label={t('tasks.finishLabel', { title: task.title })}
          >
            {t('tasks.finish')}
          </Button>
        )}
        {open && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => {
              focus.remember();
              update.reset();
              setCancelling(true);
            }}
            aria-label={t('tasks.cancelLabel', { title: task.title })}
          >
            {t('tasks.cancel')}
          </Button>
        )}
      </Group>
      {update.isError &&
        !finishing &&
        !cancelling &&
        (stale ? (
          <ProblemAlert error={update.error} title={t('tasks.stale')} />
        ) : (
          <ProblemAlert error={update.error} />
        ))}
      {cancelling && (
        <ConfirmDialog
          opened
          title={t('tasks.cancelTitle', { title: task.title })}
          confirmLabel={t('tasks.cancel')}
          danger
          pending={update.isPending}
          error={update.error}
          onConfirm={() => update.mutate({ status: 'cancelled' })}
          onClose={closeCancelling}
        >
          {t('tasks.cancelConfirm')}
        </ConfirmDialog>
      )}
      {finishing && (
        <Modal
          opened
          onClose={closeFinishing}
          title={t('tasks.finishTitle', { title: task.title })}
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (result.trim()) update.mutate({ status: 'done', result: result.trim() });
            }}
          >
            <Stack gap="sm">
              <Textarea
                label={t('tasks.result')}
                description={t('tasks.resultHint')}
                required
                autosize
                minRows={4}
                maxLength={20000}
                value={result}
                onChange={(e) => setResult(e.currentTarget.value)}
                data-autofocus
              />
              {update.isError && <ProblemAlert error={update.error} />}
              <Group justify="flex-end" gap="xs">
                <Button variant="default" onClick={closeFinishing}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={update.isPending} disabled={!result.trim()}>
                  {t('tasks.markDone')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal>
      )}
    </Stack>
  );
}
