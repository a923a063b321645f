import { CreateJurisdiction } from '@comity/contracts';
import { Button, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { adminApi, adminKeys } from './admin.api.ts';

export function JurisdictionFormModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm(CreateJurisdiction, { code: '', name: '' });
  const create = useMutation({
    mutationFn: adminApi.createJurisdiction,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.jurisdictions });
      onClose();
    },
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={t('agencies.newJurisdiction')}
    >
      <form onSubmit={form.submit((d) => create.mutate(d))} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('fields.jurisdictionCode')}
            description={t('fields.jurisdictionCodeHint')}
            required
            maxLength={2}
            data-autofocus
            {...form.text('code')}
            onChange={(e) => form.setValue('code', e.currentTarget.value.toUpperCase())}
          />
          <TextInput label={t('fields.jurisdictionName')} required {...form.text('name')} />
          {create.isError && <ProblemAlert error={create.error} />}
          <Button type="submit" loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
