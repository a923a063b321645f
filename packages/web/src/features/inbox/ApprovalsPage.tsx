import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../api/queries.ts';
import type { InboxQueryT } from '../../api/types.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { lifecycleApi, lifecycleKeys } from '../requests/lifecycle/lifecycle.api.ts';
import { InboxTable } from './InboxTable.tsx';

const toApprove: InboxQueryT = { view: 'needs-my-action', state: 'submitted', sort: 'created' };
const toValidate: InboxQueryT = { view: 'needs-my-action', state: 'awaiting-validation', sort: 'created' };

/**
 * The supervisor's queue: requests of my agency submitted for approval (four eyes: never those I
 * drafted), and, for judicial authorities, those waiting for validation. Each opens on its page.
 */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const can = usePermission();
  const approvals = useQuery({
    queryKey: lifecycleKeys.inbox(toApprove),
    queryFn: ({ signal }) => lifecycleApi.inbox(toApprove, signal),
    refetchInterval: 60_000,
  });
  const validations = useQuery({
    queryKey: lifecycleKeys.inbox(toValidate),
    queryFn: ({ signal }) => lifecycleApi.inbox(toValidate, signal),
    enabled: can('request.validate'),
    refetchInterval: 60_000,
  });
  return (
    <Stack gap="lg">
      <PageHeader title={t('approvals.title')} description={t('approvals.intro')} />
      <section aria-labelledby="to-approve">
        <Title order={2} size="h4" mb="xs" id="to-approve">
          {t('approvals.toApprove')}
        </Title>
        <InboxTable
          query={approvals}
          caption={t('approvals.caption', { n: approvals.data?.items.length ?? 0 })}
          empty={t('approvals.emptyApprove')}
        />
      </section>
      {can('request.validate') && (
        <section aria-labelledby="to-validate">
          <Title order={2} size="h4" mb="xs" id="to-validate">
            {t('approvals.toValidate')}
          </Title>
          <InboxTable
            query={validations}
            caption={t('approvals.caption', { n: validations.data?.items.length ?? 0 })}
            empty={t('approvals.emptyValidate')}
          />
        </section>
      )}
    </Stack>
  );
}
