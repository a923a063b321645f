import { Alert, Anchor, Badge, Card, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { FullPageLoaderInline } from './common.tsx';
import { DeliveriesPanel } from './DeliveriesPanel.tsx';
import { Fingerprint } from './Fingerprint.tsx';
import { type FederationStatusT, federationApi, federationKeys } from './federation.api.ts';
import { KeysPanel } from './KeysPanel.tsx';
import { PartnersPanel } from './PartnersPanel.tsx';

const tabs = ['partners', 'deliveries', 'keys'] as const;
type Tab = (typeof tabs)[number];

/**
 * The administrator's federation dashboard: this node's identity, its partner nodes, the delivery
 * queue with its failures, and the node's keys. Refreshes itself every few seconds.
 */
export function FederationPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = tabs.find((x) => x === params.get('tab')) ?? 'partners';
  const status = useQuery({
    queryKey: federationKeys.status,
    queryFn: ({ signal }) => federationApi.status(signal),
    refetchInterval: 5_000,
  });

  const openTab = (next: string | null, extra: Record<string, string> = {}) => {
    const p = new URLSearchParams();
    if (next && next !== 'partners') p.set('tab', next);
    for (const [key, value] of Object.entries(extra)) p.set(key, value);
    setParams(p);
  };

  return (
    <>
      <PageHeader title={t('federation.title')} description={t('federation.intro')} />
      {status.isPending && <FullPageLoaderInline />}
      {status.isError && <ProblemAlert error={status.error} onRetry={() => void status.refetch()} />}
      {status.data && (
        <Stack gap="lg">
          <NodeCard status={status.data} />
          <Tabs value={tab} onChange={(v) => openTab(v)} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab
                value="partners"
                rightSection={
                  <Badge size="xs" variant="light" color="gray" aria-hidden>
                    {status.data.partners.length}
                  </Badge>
                }
              >
                {t('federation.tab.partners')}
              </Tabs.Tab>
              <Tabs.Tab
                value="deliveries"
                rightSection={
                  status.data.outbox.failed + status.data.inbox.failed > 0 ? (
                    <Badge size="xs" variant="filled" color="red" aria-hidden>
                      {status.data.outbox.failed + status.data.inbox.failed}
                    </Badge>
                  ) : undefined
                }
              >
                {t('federation.tab.deliveries')}
              </Tabs.Tab>
              <Tabs.Tab value="keys">{t('federation.tab.keys')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="partners">
              <PartnersPanel
                status={status.data}
                onFollowEnvelope={(id) => openTab('deliveries', { envelope: id })}
              />
            </Tabs.Panel>
            <Tabs.Panel value="deliveries">
              <DeliveriesPanel
                status={status.data}
                envelopeId={params.get('envelope') ?? ''}
                onEnvelope={(id) => openTab('deliveries', id ? { envelope: id } : {})}
              />
            </Tabs.Panel>
            <Tabs.Panel value="keys">
              <KeysPanel status={status.data} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </>
  );
}

/** Who this node is, and the fingerprint partners' administrators must hear from us. */
function NodeCard({ status }: { status: FederationStatusT }) {
  const { t } = useTranslation();
  const { node } = status;
  return (
    <Card withBorder padding="lg" data-testid="this-node">
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('federation.node.heading')}
            </Title>
            <Text fw={600} size="lg" data-testid="this-node-name">
              {node.name}
            </Text>
            <Group gap={6} wrap="nowrap" align="baseline">
              <Text size="sm" c="dimmed" w={90} style={{ flexShrink: 0 }}>
                {t('federation.node.baseUrl')}
              </Text>
              <Anchor href={node.baseUrl} size="sm" className="comity-mono" target="_blank" rel="noreferrer">
                {node.baseUrl}
              </Anchor>
            </Group>
            <Group gap={6} wrap="nowrap" align="baseline">
              <Text size="sm" c="dimmed" w={90} style={{ flexShrink: 0 }}>
                {t('federation.node.nodeId')}
              </Text>
              <Text size="sm" className="comity-mono">
                {node.nodeId}
              </Text>
            </Group>
            <Alert variant="light" color="blue" mt="xs">
              <Text size="sm">{t('federation.node.readOut')}</Text>
            </Alert>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Text size="sm" fw={600} mb="xs">
            {t('federation.node.fingerprint')}
          </Text>
          <Fingerprint
            value={node.fingerprint}
            label={t('federation.node.fingerprint')}
            testId="own-fingerprint"
          />
        </Grid.Col>
      </Grid>
    </Card>
  );
}
