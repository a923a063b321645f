import { Anchor, Badge, Button, Card, Code, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import type { InclusionProofT } from '../../api/types.ts';
import { NotFound } from '../../app/NotFound.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { outcomeColour } from './AuditPage.tsx';
import { auditApi, auditKeys } from './audit.api.ts';
import { CheckpointTable } from './CheckpointTable.tsx';
import { verifyInclusion } from './merkle.ts';
import { useDirectoryNames } from './useDirectoryNames.ts';

/** One audit event, its details, and its inclusion proof against a signed checkpoint. */
export function AuditEventPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: auditKeys.event(id),
    queryFn: ({ signal }) => auditApi.event(id, signal),
  });
  const { userName, agencyName } = useDirectoryNames();
  const named = (names: Map<string, string>, id: string | null) =>
    id ? (names.has(id) ? `${names.get(id)} (${id})` : id) : null;

  if (query.isError && isProblem(query.error, 'not-found', 'validation-failed')) return <NotFound />;
  const back = (
    <Anchor component={Link} to="/audit" size="sm">
      {t('audit.back')}
    </Anchor>
  );
  if (query.isError) {
    return (
      <Stack>
        {back}
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  if (!query.data) return <PageHeader title={t('audit.eventTitle')} />;
  const { event: e, proof } = query.data;
  const rows: [string, React.ReactNode][] = [
    [t('audit.time'), <DateTime key="t" value={e.occurredAt} seconds />],
    [t('audit.action'), <Code key="a">{e.action}</Code>],
    [
      t('audit.outcome'),
      <Badge key="o" size="sm" variant="light" color={outcomeColour[e.outcome]}>
        {t(`auditOutcome.${e.outcome}`)}
      </Badge>,
    ],
    [t('audit.actorUser'), named(userName, e.actorUserId) ?? t('audit.system')],
    [t('audit.actorAgency'), named(agencyName, e.actorAgencyId) ?? t('common.none')],
    [t('audit.object'), e.objectType ? `${e.objectType} ${e.objectId ?? ''}` : t('common.none')],
    [t('audit.purpose'), e.purpose ?? t('common.none')],
    [t('audit.ip'), e.ip ?? t('common.none')],
    [t('audit.session'), e.sessionId ?? t('common.none')],
    [t('audit.requestId'), e.requestId ?? t('common.none')],
    [t('audit.cp.node'), e.nodeId],
    [t('audit.leaf'), e.leafIndex ?? t('audit.pending')],
    [t('audit.eventId'), e.id],
  ];
  return (
    <Stack gap="md">
      {back}
      <PageHeader title={t('audit.eventTitle')} description={e.action} />
      <Table withTableBorder layout="fixed" data-testid="audit-event">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" w={180}>
                {label}
              </Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('audit.details')}
        </Title>
        <Code block>{JSON.stringify(e.details, null, 2)}</Code>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('audit.proof')}
        </Title>
        {proof ? <ProofView proof={proof} /> : <Text size="sm">{t('audit.noProof')}</Text>}
      </Card>
    </Stack>
  );
}

function ProofView({ proof }: { proof: InclusionProofT }) {
  const { t } = useTranslation();
  const check = useMutation({
    mutationFn: () =>
      verifyInclusion(proof.leafHash, proof.leafIndex, proof.treeSize, proof.path, proof.checkpoint.rootHash),
  });
  const sizesMatch = proof.treeSize === proof.checkpoint.treeSize;
  return (
    <Stack gap="sm">
      <Text size="sm">{t('audit.proofIntro', { index: proof.leafIndex, size: proof.treeSize })}</Text>
      <Text size="sm">
        {t('audit.leafHash')}: <Code className="comity-mono">{proof.leafHash}</Code>
      </Text>
      <div>
        <Text size="sm">{t('audit.path', { n: proof.path.length })}</Text>
        <List size="sm" type="ordered">
          {proof.path.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same hash may appear twice in a path
            <List.Item key={i}>
              <Code className="comity-mono">{h}</Code>
            </List.Item>
          ))}
        </List>
      </div>
      <Text size="sm" fw={600}>
        {t('audit.againstCheckpoint')}
      </Text>
      <CheckpointTable checkpoint={proof.checkpoint} />
      <Group gap="sm">
        <Button onClick={() => check.mutate()} loading={check.isPending} variant="default">
          {t('audit.checkProof')}
        </Button>
        {check.data !== undefined && (
          <Badge
            color={check.data && sizesMatch ? 'green' : 'red'}
            size="lg"
            variant="light"
            data-testid="proof-result"
            role="status"
          >
            {check.data && sizesMatch ? t('audit.proofValid') : t('audit.proofInvalid')}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}
