import { NOTIFICATION_KINDS } from '@comity/contracts';
import { Alert, Button, Card, Checkbox, Group, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationPreferencesT } from '../../api/types.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { lifecycleApi, lifecycleKeys } from '../requests/lifecycle/lifecycle.api.ts';

/**
 * How I am told: in the application always (live), by e-mail for the kinds I choose, and a daily
 * digest. E-mails carry only a link and a neutral reference, never operational details.
 */
export function NotificationPreferencesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const prefs = useQuery({
    queryKey: lifecycleKeys.preferences,
    queryFn: ({ signal }) => lifecycleApi.preferences(signal),
  });
  const [value, setValue] = useState<NotificationPreferencesT | null>(null);
  useEffect(() => {
    if (prefs.data && value === null) setValue(prefs.data);
  }, [prefs.data, value]);
  const save = useMutation({
    mutationFn: (v: NotificationPreferencesT) => lifecycleApi.savePreferences(v),
    onSuccess: (saved) => {
      queryClient.setQueryData(lifecycleKeys.preferences, saved);
      setValue(saved);
    },
  });
  return (
    <>
      <PageHeader title={t('prefs.title')} description={t('prefs.intro')} />
      {prefs.isError && <ProblemAlert error={prefs.error} onRetry={() => void prefs.refetch()} />}
      {value && (
        <Card withBorder padding="md" maw={640}>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(value);
            }}
          >
            <Stack gap="md">
              <Text size="sm">{t('prefs.inApp')}</Text>
              <Switch
                label={t('prefs.email')}
                description={t('prefs.emailHint')}
                checked={value.email}
                onChange={(e) => setValue({ ...value, email: e.currentTarget.checked })}
              />
              <Checkbox.Group
                label={t('prefs.kinds')}
                value={value.emailKinds}
                onChange={(kinds) =>
                  setValue({ ...value, emailKinds: kinds as NotificationPreferencesT['emailKinds'] })
                }
              >
                <Stack gap={6} mt={6}>
                  {NOTIFICATION_KINDS.map((k) => (
                    <Checkbox key={k} value={k} label={t(`notificationKind.${k}`)} disabled={!value.email} />
                  ))}
                </Stack>
              </Checkbox.Group>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="digest-label">
                  {t('prefs.digest')}
                </Text>
                <SegmentedControl
                  value={value.digest}
                  onChange={(d) => setValue({ ...value, digest: d as NotificationPreferencesT['digest'] })}
                  data={[
                    { value: 'off', label: t('prefs.digestOff') },
                    { value: 'daily', label: t('prefs.digestDaily') },
                  ]}
                  aria-labelledby="digest-label"
                  disabled={!value.email}
                />
              </Stack>
              {save.isError && <ProblemAlert error={save.error} />}
              {save.isSuccess && (
                <Alert color="green" variant="light" role="status">
                  {t('prefs.saved')}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </>
  );
}
