import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import { useMe, usePermission } from '../../api/queries.ts';
import { NotFound } from '../../app/NotFound.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { LabelBadges } from '../../ui/LabelBadges.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { EmptyRow } from '../../ui/TableState.tsx';
import { useAgencyNames } from '../messaging/messaging.api.ts';
import { RequestPermissionModal } from '../messaging/PermissionRequests.tsx';
import { useLiveEvents } from '../messaging/useLiveEvents.ts';
import { verifyChain } from './custody.ts';
import { StatusBadge } from './EvidenceListPage.tsx';
import {
  CUSTODY_EVENT_KEY,
  type CustodyRecordT,
  type EvidenceRow,
  evidenceApi,
  evidenceKeys,
  formatBytes,
  saveBlob,
  type TransferReceiptT,
} from './evidence.api.ts';
import { UploadPanel } from './UploadPanel.tsx';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0} className="comity-prewrap">
        {children}
      </Text>
    </div>
  );
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/** What one custody record says beyond its event: authority, receiver, file, hash, package. */
function RecordDetails({ r, agencyName }: { r: CustodyRecordT; agencyName: (id: string) => string }) {
  const { t } = useTranslation();
  const d = r.details as Record<string, unknown>;
  const receipt = (d.receipt ?? null) as Record<string, unknown> | null;
  const lines: ReactNode[] = [];
  if (receipt) {
    lines.push(t('custody.transferTo', { name: agencyName(String(receipt.to)) }));
    lines.push(t('custody.authority', { authority: String(receipt.authority) }));
    lines.push(t('custody.receiptSigned', { keyId: String(receipt.keyId ?? '').slice(0, 16) }));
  }
  if (typeof d.name === 'string') lines.push(t('custody.file', { name: d.name }));
  if (typeof d.sha256 === 'string') lines.push(t('custody.sha256', { hash: d.sha256 }));
  if (typeof d.packageId === 'string')
    lines.push(
      t('custody.package', { purpose: String(d.purpose ?? ''), hash: short(String(d.packageSha256 ?? '')) }),
    );
  if (r.place) lines.push(t('custody.place', { place: r.place }));
  if (r.reason) lines.push(t('custody.reason', { reason: r.reason }));
  return (
    <>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed lines of one record
        <Text key={i} size="xs" className="comity-prewrap">
          {l}
        </Text>
      ))}
    </>
  );
}

function CustodyTimeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const names = useAgencyNames();
  const custody = useQuery({
    queryKey: evidenceKeys.custody(id),
    queryFn: ({ signal }) => evidenceApi.custody(id, signal),
  });
  const check = useQuery({
    queryKey: ['evidence', 'custody-check', id, custody.data?.items.length ?? 0],
    queryFn: () => verifyChain(custody.data?.items ?? []),
    enabled: custody.data !== undefined,
  });
  if (custody.isError) return <ProblemAlert error={custody.error} onRetry={() => void custody.refetch()} />;
  if (!custody.data)
    return (
      <Text size="sm" c="dimmed">
        {t('common.loading')}
      </Text>
    );
  const byId = new Map((check.data?.records ?? []).map((r) => [r.id, r]));
  const browserOk = check.data?.intact;
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge color={custody.data.intact ? 'green' : 'red'} variant="light" data-testid="custody-server">
          {custody.data.intact ? t('custody.intactServer') : t('custody.brokenServer')}
        </Badge>
        {browserOk !== undefined && (
          <Badge color={browserOk ? 'green' : 'red'} variant="light" data-testid="custody-browser">
            {browserOk ? t('custody.intactBrowser') : t('custody.brokenBrowser')}
          </Badge>
        )}
      </Group>
      <Timeline
        bulletSize={18}
        lineWidth={2}
        active={custody.data.items.length}
        data-testid="custody-timeline"
      >
        {custody.data.items.map((r) => {
          const ok = byId.get(r.id);
          return (
            <Timeline.Item
              key={r.id}
              color={ok && (!ok.hashOk || !ok.linkOk) ? 'red' : 'blue'}
              title={
                <Group gap="xs">
                  <Text size="sm" fw={600} component="span">
                    {r.seq}. {CUSTODY_EVENT_KEY[r.event] ? t(CUSTODY_EVENT_KEY[r.event]!) : r.event}
                  </Text>
                  <Text size="xs" c="dimmed" component="span">
                    <DateTime value={r.at} seconds />
                  </Text>
                </Group>
              }
            >
              <Text size="xs">
                {r.actorAgencyId
                  ? t('custody.by', {
                      agency: names.name(r.actorAgencyId),
                      user: r.actorId ? `…${r.actorId.slice(-6)}` : '—',
                    })
                  : t('custody.system')}
              </Text>
              <RecordDetails r={r} agencyName={names.name} />
              <Text size="xs" c="dimmed">
                {t('custody.hash')} <span className="comity-mono">{short(r.hash)}</span> · {t('custody.prev')}{' '}
                <span className="comity-mono">{short(r.prevHash)}</span>
                {ok && !ok.hashOk && ` · ${t('custody.hashMismatch')}`}
                {ok && !ok.linkOk && ` · ${t('custody.linkBroken')}`}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Stack>
  );
}

function TransferModal({
  item,
  opened,
  onClose,
}: {
  item: EvidenceRow;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const names = useAgencyNames();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [to, setTo] = useState<string | null>(null);
  const [authority, setAuthority] = useState('');
  const [reason, setReason] = useState('');
  const [place, setPlace] = useState('');
  const [tried, setTried] = useState(false);
  const [receipt, setReceipt] = useState<TransferReceiptT['receipt'] | null>(null);
  const transfer = useMutation({
    mutationFn: () =>
      evidenceApi.transfer(item.data.id, {
        toAgencyId: to!,
        authority: authority.trim(),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(place.trim() ? { place: place.trim() } : {}),
      }),
    onSuccess: async (r) => {
      setReceipt(r.receipt);
      await queryClient.invalidateQueries({ queryKey: evidenceKeys.all });
    },
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('transfer.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {receipt ? (
        <Stack gap="sm">
          <Alert color="green" variant="light" title={t('transfer.doneTitle')}>
            {t('transfer.done', { name: names.name(String(receipt.to)) })}
          </Alert>
          <Text size="xs">
            {t('transfer.signature')} <Code>{receipt.keyId}</Code>
          </Text>
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (to && authority.trim()) transfer.mutate();
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('transfer.intro')}</Text>
            <Select
              label={t('transfer.to')}
              required
              searchable
              data={names.options.filter((o) => o.value !== me?.agency.id)}
              value={to}
              onChange={setTo}
              error={tried && !to ? t('validation.choose') : undefined}
            />
            <Textarea
              label={t('transfer.authority')}
              description={t('transfer.authorityHelp')}
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={authority}
              onChange={(e) => setAuthority(e.currentTarget.value)}
              error={tried && !authority.trim() ? t('validation.required') : undefined}
            />
            <TextInput
              label={t('transfer.reason')}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <TextInput
              label={t('transfer.place')}
              maxLength={500}
              value={place}
              onChange={(e) => setPlace(e.currentTarget.value)}
            />
            {transfer.isError && <ProblemAlert error={transfer.error} />}
            <Button type="submit" loading={transfer.isPending}>
              {t('transfer.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function FilesTable({ item }: { item: EvidenceRow }) {
  const { t, i18n } = useTranslation();
  const download = useMutation({
    mutationFn: async (f: { id: string; name: string }) =>
      saveBlob(await evidenceApi.download(item.data.id, f.id), f.name),
  });
  const files = item.data.files;
  return (
    <Stack gap="xs">
      <div className="comity-table-wrap">
        <Table withTableBorder fz="sm" data-testid="evidence-files">
          <Table.Caption>{t('evidence.filesCaption', { n: files.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('evidence.fileName')}</Table.Th>
              <Table.Th scope="col">{t('evidence.size')}</Table.Th>
              <Table.Th scope="col">SHA-256</Table.Th>
              <Table.Th scope="col">{t('evidence.contentType')}</Table.Th>
              <Table.Th scope="col">{t('common.created')}</Table.Th>
              <Table.Th scope="col">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {files.length === 0 && <EmptyRow columns={6} text={t('evidence.noFiles')} />}
            {files.map((f) => (
              <Table.Tr key={f.id} data-file-name={f.name}>
                <Table.Td>{f.name}</Table.Td>
                <Table.Td>{formatBytes(f.size, i18n.language)}</Table.Td>
                <Table.Td>
                  <Text span className="comity-mono" data-testid="file-sha256">
                    {f.sha256}
                  </Text>
                </Table.Td>
                <Table.Td>{f.contentType}</Table.Td>
                <Table.Td>
                  <DateTime value={f.createdAt} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => download.mutate(f)}
                    loading={download.isPending && download.variables?.id === f.id}
                    aria-label={t('evidence.downloadFile', { name: f.name })}
                  >
                    {t('evidence.download')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {download.isError && <ProblemAlert error={download.error} />}
    </Stack>
  );
}

/**
 * The transfer to my agency still waiting for my acknowledgement: the last custody `transferred`
 * record whose signed receipt names my agency, with no `received` by my agency after it.
 */
export function pendingReceipt(
  records: readonly CustodyRecordT[],
  agencyId: string | undefined,
): CustodyRecordT | undefined {
  if (!agencyId) return undefined;
  let pending: CustodyRecordT | undefined;
  for (const r of records) {
    const receipt = (r.details as { receipt?: { to?: unknown } }).receipt;
    if (r.event === 'transferred' && receipt?.to === agencyId) pending = r;
    else if (r.event === 'received' && r.actorAgencyId === agencyId) pending = undefined;
  }
  return pending;
}

/** Custody handed to my agency: say so, and let me acknowledge receipt (a custody `received`). */
function ReceiptBanner({ id, holderId }: { id: string; holderId: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const can = usePermission();
  const names = useAgencyNames();
  const queryClient = useQueryClient();
  const custody = useQuery({
    queryKey: evidenceKeys.custody(id),
    queryFn: ({ signal }) => evidenceApi.custody(id, signal),
  });
  const receive = useMutation({
    mutationFn: () => evidenceApi.receive(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: evidenceKeys.custody(id) });
    },
  });
  const pending =
    me && me.agency.id !== holderId && can('evidence.transfer')
      ? pendingReceipt(custody.data?.items ?? [], me.agency.id)
      : undefined;
  if (!pending) return null;
  const receipt = (pending.details as { receipt: Record<string, unknown> }).receipt;
  return (
    <Alert color="blue" variant="light" title={t('custodyReceipt.title')} data-testid="receipt-pending">
      <Stack gap="xs">
        <Text size="sm">
          {t('custodyReceipt.body', { from: names.name(String(receipt.from ?? holderId)) })}{' '}
          <DateTime value={pending.at} />
        </Text>
        {typeof receipt.authority === 'string' && (
          <Text size="sm">{t('custody.authority', { authority: receipt.authority })}</Text>
        )}
        <Text size="xs" c="dimmed">
          {t('custodyReceipt.help')}
        </Text>
        {receive.isError && <ProblemAlert error={receive.error} />}
        <Group>
          <Button onClick={() => receive.mutate()} loading={receive.isPending}>
            {t('custodyReceipt.acknowledge')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** /evidence/:id — metadata, labels, files, custody (checked in the browser), upload, transfer. */
export function EvidenceItemPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const can = usePermission();
  const me = useMe().data;
  const names = useAgencyNames();
  const queryClient = useQueryClient();
  const [transferring, setTransferring] = useState(false);
  const [asking, setAsking] = useState(false);
  const [sealing, setSealing] = useState(false);
  // Viewing is a custody event: no refetch on window focus, only on change.
  const item = useQuery({
    queryKey: evidenceKeys.one(id),
    queryFn: ({ signal }) => evidenceApi.get(id, signal),
    refetchOnWindowFocus: false,
  });
  useLiveEvents(['evidence'], [evidenceKeys.one(id), evidenceKeys.custody(id)]);
  const seal = useMutation({
    mutationFn: () => evidenceApi.seal(id),
    onSuccess: async () => {
      setSealing(false);
      await queryClient.invalidateQueries({ queryKey: evidenceKeys.all });
    },
  });
  if (item.isError && isProblem(item.error, 'not-found', 'validation-failed')) return <NotFound />;
  if (item.isError)
    return (
      <Stack>
        <PageHeader title={t('evidence.item')} />
        <ProblemAlert error={item.error} onRetry={() => void item.refetch()} />
      </Stack>
    );
  if (!item.data)
    return (
      <Text size="sm" c="dimmed">
        {t('common.loading')}
      </Text>
    );
  const e = item.data.data;
  const labels = item.data.labels;
  const holder = e.agencyId === me?.agency.id;
  const restricted =
    (labels.handlingCode === 'H1' || labels.handlingCode === 'H2') &&
    me &&
    labels.originatorAgencyId !== me.agency.id;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/evidence" size="sm">
        {t('evidence.back')}
      </Anchor>
      <PageHeader
        title={e.exhibitNumber}
        description={
          <Group gap="xs" component="span">
            <StatusBadge status={e.status} />
            <span>{t('evidence.heldBy', { name: names.name(e.agencyId) })}</span>
          </Group>
        }
        actions={
          <>
            {restricted && (
              <Button variant="default" onClick={() => setAsking(true)}>
                {t('permissions.ask')}
              </Button>
            )}
            {holder && can('evidence.transfer') && (
              <Button variant="default" onClick={() => setTransferring(true)}>
                {t('transfer.open')}
              </Button>
            )}
            {holder && e.status === 'open' && can('evidence.transfer') && (
              <Button variant="default" color="gray" onClick={() => setSealing(true)}>
                {t('evidence.seal')}
              </Button>
            )}
          </>
        }
      />
      <ReceiptBanner id={e.id} holderId={e.agencyId} />
      <ConfirmDialog
        opened={sealing}
        title={t('evidence.sealTitle')}
        confirmLabel={t('evidence.seal')}
        pending={seal.isPending}
        error={seal.error}
        onConfirm={() => seal.mutate()}
        onClose={() => setSealing(false)}
      >
        {t('evidence.sealBody')}
      </ConfirmDialog>
      <Card withBorder padding="md" component="section" aria-labelledby="ev-labels">
        <Stack gap="xs">
          <Title order={2} size="h4" id="ev-labels">
            {t('evidence.labels')}
          </Title>
          <LabelBadges labels={labels} agencyName={names.name} />
          {labels.recipients.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('evidence.recipients', { names: labels.recipients.map((r) => names.name(r)).join(', ') })}
            </Text>
          )}
        </Stack>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="ev-meta">
        <Stack gap="sm">
          <Title order={2} size="h4" id="ev-meta">
            {t('evidence.metadata')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" m={0} spacing="sm">
            <Field label={t('evidence.description')}>{e.description}</Field>
            <Field label={t('evidence.source')}>{e.source}</Field>
            <Field label={t('evidence.legalBasis')}>{e.legalBasis ?? t('common.none')}</Field>
            <Field label={t('evidence.seizedAt')}>
              {e.seizedAt ? <DateTime value={e.seizedAt} /> : t('common.none')}
            </Field>
            <Field label={t('evidence.seizedPlace')}>{e.seizedPlace ?? t('common.none')}</Field>
            <Field label={t('evidence.seizedBy')}>{e.seizedBy ?? t('common.none')}</Field>
            <Field label={t('evidence.request')}>
              {e.requestId ? (
                <Anchor component={Link} to={`/requests/${e.requestId}`} size="sm">
                  {t('evidence.openRequest')}
                </Anchor>
              ) : (
                t('common.none')
              )}
            </Field>
            <Field label={t('common.created')}>
              <DateTime value={e.createdAt} />
            </Field>
            <Field label={t('common.updated')}>
              <DateTime value={e.updatedAt} />
            </Field>
          </SimpleGrid>
        </Stack>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="ev-files">
        <Stack gap="sm">
          <Title order={2} size="h4" id="ev-files">
            {t('evidence.files')}
          </Title>
          <FilesTable item={item.data} />
        </Stack>
      </Card>
      {holder && e.status === 'open' && can('evidence.create') && <UploadPanel itemId={e.id} />}
      <Card withBorder padding="md" component="section" aria-labelledby="ev-custody">
        <Stack gap="sm">
          <Title order={2} size="h4" id="ev-custody">
            {t('custody.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('custody.intro')}
          </Text>
          <CustodyTimeline id={e.id} />
        </Stack>
      </Card>
      <TransferModal item={item.data} opened={transferring} onClose={() => setTransferring(false)} />
      <RequestPermissionModal
        opened={asking}
        onClose={() => setAsking(false)}
        objectType="evidence"
        objectId={e.id}
        labels={labels}
      />
    </Stack>
  );
}
