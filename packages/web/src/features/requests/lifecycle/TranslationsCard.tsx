import { Alert, Card, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { usePermission } from '../../../api/queries.ts';
import type { LifecycleT, TranslationsT } from '../../../api/types.ts';
import { Citation } from '../../../ui/Citation.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useNames } from '../../legal/names.ts';
import { fieldLabel } from '../fields.ts';
import { lifecycleApi, lifecycleKeys } from './lifecycle.api.ts';
import { TRANSLATION_STATUSES } from './vocab.ts';

type Item = TranslationsT['items'][number];

function StatusSelect({ item, requestId, disabled }: { item: Item; requestId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (status: string) =>
      api.patch<Item>(`/api/translation-tasks/${encodeURIComponent(item.id)}`, {
        expectedVersion: item.version,
        status,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['lifecycle', requestId] }),
  });
  return (
    <Stack gap={2}>
      <Select
        aria-label={t('translations.statusFor', { field: fieldLabel(item.fieldPath, t) ?? item.fieldPath })}
        data={TRANSLATION_STATUSES.map((s) => ({ value: s, label: t(`translationStatus.${s}`) }))}
        value={item.status}
        onChange={(v) => v && v !== item.status && update.mutate(v)}
        allowDeselect={false}
        disabled={disabled || item.satisfiedBy === 'attachment'}
        size="xs"
        w={180}
      />
      {update.isError && <ProblemAlert error={update.error} />}
    </Stack>
  );
}

/**
 * Free-text fields to translate into a language the requested state accepts, while the request is
 * not written in one: one task per field; a translation attached satisfies them all. Transmission
 * waits for them where the instrument requires it, and only warns otherwise.
 */
export function TranslationsCard({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t } = useTranslation();
  const names = useNames();
  const can = usePermission();
  const r = lifecycle.data;
  const q = useQuery({
    queryKey: lifecycleKeys.translations(r.id),
    queryFn: ({ signal }) => lifecycleApi.translations(r.id, signal),
  });
  if (!q.data?.required) return null;
  const open = q.data.items.filter((i) => i.status === 'open' || i.status === 'in-progress').length;
  // Once sent with every translation settled, there is nothing left to do here.
  if (open === 0 && r.sent !== null) return null;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="translations-title"
      data-testid="translations"
    >
      <Title order={2} size="h4" mb="xs" id="translations-title">
        {t('translations.title')}
      </Title>
      <Stack gap="sm">
        <Text size="sm">
          {t('translations.intro', {
            languages: q.data.acceptedLanguages.map((l) => names.language(l)).join(', '),
          })}{' '}
          <Citation citation={q.data.citation} verified={q.data.verified} />
        </Text>
        {open > 0 && (
          <Alert color={q.data.blocking ? 'red' : 'yellow'} variant="light">
            {q.data.blocking
              ? t('translations.blocking', { n: open })
              : t('translations.warning', { n: open })}
          </Alert>
        )}
        {q.data.items.length > 0 && (
          <Table withTableBorder fz="sm">
            <Table.Caption>{t('translations.caption', { n: q.data.items.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('translations.field')}</Table.Th>
                <Table.Th scope="col">{t('translations.languages')}</Table.Th>
                <Table.Th scope="col">{t('translations.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{fieldLabel(item.fieldPath, t) ?? item.fieldPath}</Table.Td>
                  <Table.Td>
                    {names.language(item.sourceLanguage)} → {names.language(item.targetLanguage)}
                  </Table.Td>
                  <Table.Td>
                    <StatusSelect item={item} requestId={r.id} disabled={!can('task.update')} />
                    {item.satisfiedBy === 'attachment' && (
                      <Text size="xs" c="dimmed">
                        {t('translations.byAttachment')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
