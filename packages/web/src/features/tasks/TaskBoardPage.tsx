import { Anchor, Card, Group, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TaskRowT } from '../../api/types.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { RelativeDeadline } from '../../ui/RelativeDeadline.tsx';
import { useNames } from '../legal/names.ts';
import { useBackState } from '../requests/back-link.ts';
import { lifecycleApi, lifecycleKeys } from '../requests/lifecycle/lifecycle.api.ts';
import { TASK_STATUSES } from '../requests/lifecycle/vocab.ts';
import { TaskActions } from './TaskActions.tsx';

function TaskCard({ row }: { row: TaskRowT }) {
  const { t } = useTranslation();
  const names = useNames();
  const task = row.data;
  const titleId = `task-${task.id}`;
  const backState = useBackState();
  return (
    <Card
      withBorder
      padding="sm"
      component="article"
      aria-labelledby={titleId}
      data-testid={`task-card-${task.title}`}
    >
      <Stack gap={4}>
        <Text fw={600} size="sm" id={titleId}>
          {task.title}
        </Text>
        <Anchor
          component={Link}
          to={`/requests/${task.requestId}?tab=tasks`}
          state={backState}
          size="xs"
          className="comity-mono"
        >
          {task.reference}
        </Anchor>
        {task.measure && (
          <Text size="xs" c="dimmed">
            {names.measure(task.measure)}
          </Text>
        )}
        {task.description && (
          <Text size="xs" className="comity-prewrap">
            {task.description}
          </Text>
        )}
        <Text size="xs">{task.ownerAgency.name}</Text>
        {task.dueAt && (
          <Text size="xs">
            {t('tasks.dueOn')} <DateTime value={task.dueAt} mode="date" />
            {(task.status === 'open' || task.status === 'in-progress') && (
              <>
                {' · '}
                <RelativeDeadline value={task.dueAt} />
              </>
            )}
          </Text>
        )}
        {task.result && (
          <Text size="xs" className="comity-prewrap">
            <Text span size="xs" fw={600}>
              {t('tasks.result')}:
            </Text>{' '}
            {task.result}
          </Text>
        )}
        <TaskActions row={row} />
      </Stack>
    </Card>
  );
}

/** The executing agency's board: every task of my agency (or mine), by status. */
export function TaskBoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const mine = params.get('mine') === 'true';
  const board = useQuery({
    queryKey: lifecycleKeys.board({ mine }),
    queryFn: ({ signal }) => lifecycleApi.board({ mine }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const items = board.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('tasks.boardTitle')} description={t('tasks.boardIntro')} />
      <Group mb="sm">
        <Switch
          label={t('tasks.onlyMine')}
          checked={mine}
          onChange={(e) => setParams(e.currentTarget.checked ? { mine: 'true' } : {}, { replace: true })}
        />
      </Group>
      {board.isError && <ProblemAlert error={board.error} onRetry={() => void board.refetch()} />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" data-testid="task-board">
        {TASK_STATUSES.map((status) => {
          const column = items.filter((x) => x.data.status === status);
          return (
            <section key={status} aria-labelledby={`column-${status}`} data-column={status}>
              <Title order={2} size="h5" mb="xs" id={`column-${status}`}>
                {t(`taskStatus.${status}`)} ({column.length})
              </Title>
              <Stack gap="sm">
                {column.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('tasks.columnEmpty')}
                  </Text>
                )}
                {column.map((row) => (
                  <TaskCard key={row.data.id} row={row} />
                ))}
              </Stack>
            </section>
          );
        })}
      </SimpleGrid>
    </>
  );
}
