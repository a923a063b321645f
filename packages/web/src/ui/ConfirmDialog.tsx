import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './ProblemAlert.tsx';

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Are you sure?" for actions with consequences (lock a user, revoke a token). */
export function ConfirmDialog(p: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={p.opened}
      onClose={p.onClose}
      title={p.title}
      centered
    >
      <Stack gap="sm">
        <Text size="sm">{p.children}</Text>
        {Boolean(p.error) && <ProblemAlert error={p.error} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={p.onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color={p.danger ? 'red' : undefined}
            loading={p.pending}
            onClick={p.onConfirm}
            data-autofocus
          >
            {p.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
