import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  List,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { Fingerprint } from './Fingerprint.tsx';
import { type FederationStatusT, federationApi, federationKeys } from './federation.api.ts';

const ROTATE_COMMAND = 'comity keys rotate';
const DOCUMENT_PATH = '/.well-known/comity/node';

/**
 * This node's keys: the current signing and encryption key ids and the fingerprint; every key with
 * its dates and fingerprint (GET /api/federation/keys); rotation from here (with a confirmation
 * explaining the consequences) or with the CLI on the server host, both the same operation.
 */
export function KeysPanel({ status }: { status: FederationStatusT }) {
  const { t } = useTranslation();
  const doc = useQuery({
    queryKey: federationKeys.keys,
    queryFn: ({ signal }) => federationApi.keys(signal),
  });
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const rotate = useMutation({
    mutationFn: () => federationApi.rotateKeys(),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: federationKeys.all });
    },
  });
  const { node } = status;
  return (
    <Stack gap="lg">
      <Card withBorder padding="md" data-testid="current-keys">
        <Title order={3} size="h4" mb="sm">
          {t('federation.keys.current')}
        </Title>
        <Table variant="vertical" withTableBorder layout="fixed">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={260}>{t('federation.keys.signing')}</Table.Th>
              <Table.Td>
                <Text span className="comity-mono" data-testid="signing-key-id">
                  {node.signingKeyId}
                </Text>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('federation.keys.encryption')}</Table.Th>
              <Table.Td>
                <Text span className="comity-mono" data-testid="encryption-key-id">
                  {node.encryptionKeyId}
                </Text>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('federation.keys.fingerprint')}</Table.Th>
              <Table.Td>
                <Fingerprint value={node.fingerprint} label={t('federation.keys.fingerprint')} size="md" />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt="xs">
          {t('federation.keys.kidHint')}
        </Text>
      </Card>

      <section aria-labelledby="published-keys">
        <Group justify="space-between" align="baseline" mb="xs">
          <Title order={3} size="h4" id="published-keys">
            {t('federation.keys.published')}
          </Title>
          <Anchor href={DOCUMENT_PATH} target="_blank" rel="noreferrer" size="sm">
            {t('federation.keys.document')}
          </Anchor>
        </Group>
        {doc.isError && <ProblemAlert error={doc.error} onRetry={() => void doc.refetch()} />}
        {doc.data && (
          <div className="comity-table-wrap">
            <Table withTableBorder striped data-testid="published-keys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('federation.keys.kid')}</Table.Th>
                  <Table.Th scope="col">{t('federation.keys.use')}</Table.Th>
                  <Table.Th scope="col">{t('federation.keys.fingerprint')}</Table.Th>
                  <Table.Th scope="col">{t('federation.keys.created')}</Table.Th>
                  <Table.Th scope="col">{t('federation.keys.validUntil')}</Table.Th>
                  <Table.Th scope="col">{t('federation.keys.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {doc.data.items.map((key) => (
                  <Table.Tr key={key.id} data-testid={`key-${key.id}`}>
                    <Table.Td>
                      <Text span className="comity-mono">
                        {key.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {key.use === 'sig' ? t('federation.keys.useSig') : t('federation.keys.useEnc')}
                    </Table.Td>
                    <Table.Td>
                      <Text span size="xs" className="comity-mono">
                        {key.fingerprint}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DateTime value={key.createdAt} />
                    </Table.Td>
                    <Table.Td>
                      <DateTime value={key.validUntil} mode="date" />
                    </Table.Td>
                    <Table.Td>
                      {key.expiredAt ? (
                        <Text size="sm" c="dimmed">
                          {t('federation.keys.retired')} <DateTime value={key.expiredAt} />
                        </Text>
                      ) : (
                        <Badge size="sm" color="green" variant="light">
                          {t('federation.keys.inUse')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </section>

      <Card withBorder padding="md" data-testid="rotate-keys">
        <Title order={3} size="h4" mb="xs">
          {t('federation.keys.rotateTitle')}
        </Title>
        {doc.data?.policies.rotate && (
          <Group gap="sm" mb="sm">
            <Button color="red" onClick={() => setConfirming(true)}>
              {t('federation.keys.rotate')}
            </Button>
          </Group>
        )}
        {rotate.isSuccess && (
          <Alert
            color="green"
            variant="light"
            mb="sm"
            data-testid="keys-rotated"
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => rotate.reset()}
          >
            <Text size="sm">
              {t('federation.keys.rotated', {
                previous: rotate.data.data.previousSigningKeyId,
                next: rotate.data.data.signingKeyId,
              })}
            </Text>
          </Alert>
        )}
        <Text size="sm" mb="sm">
          {t('federation.keys.rotateIntro')}
        </Text>
        <Group gap="xs" mb="sm">
          <Code block fz="md" px="md" data-testid="rotate-command">
            {ROTATE_COMMAND}
          </Code>
          <CopyButton value={ROTATE_COMMAND}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="default" onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <List size="sm" spacing={4}>
          <List.Item>{t('federation.keys.rotateStep1')}</List.Item>
          <List.Item>{t('federation.keys.rotateStep2')}</List.Item>
          <List.Item>{t('federation.keys.rotateStep3')}</List.Item>
        </List>
        <Alert color="orange" variant="light" mt="md" title={t('federation.keys.compromisedTitle')}>
          <Text size="sm">{t('federation.keys.compromised')}</Text>
        </Alert>
      </Card>
      <ConfirmDialog
        opened={confirming}
        title={t('federation.keys.rotateConfirmTitle')}
        confirmLabel={t('federation.keys.rotate')}
        danger
        pending={rotate.isPending}
        error={rotate.isError ? rotate.error : null}
        onClose={() => {
          setConfirming(false);
          rotate.reset();
        }}
        onConfirm={() => rotate.mutate()}
      >
        {t('federation.keys.rotateConfirmBody')}
      </ConfirmDialog>
    </Stack>
  );
}
