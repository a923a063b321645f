import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe, usePermission } from '../../api/queries.ts';
import type { LifecycleT } from '../../api/types.ts';
import { ThreadsTable } from './MessagesPage.tsx';
import { messagingApi, messagingKeys } from './messaging.api.ts';
import { NewThreadModal } from './ThreadPage.tsx';
import { useLiveEvents } from './useLiveEvents.ts';

/** The request page's "Messages" tab: threads bound to the request, and opening a new one. */
export function RequestThreadsPanel({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t } = useTranslation();
  const can = usePermission();
  const me = useMe().data;
  const navigate = useNavigate();
  const r = lifecycle.data;
  const [opened, setOpened] = useState(false);
  const threads = useQuery({
    queryKey: messagingKeys.threads({ requestId: r.id }),
    queryFn: ({ signal }) => messagingApi.threads({ requestId: r.id }, signal),
  });
  useLiveEvents(['thread'], [messagingKeys.threads({ requestId: r.id })]);
  const counterpart = [r.requestingAgency.id, r.recipientAgency?.id].filter(
    (x): x is string => Boolean(x) && x !== me?.agency.id,
  );
  return (
    <Stack gap="sm" component="section" aria-labelledby="request-messages-title">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2} size="h4" id="request-messages-title">
            {t('request.tab.messages')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('messaging.requestIntro')}
          </Text>
        </Stack>
        {can('thread.post') && <Button onClick={() => setOpened(true)}>{t('messaging.newThread')}</Button>}
      </Group>
      <ThreadsTable query={threads} />
      <NewThreadModal
        opened={opened}
        onClose={() => setOpened(false)}
        requestId={r.id}
        defaultSubject={`${t('messaging.requestSubject')} ${r.proceedingsReference ?? r.reference}`}
        defaultParticipants={counterpart}
        onCreated={(id) => navigate(`/messages/${id}`)}
      />
    </Stack>
  );
}
