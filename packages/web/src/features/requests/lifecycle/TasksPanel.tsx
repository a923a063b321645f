import { CreateTask, MEASURE_IDS } from '@comity/contracts';
import {
  Alert,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, usePermission } from '../../../api/queries.ts';
import type { DeadlinesT, LifecycleT } from '../../../api/types.ts';
import { Citation } from '../../../ui/Citation.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { RelativeDeadline } from '../../../ui/RelativeDeadline.tsx';
import { TableState } from '../../../ui/TableState.tsx';
import { issueMessage } from '../../../ui/zod-form.ts';
import { adminApi, adminKeys, ofWorld } from '../../admin/admin.api.ts';
import { DeadlineActionLabel } from '../../legal/AdviceView.tsx';
import { useNames } from '../../legal/names.ts';
import { TaskActions } from '../../tasks/TaskActions.tsx';
import { TaskStatusBadge } from '../../tasks/TaskStatusBadge.tsx';
import { lifecycleApi, lifecycleKeys } from './lifecycle.api.ts';

const CLOSED = new Set(['closed', 'withdrawn', 'cancelled', 'refused', 'results-returned']);

/**
 * The clocks of the requested side still running (or paused) that a task due at `dueAt` would end
 * after: its result would come too late for them (the law's, and the date the issuing authority
 * asked for).
 */
function deadlinesBefore(deadlines: DeadlinesT | undefined, dueAt: string | undefined) {
  if (!deadlines || !dueAt) return [];
  return deadlines.items.filter(
    (d) => d.owner === 'requested' && (d.status === 'running' || d.status === 'paused') && d.dueAt < dueAt,
  );
}

/** A warning naming the clocks a task's due date passes, each with its due date and citation. */
function AfterDeadlines({ passed }: { passed: DeadlinesT['items'] }) {
  const { t } = useTranslation();
  if (passed.length === 0) return null;
  return (
    <Alert color="yellow" title={t('tasks.afterDeadline')} role="status">
      <List size="sm">
        {passed.map((d) => (
          <List.Item key={d.id}>
            <DeadlineActionLabel action={d.action} /> — <DateTime value={d.dueAt} mode="date" />{' '}
            <Citation citation={d.citation} verified={d.verified} />
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** The receiving authority splits the request into tasks for executing agencies of its state. */
function AssignTask({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t } = useTranslation();
  const names = useNames();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const r = lifecycle.data;
  const agencies = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: ({ signal }) => adminApi.agencies(signal),
  });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [measure, setMeasure] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const deadlines = useQuery({
    queryKey: lifecycleKeys.deadlines(r.id),
    queryFn: ({ signal }) => lifecycleApi.deadlines(r.id, signal),
  });
  const dueAt = due ? new Date(`${due}T17:00:00`).toISOString() : undefined;
  const body = {
    title: title.trim(),
    ...(description.trim() ? { description: description.trim() } : {}),
    ...(measure ? { measure } : {}),
    ...(owner ? { ownerAgencyId: owner } : {}),
    ...(dueAt ? { dueAt } : {}),
  };
  const parsed = CreateTask.safeParse(body);
  const errors = new Map<string, string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (!errors.has(key)) errors.set(key, issueMessage(issue, t));
    }
  }
  const err = (k: string) => (submitted ? errors.get(k) : undefined);
  const create = useMutation({
    mutationFn: () => lifecycleApi.createTask(r.id, body as never),
    onSuccess: async () => {
      setTitle('');
      setDescription('');
      setMeasure(null);
      setOwner(null);
      setDue('');
      setSubmitted(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['lifecycle', r.id] }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      ]);
    },
  });
  // Executing agencies of the requested state (the recipient agency's, as the server checks: a
  // request received from a partner node may not name the state) and of this agency's world.
  const requested = r.recipientAgency?.jurisdiction ?? r.requestedState;
  const inState = ofWorld(agencies.data?.items, me?.agency.exercise).filter(
    (a) => a.data.jurisdiction === requested,
  );
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="assign-task-title">
      <Title order={3} size="h5" mb="xs" id="assign-task-title">
        {t('tasks.assignTitle')}
      </Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (parsed.success) create.mutate();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('tasks.title')}
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              maxLength={200}
              error={err('title')}
              name="title"
            />
            <Select
              label={t('tasks.owner')}
              required
              data={inState.map((a) => ({ value: a.data.id, label: a.data.name }))}
              value={owner}
              onChange={setOwner}
              error={err('ownerAgencyId')}
              searchable
              nothingFoundMessage={t('common.nothingFound')}
              name="ownerAgencyId"
            />
            <Select
              label={t('tasks.measure')}
              data={MEASURE_IDS.map((m) => ({ value: m, label: names.measure(m) }))}
              value={measure}
              onChange={setMeasure}
              clearable
              name="measure"
            />
            <TextInput
              label={t('tasks.due')}
              type="date"
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              error={err('dueAt')}
              name="dueAt"
            />
          </SimpleGrid>
          <Textarea
            label={t('tasks.description')}
            autosize
            minRows={2}
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            name="description"
          />
          <AfterDeadlines passed={deadlinesBefore(deadlines.data, dueAt)} />
          {create.isError && <ProblemAlert error={create.error} />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('tasks.assign')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Tasks of one request: who executes what, by when, with which result. */
export function TasksPanel({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t } = useTranslation();
  const names = useNames();
  const can = usePermission();
  const r = lifecycle.data;
  const tasks = useQuery({
    queryKey: lifecycleKeys.tasks(r.id),
    queryFn: ({ signal }) => lifecycleApi.tasks(r.id, signal),
  });
  const items = tasks.data?.items ?? [];
  const mayAssign =
    r.side === 'requested' && can('request.receive') && !CLOSED.has(r.state) && r.state !== 'transmitted';
  return (
    <Stack gap="md">
      <div className="comity-table-wrap">
        <Table withTableBorder striped fz="sm" data-testid="request-tasks">
          <Table.Caption>{t('tasks.caption', { n: items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('tasks.task')}</Table.Th>
              <Table.Th scope="col">{t('tasks.owner')}</Table.Th>
              <Table.Th scope="col">{t('tasks.due')}</Table.Th>
              <Table.Th scope="col">{t('tasks.status')}</Table.Th>
              <Table.Th scope="col">{t('tasks.result')}</Table.Th>
              <Table.Th scope="col">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState query={tasks} columns={6} empty={t('tasks.empty')} />
            {items.map((row) => (
              <Table.Tr key={row.data.id} data-task={row.data.title}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {row.data.title}
                  </Text>
                  {row.data.measure && (
                    <Text size="xs" c="dimmed">
                      {names.measure(row.data.measure)}
                    </Text>
                  )}
                  {row.data.description && (
                    <Text size="xs" className="comity-prewrap">
                      {row.data.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{row.data.ownerAgency.name}</Table.Td>
                <Table.Td>
                  {row.data.dueAt ? (
                    <>
                      <DateTime value={row.data.dueAt} mode="date" />
                      {(row.data.status === 'open' || row.data.status === 'in-progress') && (
                        <Text size="xs">
                          <RelativeDeadline value={row.data.dueAt} />
                        </Text>
                      )}
                    </>
                  ) : (
                    t('common.none')
                  )}
                </Table.Td>
                <Table.Td>
                  <TaskStatusBadge status={row.data.status} />
                </Table.Td>
                <Table.Td className="comity-prewrap">{row.data.result ?? t('common.none')}</Table.Td>
                <Table.Td>
                  <TaskActions row={row} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {mayAssign && <AssignTask lifecycle={lifecycle} />}
    </Stack>
  );
}
