import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { followStream } from '../../app/notifications/sse.ts';

/**
 * Live refresh for the messaging and evidence screens: follows the agency's domain-event stream
 * (GET /api/events/stream, the same one as the notifications area) while the screen is open, and
 * refetches the given queries when an event of one of the given types arrives. A refetch already
 * in flight may have started before the event, so it is repeated once after it (like the
 * notifications area does for the other lists).
 */
export function useLiveEvents(types: readonly string[], queryKeys: readonly (readonly unknown[])[]): void {
  const queryClient = useQueryClient();
  const latest = useRef({ types, queryKeys });
  latest.current = { types, queryKeys };
  useEffect(
    () =>
      followStream({
        url: '/api/events/stream',
        onStatus: () => undefined,
        onMessage: (m) => {
          const { types: wanted, queryKeys: keys } = latest.current;
          if (!wanted.some((type) => m.event === type || m.event.startsWith(`${type}.`))) return;
          for (const queryKey of keys) {
            const inFlight = queryClient.isFetching({ queryKey }) > 0;
            void queryClient.invalidateQueries({ queryKey }).then(() => {
              if (inFlight) void queryClient.invalidateQueries({ queryKey });
            });
          }
        },
      }),
    [queryClient],
  );
}
