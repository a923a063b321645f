import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { purpose } from '../../api/purpose.ts';
import { useStore } from '../../api/store.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { purposeKey } from './requests.api.ts';

/** While a request loads: a loader, or, while its purpose is being asked, what the page waits for. */
export function PendingRequest({ id }: { id: string }) {
  const { t } = useTranslation();
  const asking = useStore(purpose.store);
  if (asking?.key === purposeKey(id)) {
    return (
      <Stack>
        <PageHeader title={t('request.title')} />
        <Text size="sm" c="dimmed">
          {t('purpose.waiting')}
        </Text>
      </Stack>
    );
  }
  return (
    <Center h="40vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}
