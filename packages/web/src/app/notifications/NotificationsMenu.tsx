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
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../ui/DateTime.tsx';
import { BellIcon } from '../../ui/icons.tsx';
import { followStream, type StreamStatus } from './sse.ts';

export interface DomainNotification {
  key: string;
  type: string;
  receivedAt: string;
  summary: string;
}

const MAX_KEPT = 50;

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
};

function summarise(data: string): string {
  try {
    const outer = JSON.parse(data) as Record<string, unknown>;
    // Domain events arrive as { id, type, payload, createdAt }; the interesting fields are in payload.
    const parsed =
      outer.payload && typeof outer.payload === 'object'
        ? { ...outer, ...(outer.payload as Record<string, unknown>) }
        : outer;
    const pick = ['reference', 'title', 'name', 'displayName', 'email', 'objectType', 'action'];
    const parts = pick.map((k) => parsed[k]).filter((v): v is string => typeof v === 'string');
    return parts.slice(0, 2).join(' · ');
  } catch {
    return '';
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

/** The notifications area: live domain events from GET /api/events/stream, newest first. */
export function NotificationsMenu() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
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
          counter.current += 1;
          const item = {
            key: m.id ?? `local-${counter.current}`,
            type: m.event,
            receivedAt: new Date().toISOString(),
            summary: summarise(m.data),
          };
          setItems((xs) => [item, ...xs].slice(0, MAX_KEPT));
          setUnread((n) => n + 1);
          for (const key of invalidates[m.event.split('.')[0] ?? ''] ?? []) void refresh(queryClient, key);
        },
      }),
    [queryClient],
  );

  const label = unread > 0 ? t('notifications.buttonUnread', { n: unread }) : t('notifications.button');
  return (
    <Indicator disabled={unread === 0} label={unread > 9 ? '9+' : unread} size={16} color="red" offset={4}>
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
            <Badge size="xs" variant="light" color={status === 'open' ? 'green' : 'gray'}>
              {t(`notifications.status.${status}`)}
            </Badge>
          </Group>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('notifications.empty')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={320}>
              <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {items.map((n) => (
                  <Box component="li" key={n.key}>
                    <Text size="sm" fw={600} className="comity-mono">
                      {n.type}
                    </Text>
                    {n.summary && <Text size="sm">{n.summary}</Text>}
                    <Text size="xs" c="dimmed">
                      <DateTime value={n.receivedAt} seconds />
                    </Text>
                  </Box>
                ))}
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
