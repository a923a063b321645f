import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineT } from '../../../api/types.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { lifecycleApi, lifecycleKeys } from './lifecycle.api.ts';

type Entry = TimelineT['items'][number];

/** The words of a communication, by the field its action carries them in. */
const TEXT_OF: Record<string, string> = {
  'request-information': 'questions',
  'provide-information': 'answer',
  'return-results': 'summary',
};

/**
 * What the two sides said to each other in some actions (questions and answers, results returned),
 * oldest first, from the request's timeline: shown where a decision or the next step depends on it.
 */
export function ExchangeCard({
  requestId,
  actions,
  title,
}: {
  requestId: string;
  actions: readonly (keyof typeof TEXT_OF)[];
  title: string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const timeline = useQuery({
    queryKey: lifecycleKeys.timeline(requestId),
    queryFn: ({ signal }) => lifecycleApi.timeline(requestId, signal),
  });
  const entries = (timeline.data?.items ?? []).filter(
    (e: Entry) => e.kind === 'transition' && actions.includes(e.action),
  );
  if (entries.length === 0) return null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={titleId} data-testid="exchange">
      <Title order={2} size="h4" mb="xs" id={titleId}>
        {title}
      </Title>
      <Stack gap="sm">
        {entries.map((e) => (
          <div key={`${e.at}:${e.action}`}>
            <Text size="sm" fw={600}>
              {t(`transitionAction.${e.action}`, { defaultValue: e.action })}
            </Text>
            <Text size="xs" c="dimmed">
              <DateTime value={e.at} />
              {e.agency ? ` · ${e.agency.name}` : ''}
            </Text>
            <Text size="sm" className="comity-prewrap">
              {String(e.details[TEXT_OF[e.action] ?? ''] ?? '')}
            </Text>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
