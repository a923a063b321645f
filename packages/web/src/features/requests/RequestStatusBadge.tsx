import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const colours: Record<string, string> = {
  draft: 'gray',
  submitted: 'blue',
  'awaiting-validation': 'blue',
  approved: 'teal',
  transmitted: 'indigo',
  'under-assessment': 'violet',
  'information-requested': 'orange',
  'surrender-consented': 'teal',
  'surrender-contested': 'orange',
  accepted: 'teal',
  postponed: 'yellow',
  'in-execution': 'cyan',
  'partially-executed': 'cyan',
  executed: 'green',
  'results-returned': 'green',
  refused: 'red',
  closed: 'dark',
  withdrawn: 'gray',
  cancelled: 'gray',
};

/** A request's lifecycle state, by name and colour. */
export function RequestStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={colours[status] ?? 'gray'} data-status={status}>
      {t(`requestState.${status}`, { defaultValue: status })}
    </Badge>
  );
}
