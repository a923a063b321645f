import { type NotificationsResponse, REQUEST_STATES, requestReference } from '@comity/contracts';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { isIn } from '../../features/legal/vocab.ts';
import { TASK_STATUSES } from '../../features/requests/lifecycle/vocab.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { BellIcon } from '../../ui/icons.tsx';
import { followStream, type StreamStatus } from './sse.ts';

export interface DomainNotification {
  key: string;
  type: string;
  receivedAt: string;
  /** The event's fields (ids, states; never content): what the line says about it. */
  fields: Record<string, unknown>;
}

/** The live events the server sends that a person is told about in words of their own. */
export const LIVE_EVENTS = [
  'case.created',
  'deadline.overdue',
  'deadline.reminder',
  'evidence.created',
  'evidence.transferred',
  'message.edited',
  'message.posted',
  'request.transition',
  'task.assigned',
  'task.updated',
  'thread.created',
] as const;

/** What a live event says, in the user's language: what happened, to which request or item. */
function wordsFor(t: (key: string) => string, n: DomainNotification): { title: string; detail: string } {
  const f = n.fields;
  const title = isIn(LIVE_EVENTS, n.type) ? t(`liveEvent.${n.type}`) : t('liveEvent.other');
  const parts = [
    typeof f.requestId === 'string'
      ? requestReference(f.requestId)
      : typeof f.reference === 'string'
        ? f.reference
        : undefined,
    n.type === 'request.transition' && isIn(REQUEST_STATES, f.to) ? t(`requestState.${f.to}`) : undefined,
    n.type.startsWith('task.') && isIn(TASK_STATUSES, f.status) ? t(`taskStatus.${f.status}`) : undefined,
    typeof f.title === 'string' ? f.title : undefined,
  ];
  return { title, detail: parts.filter((x): x is string => Boolean(x)).join(' · ') };
}

const MAX_KEPT = 50;

type Persisted = z.infer<typeof NotificationsResponse>;
type PersistedItem = Persisted['items'][number];

/** My persisted notifications (with read state): GET /api/me/notifications. */
export const myNotificationsKey = ['me', 'notifications'] as const;
const loadMine = (signal?: AbortSignal) =>
  api.get<Persisted>('/api/me/notifications', { signal, query: { limit: '20' } });
const markRead = (id: string) => api.post(`/api/me/notifications/${encodeURIComponent(id)}/read`);

/** The in-app path of a notification's link (the server sends it absolute, for e-mails). */
export function appPath(link: string): string {
  try {
    const u = new URL(link, 'http://comity.invalid');
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return '/inbox';
  }
}

/** Which cached lists a domain event makes stale, by the event type's first segment. */
const invalidates: Record<string, string[][]> = {
  case: [['cases']],
  agency: [['agencies']],
  jurisdiction: [['jurisdictions']],
  user: [['users']],
  token: [['tokens']],
  audit: [['audit']],
  request: [['requests'], ['lifecycle'], ['inbox']],
  task: [['tasks'], ['lifecycle'], ['inbox']],
  deadline: [['lifecycle'], ['inbox']],
  // A notification was stored for someone of my agency: reload mine (read state and count).
  notification: [[...myNotificationsKey]],
};

function fieldsOf(data: string): Record<string, unknown> {
  try {
    const outer = JSON.parse(data) as Record<string, unknown>;
    // Domain events arrive as { id, type, payload, createdAt }; the interesting fields are in payload.
    return outer.payload && typeof outer.payload === 'object'
      ? { ...outer, ...(outer.payload as Record<string, unknown>) }
      : outer;
  } catch {
    return {};
  }
}

/**
 * Marks a list stale and refetches it. TanStack joins a fetch already in flight instead of
 * restarting it, and that fetch may have started before the event: then fetch once more after it.
 */
async function refresh(queryClient: QueryClient, queryKey: string[]): Promise<void> {
  const inFlight = queryClient.isFetching({ queryKey }) > 0;
  await queryClient.invalidateQueries({ queryKey });
  if (inFlight) await queryClient.invalidateQueries({ queryKey });
}

/**
 * The notifications area: my stored notifications (GET /api/me/notifications, unread first in the
 * count, marked read when opened) and the live domain events of GET /api/events/stream, newest first.
 */
