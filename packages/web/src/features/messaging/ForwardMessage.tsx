import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/queries.ts';
import { LabelBadges } from '../../ui/LabelBadges.tsx';
import { RULE_KEY } from '../evidence/evidence.api.ts';
import { forwardRule } from '../evidence/export-rules.ts';
import { RefusalAlert } from '../evidence/RefusalAlert.tsx';
import {
  type ForwardResultT,
  type MessageRow,
  messagingApi,
  messagingKeys,
  useAgencyNames,
} from './messaging.api.ts';

/**
 * Forwards a message into another thread of my agency. The server answers 201 (forwarded: the copy
 * is in the target thread) or 202 (H2 without the originator's permission: a permission request
 * went to the originator instead, nothing was forwarded), or refuses with 403 naming the rule.
 */
export function ForwardMessageModal({
  row,
  threadId,
  opened,
  onClose,
}: {
  row: MessageRow;
  threadId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('forwardMessage.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && <ForwardForm row={row} threadId={threadId} onClose={onClose} />}
    </Modal>
  );
}

function ForwardForm({ row, threadId, onClose }: { row: MessageRow; threadId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const names = useAgencyNames();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [result, setResult] = useState<ForwardResultT | null>(null);
  const threads = useQuery({
    queryKey: messagingKeys.threads({}),
    queryFn: ({ signal }) => messagingApi.threads({}, signal),
  });
  const targets = (threads.data?.items ?? []).filter((x) => x.data.id !== threadId);
  const chosen = targets.find((x) => x.data.id === target);
  const labels = row.labels;
  const h3 = labels.handlingCode === 'H3';
  // What the labels will say for each agency of the target thread (the server decides).
  const previews = chosen
    ? chosen.data.participants
        .filter((a) => a !== me?.agency.id)
        .map((a) => ({ agency: a, rule: me ? forwardRule(labels, me.agency.id, a, acknowledged) : null }))
        .filter((p) => p.rule !== null)
    : [];
  const forward = useMutation({
    mutationFn: () =>
      messagingApi.forward(row.data.id, {
        threadId: target!,
        ...(h3 ? { acknowledgeRestriction: acknowledged } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async (r) => {
      setResult(r);
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
      await queryClient.invalidateQueries({ queryKey: messagingKeys.permissions });
    },
  });

  if (result?.status === 'forwarded')
    return (
      <Stack gap="sm">
        <Alert color="green" variant="light" title={t('forwardMessage.doneTitle')} data-testid="forward-done">
          {t('forwardMessage.done', { subject: chosen?.data.subject ?? '' })}
        </Alert>
        <Group justify="flex-end" gap="xs">
          <Button
            component={Link}
            to={`/messages/${result.message.data.threadId}#m-${result.message.data.id}`}
            variant="default"
            onClick={onClose}
          >
            {t('forwardMessage.openTarget')}
          </Button>
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Group>
      </Stack>
    );
  if (result?.status === 'permission-requested')
    return (
      <Stack gap="sm">
        <Alert
          color="yellow"
          variant="light"
          title={t('forwardMessage.permissionTitle')}
          data-testid="forward-permission-requested"
        >
          <Stack gap={4}>
            <Text size="sm">
              {t('forwardMessage.permission', {
                originator: names.name(result.permissionRequest.originatorAgencyId),
                target: names.name(result.permissionRequest.targetAgencyId),
              })}
            </Text>
            <Text size="sm">{t('forwardMessage.permissionNext')}</Text>
          </Stack>
        </Alert>
        <Group justify="flex-end" gap="xs">
          <Button component={Link} to="/messages?tab=permissions" variant="default" onClick={onClose}>
            {t('forwardMessage.openPermissions')}
          </Button>
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Group>
      </Stack>
    );
  return (
    <form
      noValidate
      data-testid="forward-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (target && (!h3 || acknowledged)) forward.mutate();
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('forwardMessage.intro')}</Text>
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            {t('forwardMessage.labels')}
          </Text>
          <LabelBadges labels={labels} agencyName={names.name} size="xs" />
        </Stack>
        <Select
          label={t('forwardMessage.target')}
          description={t('forwardMessage.targetHelp')}
          required
          searchable
          data={targets.map((x) => ({
            value: x.data.id,
            label: `${x.data.subject} — ${x.data.participants.map((p) => names.name(p)).join(', ')}`,
          }))}
          value={target}
          onChange={setTarget}
          nothingFoundMessage={t('forwardMessage.noThreads')}
          error={tried && !target ? t('validation.choose') : undefined}
        />
        {previews.length > 0 && (
          <Alert color="yellow" variant="light" role="status" data-testid="forward-preview">
            <Stack gap={2}>
              {previews.map((p) => (
                <Text key={p.agency} size="sm">
                  {p.rule === 'h2-permission'
                    ? t('forwardMessage.previewPermission', { name: names.name(p.agency) })
                    : t('forwardMessage.previewRefused', {
                        name: names.name(p.agency),
                        rule: t(RULE_KEY[p.rule!]!),
                      })}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        {h3 && (
          <Checkbox
            label={t('forwardMessage.acknowledge', { text: labels.handlingText ?? '' })}
            checked={acknowledged}
            onChange={(e) => setAcknowledged(e.currentTarget.checked)}
            error={tried && !acknowledged ? t('forwardMessage.acknowledgeRequired') : undefined}
          />
        )}
        <Textarea
          label={t('forwardMessage.reason')}
          description={t('forwardMessage.reasonHelp')}
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {forward.isError && <RefusalAlert error={forward.error} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={forward.isPending}>
            {t('forwardMessage.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
