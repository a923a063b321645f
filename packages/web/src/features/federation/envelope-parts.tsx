import { Alert, Button, Code, Group, Table, Text } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../ui/DateTime.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { type EnvelopeT, federationApi, federationKeys } from './federation.api.ts';

/** The headers of `EnvelopeIdentityCells`. */
export function EnvelopeIdentityHeaders() {
  const { t } = useTranslation();
  return (
    <>
      <Table.Th scope="col">{t('federation.envelope.created')}</Table.Th>
      <Table.Th scope="col">{t('federation.envelope.partner')}</Table.Th>
      <Table.Th scope="col">{t('federation.envelope.type')}</Table.Th>
      <Table.Th scope="col">{t('federation.envelope.conversation')}</Table.Th>
    </>
  );
}

/** The cells every envelope table starts with: when, with whom, what, and where in its conversation. */
export function EnvelopeIdentityCells({
  envelope: e,
  partnerName,
}: {
  envelope: Pick<EnvelopeT, 'createdAt' | 'partnerNodeId' | 'type' | 'conversationId' | 'sequence'>;
  partnerName: (nodeId: string) => string;
}) {
  return (
    <>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={e.createdAt} seconds />
      </Table.Td>
      <Table.Td>{partnerName(e.partnerNodeId)}</Table.Td>
      <Table.Td>
        <Code>{e.type}</Code>
      </Table.Td>
      <Table.Td>
        <ConversationRef envelope={e} />
      </Table.Td>
    </>
  );
}

export function ConversationRef({
  envelope: e,
}: {
  envelope: Pick<EnvelopeT, 'conversationId' | 'sequence'>;
}) {
  return (
    <Text span size="xs" className="comity-mono">
      {e.conversationId} #{e.sequence}
    </Text>
  );
}

/**
 * What a Retry led to: its problem, or that the envelope is queued again (with a way to follow it
 * when `onFollow` is given).
 */
export function RetryOutcome({
  retry,
  testId,
  onFollow,
}: {
  retry: UseMutationResult<{ data: { id: string } }, Error, string>;
  testId: string;
  onFollow?: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (retry.isError) return <ProblemAlert error={retry.error} />;
  if (!retry.isSuccess) return null;
  return (
    <Alert
      color="green"
      variant="light"
      mb="sm"
      data-testid={testId}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={() => retry.reset()}
    >
      <Group gap="xs">
        <Text size="sm">{t('federation.deliveries.retried')}</Text>
        {onFollow && (
          <Button size="compact-xs" variant="default" onClick={() => onFollow(retry.data.data.id)}>
            {t('federation.deliveries.follow')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}

/** Queues a failed envelope again; `invalidate` is what the screen re-reads afterwards. */
export function useEnvelopeRetry(invalidate: readonly unknown[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => federationApi.retry(id),
    onSuccess: async (r) => {
      queryClient.setQueryData(federationKeys.envelope(r.data.id), r);
      await queryClient.invalidateQueries({ queryKey: invalidate });
    },
  });
}

/**
 * The partner's answer as the delivery worker recorded it: "403 federation-unknown-partner: detail"
 * for a problem answer (shown with the problem's translated title), else the raw text (network errors).
 */
export function FailureReason({ text }: { text: string }) {
  const { t } = useTranslation();
  const m = /^(\d{3}) ([a-z0-9-]+)(?:: ([\s\S]*))?$/.exec(text);
  if (!m) {
    return (
      <Text size="xs" className="comity-prewrap" data-testid="failure-reason">
        {text}
      </Text>
    );
  }
  const [, , code, detail] = m;
  return (
    <div data-testid="failure-reason">
      <Text size="sm" fw={600}>
        {t(`problems.${code}`, { defaultValue: code })}
      </Text>
      <Text size="xs" className="comity-prewrap">
        <Code>{code}</Code>
        {detail ? ` ${detail}` : ''}
      </Text>
    </div>
  );
}