export function NotificationsMenu() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mine = useQuery({ queryKey: myNotificationsKey, queryFn: ({ signal }) => loadMine(signal) });
  const read = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) await markRead(id);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: myNotificationsKey }),
  });
  const [items, setItems] = useState<DomainNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [opened, setOpened] = useState(false);
  const counter = useRef(0);

  useEffect(
    () =>
      followStream({
        url: '/api/events/stream',
        onStatus: setStatus,
        onMessage: (m) => {
          if (m.event === 'message' || m.event === 'ping' || m.event === 'hello') return;
          if (m.event === 'resync') {
            // Back after more was missed than the server replays: everything shown is reloaded.
            void queryClient.invalidateQueries();
            return;
          }
          if (m.event === 'notification') {
            // Stored, possibly for me: it appears (and counts) through GET /api/me/notifications.
            void refresh(queryClient, [...myNotificationsKey]);
            return;
          }
          for (const key of invalidates[m.event.split('.')[0] ?? ''] ?? []) void refresh(queryClient, key);
          const fields = fieldsOf(m.data);
          // What I did myself (here or in another tab) refreshes what is shown, and is not news to me.
          if (fields.mine === true) return;
          counter.current += 1;
          const item = {
            key: m.id ?? `local-${counter.current}`,
            type: m.event,
            receivedAt: new Date().toISOString(),
            fields,
          };
          setItems((xs) => [item, ...xs].slice(0, MAX_KEPT));
          setUnread((n) => n + 1);
        },
      }),
    [queryClient],
  );

  const stored = mine.data?.items ?? [];
  const storedUnread = mine.data?.unread ?? 0;
  const total = unread + storedUnread;
  const open = (n: PersistedItem) => {
    if (n.readAt === null) read.mutate([n.id]);
    setOpened(false);
    navigate(appPath(n.link));
  };
  const label = total > 0 ? t('notifications.buttonUnread', { n: total }) : t('notifications.button');
  return (
    <Indicator disabled={total === 0} label={total > 9 ? '9+' : total} size={16} color="red" offset={4}>
      <Popover
        width={340}
        position="bottom-end"
        shadow="md"
        opened={opened}
        onChange={setOpened}
        trapFocus
        returnFocus
      >
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={label}
            data-testid="notifications-button"
            onClick={() => {
              setOpened((o) => !o);
              setUnread(0);
            }}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown aria-label={t('notifications.title')}>
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              {t('notifications.title')}
            </Text>
            <Group gap={6}>
              {storedUnread > 0 && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  loading={read.isPending}
                  onClick={() => read.mutate(stored.filter((n) => n.readAt === null).map((n) => n.id))}
                >
                  {t('notifications.markAllRead')}
                </Button>
              )}
              <Badge size="xs" variant="light" color={status === 'open' ? 'green' : 'gray'}>
                {t(`notifications.status.${status}`)}
              </Badge>
            </Group>
          </Group>
          {stored.length > 0 && (
            <ScrollArea.Autosize mah={240} mb="xs">
              <Stack
                gap={4}
                component="ul"
                aria-label={t('notifications.mine')}
                data-testid="my-notifications"
                style={{ listStyle: 'none', padding: 0, margin: 0 }}
              >
                {stored.map((n) => (
                  <Box component="li" key={n.id} data-read={n.readAt !== null}>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      fullWidth
                      justify="flex-start"
                      h="auto"
                      py={4}
                      onClick={() => open(n)}
                      aria-label={
                        n.readAt === null
                          ? t('notifications.unreadItem', {
                              kind: t(`notificationTitle.${n.kind}`),
                              reference: n.reference,
                            })
                          : undefined
                      }
                    >
                      <Stack gap={0} align="flex-start">
                        <Group gap={6} wrap="nowrap">
                          {n.readAt === null && (
                            <Box
                              w={8}
                              h={8}
                              bg="red"
                              style={{ borderRadius: '50%', flex: 'none' }}
                              aria-hidden
                            />
                          )}
                          <Text size="sm" fw={n.readAt === null ? 700 : 400}>
                            {t(`notificationTitle.${n.kind}`)}
                          </Text>
                        </Group>
                        <Text size="sm">{n.reference}</Text>
                        <Text size="xs" c="dimmed">
                          <DateTime value={n.createdAt} />
                        </Text>
                      </Stack>
                    </Button>
                  </Box>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          {items.length === 0 && stored.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('notifications.empty')}
            </Text>
          ) : items.length === 0 ? null : (
            <ScrollArea.Autosize mah={320}>
              <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {items.map((n) => {
                  const said = wordsFor(t, n);
                  return (
                    <Box component="li" key={n.key} data-event={n.type}>
                      <Text size="sm" fw={600}>
                        {said.title}
                      </Text>
                      {said.detail && <Text size="sm">{said.detail}</Text>}
                      <Text size="xs" c="dimmed">
                        <DateTime value={n.receivedAt} />
                      </Text>
                    </Box>
                  );
                })}
              </Stack>
            </ScrollArea.Autosize>
          )}
          {items.length > 0 && (
            <Button size="xs" variant="subtle" mt="xs" onClick={() => setItems([])}>
              {t('notifications.clear')}
            </Button>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
