import { Button, Fieldset, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { languageOptions } from '../../admin/admin.api.ts';
import { Section } from './DraftFields.tsx';
import type { StepProps } from './model.ts';

export function Attachments({ props }: { props: StepProps }) {
  const { t, i18n } = useTranslation();
  const { draft, update, set } = props;
  const list = draft.attachments ?? [];
  return (
    <Section id="attachments" title={t('draft.section.attachments')}>
      <Text size="sm" c="dimmed" mb="xs">
        {t('draft.attachmentsHint')}
      </Text>
      <Stack gap="sm">
        {list.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: attachments are edited in place
          <Fieldset key={i} legend={t('draft.attachmentN', { n: i + 1 })} p="sm">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <TextInput
                label={t('draft.attachment.name')}
                required
                value={a.name}
                maxLength={255}
                onChange={(e) => set(`attachments.${i}.name`, e.currentTarget.value)}
                error={props.errors.get(`attachments.${i}.name`)}
                name={`attachments.${i}.name`}
              />
              <Select
                label={t('draft.attachment.kind')}
                data={(['translation', 'document', 'other'] as const).map((k) => ({
                  value: k,
                  label: t(`attachmentKind.${k}`),
                }))}
                value={a.kind}
                allowDeselect={false}
                onChange={(v) => v && set(`attachments.${i}.kind`, v)}
                name={`attachments.${i}.kind`}
              />
              <Select
                label={t('draft.attachment.language')}
                data={languageOptions(i18n.language)}
                value={a.language ?? null}
                onChange={(v) => set(`attachments.${i}.language`, v ?? undefined)}
                clearable
                searchable
                nothingFoundMessage={t('common.nothingFound')}
                name={`attachments.${i}.language`}
              />
              <TextInput
                label={t('draft.attachment.description')}
                value={a.description ?? ''}
                maxLength={200}
                onChange={(e) => set(`attachments.${i}.description`, e.currentTarget.value)}
                name={`attachments.${i}.description`}
              />
            </SimpleGrid>
            <Group justify="flex-end" mt="xs">
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() =>
                  update((d) => ({ ...d, attachments: (d.attachments ?? []).filter((_, j) => j !== i) }))
                }
              >
                {t('draft.attachment.remove')}
              </Button>
            </Group>
          </Fieldset>
        ))}
        <Group>
          <Button
            variant="default"
            disabled={list.length >= 50}
            onClick={() =>
              update((d) => ({
                ...d,
                attachments: [...(d.attachments ?? []), { name: '', kind: 'translation' }],
              }))
            }
          >
            {t('draft.attachment.add')}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}
