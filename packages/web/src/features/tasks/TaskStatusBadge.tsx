import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const colours = { open: 'blue', 'in-progress': 'cyan', done: 'green', cancelled: 'gray' } as const;

export function TaskStatusBadge({ status }: { status: keyof typeof colours }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={colours[status]} data-task-status={status}>
      {t(`taskStatus.${status}`)}
    </Badge>
  );
}
