import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { useMe } from '../../api/queries.ts';
import type { TaskRowT } from '../../api/types.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
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
  const [result, setResult] = useState('');
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
      setResult('');
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
          >
            {t('tasks.start')}
          </Button>
        )}
        {open && (
          <Button
            size="compact-xs"
            onClick={() => setFinishing(true)}
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
            onClick={() => update.mutate({ status: 'cancelled' })}
          >
            {t('tasks.cancel')}
          </Button>
        )}
      </Group>
      {update.isError &&
        !finishing &&
        (stale ? (
          <ProblemAlert error={update.error} title={t('tasks.stale')} />
        ) : (
          <ProblemAlert error={update.error} />
        ))}
      {finishing && (
        <Modal
          opened
          onClose={() => setFinishing(false)}
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
                <Button variant="default" onClick={() => setFinishing(false)}>
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
