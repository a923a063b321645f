import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../api/queries.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { EmptyRow } from '../../ui/TableState.tsx';
import { AddPartnerModal, ConfirmFingerprintModal } from './AddPartnerModal.tsx';
import { StateBadge, tone } from './common.tsx';
import { type FederationStatusT, federationApi, federationKeys, type PartnerT } from './federation.api.ts';
import { availability, circuit, partnerStatus } from './vocab.ts';

/** Partner nodes: who they are, whether envelopes flow, their queue; add, confirm, suspend, resume. */
export function PartnersPanel({
  status,
  onFollowEnvelope,
}: {
  status: FederationStatusT;
  onFollowEnvelope: (envelopeId: string) => void;
}) {
  const { t } = useTranslation();
  const can = usePermission();
  const manage = can('federation.manage');
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<PartnerT | null>(null);
  const [suspending, setSuspending] = useState<PartnerT | null>(null);
  const [removing, setRemoving] = useState<PartnerT | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: federationKeys.all });

  const suspend = useMutation({
    mutationFn: (id: string) => federationApi.suspend(id),
    onSuccess: async () => {
      await refresh();
      setSuspending(null);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => federationApi.removePartner(id),
    onSuccess: async () => {
      await refresh();
      setRemoving(null);
    },
  });
  const resume = useMutation({ mutationFn: (id: string) => federationApi.resume(id), onSuccess: refresh });
  const ping = useMutation({ mutationFn: (id: string) => federationApi.ping(id), onSuccess: refresh });

  const partners = status.partners;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={720}>
          {t('federation.partners.intro')}
        </Text>
        {manage && <Button onClick={() => setAdding(true)}>{t('federation.partners.add')}</Button>}
      </Group>
      {resume.isError && <ProblemAlert error={resume.error} />}
      {ping.isError && <ProblemAlert error={ping.error} />}
      {ping.isSuccess && (
        <Alert
          color="green"
          variant="light"
          data-testid="ping-queued"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => ping.reset()}
        >
          <Group gap="xs">
            <Text size="sm">{t('federation.partners.pingQueued')}</Text>
            {ping.data.envelopeIds.map((id) => (
              <Anchor key={id} component="button" size="sm" onClick={() => onFollowEnvelope(id)}>
                {t('federation.partners.pingFollow')}
              </Anchor>
            ))}
          </Group>
        </Alert>
      )}
      <div className="comity-table-wrap">
        <Table withTableBorder verticalSpacing="sm" data-testid="partners-table">
          <Table.Caption>{t('federation.partners.caption', { n: partners.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('federation.partners.node')}</Table.Th>
              <Table.Th scope="col">{t('federation.partners.serves')}</Table.Th>
              <Table.Th scope="col">{t('federation.partners.status')}</Table.Th>
              <Table.Th scope="col">{t('federation.partners.lastContact')}</Table.Th>
              <Table.Th scope="col">{t('federation.partners.queue')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {partners.length === 0 && <EmptyRow columns={6} text={t('federation.partners.empty')} />}
            {partners.map((p) => (
              <Table.Tr key={p.id} data-testid={`partner-${p.nodeId}`} aria-label={p.name}>
                <Table.Td>
                  <Text fw={600} size="sm">
                    {p.name}
                  </Text>
                  <Text size="xs" c="dimmed" className="comity-mono">
                    {p.baseUrl}
                  </Text>
                  <Text size="xs" c="dimmed" mt={2}>
                    {t('federation.partners.fingerprint')}{' '}
                    <Text span className="comity-mono" c="dimmed" data-testid="partner-fingerprint">
                      {p.fingerprint}
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} mb={4}>
                    {p.jurisdictions.map((j) => (
                      <Badge key={j} size="sm" variant="outline" color="gray">
                        {j}
                      </Badge>
                    ))}
                  </Group>
                  <AgencyList partner={p} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <StateBadge entry={partnerStatus[p.status]} variant="filled" testId="partner-status" />
                    {p.status !== 'pending' && (
                      <StateBadge entry={availability[p.availability]} testId="partner-availability" />
                    )}
                    {p.circuit !== 'closed' && (
                      <Text size="xs" c={tone(circuit[p.circuit].color)}>
                        {t('federation.circuit.label')}: {t(circuit[p.circuit].key)}
                      </Text>
                    )}
                    {p.keyChangePending && (
                      <Badge size="sm" color="orange" variant="light">
                        {t('federation.partners.keyChange')}
                      </Badge>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="sm">
                      {p.lastSuccessAt ? (
                        <DateTime value={p.lastSuccessAt} />
                      ) : (
                        t('federation.partners.never')
                      )}
                    </Text>
                    {p.failingSince && (
                      <Text size="xs" c={tone('red')}>
                        {t('federation.partners.failingSince')} <DateTime value={p.failingSince} />
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" data-testid="partner-queue">
                    {t('federation.partners.queued', { n: p.queue.pending })}
                  </Text>
                  {p.queue.failed > 0 && (
                    <Text size="sm" c={tone('red')} fw={600}>
                      {t('federation.partners.failed', { n: p.queue.failed })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {manage && (
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      {(p.status === 'pending' || p.keyChangePending) && (
                        <Button
                          size="compact-sm"
                          onClick={() => setConfirming(p)}
                          aria-label={t('federation.partners.confirmNamed', { name: p.name })}
                        >
                          {t('federation.partners.confirm')}
                        </Button>
                      )}
                      {p.status === 'pending' && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          color="red"
                          onClick={() => setRemoving(p)}
                          aria-label={t('federation.partners.removeNamed', { name: p.name })}
                        >
                          {t('federation.partners.remove')}
                        </Button>
                      )}
                      {p.status === 'active' && (
                        <>
                          <Button
                            size="compact-sm"
                            variant="default"
                            loading={ping.isPending && ping.variables === p.id}
                            onClick={() => ping.mutate(p.id)}
                            aria-label={t('federation.partners.pingNamed', { name: p.name })}
                          >
                            {t('federation.partners.ping')}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="default"
                            color="red"
                            onClick={() => setSuspending(p)}
                            aria-label={t('federation.partners.suspendNamed', { name: p.name })}
                          >
                            {t('federation.partners.suspend')}
                          </Button>
                        </>
                      )}
                      {p.status === 'suspended' && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={resume.isPending && resume.variables === p.id}
                          onClick={() => resume.mutate(p.id)}
                          aria-label={t('federation.partners.resumeNamed', { name: p.name })}
                        >
                          {t('federation.partners.resume')}
                        </Button>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {adding && (
        <AddPartnerModal
          ownFingerprint={status.node.fingerprint}
          onClose={() => setAdding(false)}
          onDone={() => setAdding(false)}
        />
      )}
      {confirming && (
        <ConfirmFingerprintModal
          partner={confirming}
          ownFingerprint={status.node.fingerprint}
          onClose={() => setConfirming(null)}
        />
      )}
      <ConfirmDialog
        opened={suspending !== null}
        title={t('federation.partners.suspendTitle')}
        confirmLabel={t('federation.partners.suspend')}
        danger
        pending={suspend.isPending}
        error={suspend.isError ? suspend.error : null}
        onClose={() => {
          setSuspending(null);
          suspend.reset();
        }}
        onConfirm={() => suspending && suspend.mutate(suspending.id)}
      >
        {t('federation.partners.suspendBody', { name: suspending?.name ?? '' })}
      </ConfirmDialog>
      <ConfirmDialog
        opened={removing !== null}
        title={t('federation.partners.removeTitle')}
        confirmLabel={t('federation.partners.remove')}
        danger
        pending={remove.isPending}
        error={remove.isError ? remove.error : null}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing.id)}
      >
        {t('federation.partners.removeBody', { name: removing?.name ?? '' })}
      </ConfirmDialog>
    </Stack>
  );
}

/** The agencies a partner hosts, from its node document; folded when there are many. */
function AgencyList({ partner }: { partner: PartnerT }) {
  const { t } = useTranslation();
  const agencies = partner.agencies;
  if (agencies.length === 0) return null;
  const list = (
    <Stack component="ul" gap={0} m={0} pl="md">
      {agencies.map((a) => (
        <Text component="li" key={a.id} size="xs">
          {a.name}{' '}
          <Text span size="xs" c="dimmed">
            ({a.jurisdiction})
          </Text>
        </Text>
      ))}
    </Stack>
  );
  if (agencies.length <= 3) return list;
  return (
    <details>
      <summary>
        <Text span size="xs">
          {t('federation.partners.agencies', { n: agencies.length })}
        </Text>
      </summary>
      {list}
    </details>
  );
}
