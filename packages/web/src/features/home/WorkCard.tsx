import { INBOX_VIEWS } from '@comity/contracts';
import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InboxQueryT } from '../../api/types.ts';
import { lifecycleApi, lifecycleKeys } from '../requests/lifecycle/lifecycle.api.ts';

// One page of one view answers every view's count (same scope and filters).
const counts: InboxQueryT = { view: 'needs-my-action', limit: 1 };

/** What waits for me, counted per worklist, each count opening its list. */
export function WorkCard() {
  const { t } = useTranslation();
  const inbox = useQuery({
    queryKey: lifecycleKeys.inbox(counts),
    queryFn: ({ signal }) => lifecycleApi.inbox(counts, signal),
    refetchInterval: 60_000,
  });
  const n = inbox.data?.counts;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="home-work" data-testid="home-work">
      <Title order={2} size="h4" mb="xs" id="home-work">
        {t('home.work')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {INBOX_VIEWS.map((v) => (
          <Stack key={v} gap={0}>
            <Anchor component={Link} to={`/inbox?view=${v}`} size="sm">
              {t(`inboxView.${v}`)}
            </Anchor>
            <Text fz="xl" fw={700} c={v === 'overdue' && (n?.[v] ?? 0) > 0 ? 'red' : undefined} data-view={v}>
              {n ? n[v] : '…'}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Card>
  );
}
