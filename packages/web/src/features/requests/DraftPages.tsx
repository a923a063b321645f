import { Alert, Anchor, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import { NotFound } from '../../app/NotFound.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PendingRequest } from './PendingRequest.tsx';
import { requestKeys, requestsApi } from './requests.api.ts';
import { Wizard } from './wizard/Wizard.tsx';

/** /requests/new: the wizard before the draft exists. */
export function NewRequestPage() {
  return <Wizard row={null} />;
}

/** /requests/:id/edit: the wizard on a saved draft. */
export function EditRequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: requestKeys.one(id),
    queryFn: ({ signal }) => requestsApi.get(id, signal),
  });
  if (query.isError && isProblem(query.error, 'not-found', 'validation-failed')) return <NotFound />;
  if (query.isError) {
    return (
      <Stack>
        <PageHeader title={t('draft.editTitle')} />
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  if (!query.data) return <PendingRequest id={id} />;
  const row = query.data;
  if (row.data.status !== 'draft' || !row.policies.update) {
    return (
      <Stack>
        <PageHeader title={row.data.title ?? t('draft.untitled')} />
        <Alert color="blue" variant="light">
          {t('draft.notEditable')}{' '}
          <Anchor component={Link} to={`/requests/${id}`}>
            {t('draft.openRequest')}
          </Anchor>
        </Alert>
      </Stack>
    );
  }
  return <Wizard key={row.data.id} row={row} />;
}
