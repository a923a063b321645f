import { Alert, Button, Card, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { auditApi, auditKeys } from './audit.api.ts';
import { CheckpointTable } from './CheckpointTable.tsx';

/** The latest signed checkpoint and, for holders of audit.verify, a full verification of the log. */
export function IntegrityPanel({ canVerify }: { canVerify: boolean }) {
  const { t } = useTranslation();
  const checkpoint = useQuery({
    queryKey: auditKeys.checkpoint,
    queryFn: ({ signal }) => auditApi.checkpoint(signal),
  });
  const verify = useMutation({ mutationFn: auditApi.verify });
  return (
    <Stack gap="md">
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('audit.latestCheckpoint')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('audit.checkpointIntro')}
        </Text>
        {checkpoint.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {checkpoint.isError && (
          <ProblemAlert error={checkpoint.error} onRetry={() => void checkpoint.refetch()} />
        )}
        {checkpoint.data && <CheckpointTable checkpoint={checkpoint.data} testId="latest-checkpoint" />}
      </Card>
      {canVerify && (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('audit.verifyTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('audit.verifyIntro')}
          </Text>
          <Button onClick={() => verify.mutate()} loading={verify.isPending} w="fit-content" mb="sm">
            {t('audit.verify')}
          </Button>
          {verify.isError && <ProblemAlert error={verify.error} />}
          {verify.data && (
            <Stack gap="sm" data-testid="verify-result" data-ok={String(verify.data.ok)}>
              <Alert
                color={verify.data.ok ? 'green' : 'red'}
                title={verify.data.ok ? t('audit.verifyOk') : t('audit.verifyFailed')}
                role="status"
              >
                <Text size="sm">
                  {t('audit.verifySummary', {
                    size: verify.data.treeSize,
                    checked: verify.data.checkpointsChecked,
                  })}
                </Text>
                <Text size="sm" className="comity-mono">
                  {t('audit.cp.rootHash')}: {verify.data.rootHash}
                </Text>
                {verify.data.problems.length > 0 && (
                  <List size="sm" mt="xs">
                    {verify.data.problems.map((p) => (
                      <List.Item key={p}>{p}</List.Item>
                    ))}
                  </List>
                )}
              </Alert>
              {verify.data.checkpoint && <CheckpointTable checkpoint={verify.data.checkpoint} />}
            </Stack>
          )}
        </Card>
      )}
    </Stack>
  );
}
