import type { Labels } from '@comity/contracts';
import { Anchor, Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe, usePermission } from '../../api/queries.ts';
import { k } from '../../i18n/index.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { HANDLING_HELP } from '../../ui/LabelBadges.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { messagingApi, messagingKeys, type PermissionRequestT, useAgencyNames } from './messaging.api.ts';

const STATUS_KEY: Record<PermissionRequestT['status'], string> = {
  pending: k('permissions.status.pending'),
  granted: k('permissions.status.granted'),
  refused: k('permissions.status.refused'),
};
const STATUS_COLOUR: Record<PermissionRequestT['status'], string> = {
  pending: 'yellow',
  granted: 'green',
  refused: 'red',
};
export const PERMISSION_KIND_KEY: Record<PermissionRequestT['kind'], string> = {
  forward: k('permissions.kind.forward'),
  judicial: k('permissions.kind.judicial'),
};

/** Ask the originator for permission: H1 judicial use, H2 onward sharing. */
export function RequestPermissionModal({
  opened,
  onClose,
  objectType,
  objectId,
  labels,
}: {
  opened: boolean;
  onClose: () => void;
  objectType: 'message' | 'evidence';
  objectId: string;
  labels: Labels;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('permissions.askTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && (
        <RequestPermissionForm objectType={objectType} objectId={objectId} labels={labels} onDone={onClose} />
      )}
    </Modal>
  );
}

function RequestPermissionForm({
  objectType,
  objectId,
  labels,
  onDone,
}: {
  objectType: 'message' | 'evidence';
  objectId: string;
  labels: Labels;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const names = useAgencyNames();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'forward' | 'judicial'>(
    labels.handlingCode === 'H1' ? 'judicial' : 'forward',
  );
  const [target, setTarget] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const ask = useMutation({
    mutationFn: () =>
      messagingApi.requestPermission({
        kind,
        objectType,
        objectId,
        reason: reason.trim(),
        ...(kind === 'forward' && target ? { targetAgencyId: target } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: messagingKeys.permissions });
      onDone();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (reason.trim()) ask.mutate();
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          {t('permissions.askIntro', {
            code: labels.handlingCode,
            rule: t(HANDLING_HELP[labels.handlingCode]),
            originator: names.name(labels.originatorAgencyId),
          })}
        </Text>
        <Select
          label={t('permissions.kindLabel')}
          data={(['judicial', 'forward'] as const).map((x) => ({
            value: x,
            label: t(PERMISSION_KIND_KEY[x]),
          }))}
          value={kind}
          allowDeselect={false}
          onChange={(v) => v && setKind(v as 'forward' | 'judicial')}
        />
        {kind === 'forward' && (
          <Select
            label={t('permissions.target')}
            description={t('permissions.targetHelp')}
            data={names.options.filter((o) => o.value !== me?.agency.id)}
            value={target}
            searchable
            clearable
            onChange={setTarget}
          />
        )}
        <Textarea
          label={t('permissions.reason')}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          error={tried && !reason.trim() ? t('validation.required') : undefined}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {ask.isError && <ProblemAlert error={ask.error} />}
        <Button type="submit" loading={ask.isPending}>
          {t('permissions.send')}
        </Button>
      </Stack>
    </form>
  );
}

function DecideButtons({ pr }: { pr: PermissionRequestT }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [open, setOpen] = useState<'grant' | 'refuse' | null>(null);
  const decide = useMutation({
    mutationFn: (verb: 'grant' | 'refuse') => messagingApi.decide(pr.id, verb, note.trim() || undefined),
    onSuccess: async () => {
      setOpen(null);
      await queryClient.invalidateQueries({ queryKey: messagingKeys.permissions });
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['evidence'] });
    },
  });
  return (
    <>
      <Group gap={4} wrap="nowrap">
        <Button size="compact-xs" color="green" onClick={() => setOpen('grant')}>
          {t('permissions.grant')}
        </Button>
        <Button size="compact-xs" color="red" variant="light" onClick={() => setOpen('refuse')}>
          {t('permissions.refuse')}
        </Button>
      </Group>
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open === 'grant' ? t('permissions.grantTitle') : t('permissions.refuseTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="sm">
          <Text size="sm" className="comity-prewrap">
            {pr.reason}
          </Text>
          <Textarea
            label={t('permissions.note')}
            autosize
            minRows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {decide.isError && <ProblemAlert error={decide.error} />}
          <Button
            color={open === 'grant' ? 'green' : 'red'}
            loading={decide.isPending}
            onClick={() => open && decide.mutate(open)}
          >
            {open === 'grant' ? t('permissions.grant') : t('permissions.refuse')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}

/** Permission requests to or from my agency; the originator grants or refuses. */
export function PermissionRequestsTable() {
  const { t } = useTranslation();
  const me = useMe().data;
  const can = usePermission();
  const names = useAgencyNames();
  const list = useQuery({
    queryKey: messagingKeys.permissions,
    queryFn: ({ signal }) => messagingApi.permissions(signal),
  });
  const items = list.data?.items ?? [];
  return (
    <div className="comity-table-wrap">
      <Table withTableBorder striped fz="sm" data-testid="permission-requests">
        <Table.Caption>{t('permissions.caption', { n: items.length })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('permissions.kindLabel')}</Table.Th>
            <Table.Th scope="col">{t('permissions.object')}</Table.Th>
            <Table.Th scope="col">{t('permissions.from')}</Table.Th>
            <Table.Th scope="col">{t('permissions.originator')}</Table.Th>
            <Table.Th scope="col">{t('permissions.reason')}</Table.Th>
            <Table.Th scope="col">{t('permissions.statusLabel')}</Table.Th>
            <Table.Th scope="col">{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <TableState query={list} columns={7} empty={t('permissions.empty')} />
          {items.map((pr) => (
            <Table.Tr key={pr.id}>
              <Table.Td>{t(PERMISSION_KIND_KEY[pr.kind])}</Table.Td>
              <Table.Td>
                {pr.objectType === 'evidence' ? (
                  <Anchor component={Link} to={`/evidence/${pr.objectId}`} size="sm">
                    {t('permissions.objectEvidence')}
                  </Anchor>
                ) : (
                  t('permissions.objectMessage')
                )}
              </Table.Td>
              <Table.Td>{names.name(pr.requesterAgencyId)}</Table.Td>
              <Table.Td>{names.name(pr.originatorAgencyId)}</Table.Td>
              <Table.Td>
                <Text size="sm" className="comity-prewrap">
                  {pr.reason}
                </Text>
                {pr.decisionNote && (
                  <Text size="xs" c="dimmed">
                    {pr.decisionNote}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={STATUS_COLOUR[pr.status]}>
                  {t(STATUS_KEY[pr.status])}
                </Badge>
                <Text size="xs" c="dimmed">
                  <DateTime value={pr.decidedAt ?? pr.createdAt} />
                </Text>
              </Table.Td>
              <Table.Td>
                {pr.status === 'pending' &&
                  pr.originatorAgencyId === me?.agency.id &&
                  can('permission.decide') && <DecideButtons pr={pr} />}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
