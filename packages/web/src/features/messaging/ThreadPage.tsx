import { MESSAGE_KINDS } from '@comity/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import { useMe, usePermission } from '../../api/queries.ts';
import { NotFound } from '../../app/NotFound.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { LabelBadges } from '../../ui/LabelBadges.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { ForwardMessageModal } from './ForwardMessage.tsx';
import { cleanLabels, LabelsFields } from './LabelsFields.tsx';
import {
  KIND_KEY,
  type LabelsInputT,
  type MessageKindT,
  type MessageRow,
  messagingApi,
  messagingKeys,
  type ThreadRow,
  useAgencyNames,
} from './messaging.api.ts';
import { RequestPermissionModal } from './PermissionRequests.tsx';
import { useLiveEvents } from './useLiveEvents.ts';

/** Earlier revisions of a message: edits are never silent. */
function History({ id, current }: { id: string; current: MessageRow['data'] }) {
  const { t } = useTranslation();
  const revisions = useQuery({
    queryKey: messagingKeys.revisions(id),
    queryFn: ({ signal }) => messagingApi.revisions(id, signal),
  });
  if (revisions.isError) return <ProblemAlert error={revisions.error} />;
  if (!revisions.data)
    return (
      <Text size="sm" c="dimmed">
        {t('common.loading')}
      </Text>
    );
  return (
    <Stack gap={6} component="ol" data-testid="message-history" style={{ paddingLeft: 18, margin: 0 }}>
      {revisions.data.items.map((r) => (
        <li key={r.id}>
          <Text size="xs" c="dimmed">
            {t('messaging.revisionLine', { n: r.revision })} · {t('messaging.replacedAt')}{' '}
            <DateTime value={r.edited_at} seconds />
          </Text>
          <Text size="sm" className="comity-prewrap" td="line-through" c="dimmed">
            {r.body}
          </Text>
        </li>
      ))}
      <li>
        <Text size="xs" c="dimmed">
          {t('messaging.revisionLine', { n: current.revision })} · {t('messaging.currentRevision')}
        </Text>
        <Text size="sm" className="comity-prewrap">
          {current.body}
        </Text>
      </li>
    </Stack>
  );
}

function MessageCard({ row, thread }: { row: MessageRow; thread: ThreadRow['data'] }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const can = usePermission();
  const names = useAgencyNames();
  const queryClient = useQueryClient();
  const m = row.data;
  const mine = me?.user.id === m.authorId;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.body);
  const [showHistory, setShowHistory] = useState(false);
  const [asking, setAsking] = useState(false);
  const [forwarding, setForwarding] = useState(false);
  const edit = useMutation({
    mutationFn: () => messagingApi.edit(m.id, draft, m.revision),
    onSuccess: async () => {
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: messagingKeys.messages(thread.id) });
      await queryClient.invalidateQueries({ queryKey: messagingKeys.revisions(m.id) });
    },
  });
  const restricted =
    (row.labels.handlingCode === 'H1' || row.labels.handlingCode === 'H2') &&
    me !== undefined &&
    row.labels.originatorAgencyId !== me.agency.id;
  const headingId = `message-${m.id}`;
  return (
    <Card
      withBorder
      padding="sm"
      component="article"
      aria-labelledby={headingId}
      data-testid="message"
      data-message-id={m.id}
      id={`m-${m.id}`}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Title order={3} size="sm" id={headingId}>
              {names.name(m.authorAgencyId)}
              {mine && (
                <Text span size="sm" c="dimmed" fw={400}>
                  {' '}
                  ({t('messaging.you')})
                </Text>
              )}
            </Title>
            {m.kind !== 'text' && (
              <Badge size="sm" variant="light" color="blue" data-testid="message-kind">
                {t(KIND_KEY[m.kind])}
              </Badge>
            )}
            {m.forwardedFrom && (
              <Badge size="sm" variant="light" color="gray">
                {t('messaging.forwarded')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            <DateTime value={m.createdAt} />
          </Text>
        </Group>
        <LabelBadges labels={row.labels} agencyName={names.name} size="xs" />
        {editing ? (
          <Stack gap="xs">
            <Textarea
              label={t('messaging.editLabel')}
              autosize
              minRows={2}
              maxLength={20_000}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              data-autofocus
            />
            {edit.isError && <ProblemAlert error={edit.error} />}
            <Group gap="xs">
              <Button
                size="xs"
                onClick={() => edit.mutate()}
                loading={edit.isPending}
                disabled={!draft.trim()}
              >
                {t('messaging.saveEdit')}
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() => {
                  setEditing(false);
                  setDraft(m.body);
                }}
              >
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Text size="sm" className="comity-prewrap" data-testid="message-body">
            {m.body}
          </Text>
        )}
        {m.attachments.length > 0 && (
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              {t('messaging.attachments')}
            </Text>
            {m.attachments.map((id) => (
              <Anchor key={id} component={Link} to={`/evidence/${id}`} size="xs">
                {t('messaging.evidenceItem')} …{id.slice(-6)}
              </Anchor>
            ))}
          </Group>
        )}
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs">
            {m.revision > 1 && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => setShowHistory((s) => !s)}
                aria-expanded={showHistory}
              >
                {t('messaging.edited', { n: m.revision - 1 })}
                {m.editedAt && (
                  <>
                    {' · '}
                    <DateTime value={m.editedAt} />
                  </>
                )}
              </Button>
            )}
            {m.readBy.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('messaging.readBy', { n: m.readBy.length })}
              </Text>
            )}
          </Group>
          <Group gap="xs">
            {restricted && can('thread.read') && (
              <Button size="compact-xs" variant="default" onClick={() => setAsking(true)}>
                {t('permissions.ask')}
              </Button>
            )}
            {can('thread.post') && (
              <Button
                size="compact-xs"
                variant="default"
                onClick={() => setForwarding(true)}
                aria-label={t('forwardMessage.open', { name: names.name(m.authorAgencyId) })}
              >
                {t('forwardMessage.button')}
              </Button>
            )}
            {mine && !editing && can('thread.post') && (
              <Button size="compact-xs" variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
          </Group>
        </Group>
        {showHistory && <History id={m.id} current={m} />}
      </Stack>
      <ForwardMessageModal
        row={row}
        threadId={thread.id}
        opened={forwarding}
        onClose={() => setForwarding(false)}
      />
      <RequestPermissionModal
        opened={asking}
        onClose={() => setAsking(false)}
        objectType="message"
        objectId={m.id}
        labels={row.labels}
      />
    </Card>
  );
}

function Compose({ thread }: { thread: ThreadRow }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<MessageKindT>('text');
  const [body, setBody] = useState('');
  const initialLabels = (): LabelsInputT => ({
    tlp: thread.labels.tlp,
    handlingCode: thread.labels.handlingCode,
    handlingText: thread.labels.handlingText,
    sourceReliability: thread.labels.sourceReliability,
    informationAssessment: thread.labels.informationAssessment,
  });
  const [labels, setLabels] = useState<LabelsInputT>(initialLabels);
  const [tried, setTried] = useState(false);
  const post = useMutation({
    mutationFn: () => messagingApi.post(thread.data.id, { kind, body, labels: cleanLabels(labels) }),
    onSuccess: async () => {
      setBody('');
      setKind('text');
      setTried(false);
      await queryClient.invalidateQueries({ queryKey: messagingKeys.messages(thread.data.id) });
    },
  });
  const h3Missing = labels.handlingCode === 'H3' && !labels.handlingText?.trim();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="compose-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (body.trim() && !h3Missing) post.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="compose-title">
            {t('messaging.compose')}
          </Title>
          <Select
            label={t('messaging.kindLabel')}
            description={t('messaging.kindHelp')}
            data={MESSAGE_KINDS.map((x) => ({ value: x, label: t(KIND_KEY[x]) }))}
            value={kind}
            allowDeselect={false}
            onChange={(v) => v && setKind(v as MessageKindT)}
          />
          <Textarea
            label={t('messaging.body')}
            required
            autosize
            minRows={3}
            maxLength={20_000}
            value={body}
            error={tried && !body.trim() ? t('validation.required') : undefined}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <LabelsFields
            value={labels}
            onChange={setLabels}
            handlingTextError={tried && h3Missing ? t('validation.required') : undefined}
          />
          {post.isError && <ProblemAlert error={post.error} />}
          <Group justify="flex-end">
            <Button type="submit" loading={post.isPending}>
              {t('messaging.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Posts read receipts for the messages shown that I have not read yet (once each). */
function useReadReceipts(items: MessageRow[] | undefined, userId: string | undefined) {
  const sent = useRef(new Set<string>());
  useEffect(() => {
    if (!items || !userId) return;
    for (const { data: m } of items) {
      if (sent.current.has(m.id) || m.authorId === userId || m.readBy.some((r) => r.userId === userId))
        continue;
      sent.current.add(m.id);
      void messagingApi.markRead(m.id).catch(() => sent.current.delete(m.id));
    }
  }, [items, userId]);
}

/** /messages/:id — one thread: labelled messages, history of edits, compose, live refresh. */
export function ThreadPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const can = usePermission();
  const me = useMe().data;
  const names = useAgencyNames();
  const [newestFirst, setNewestFirst] = useState(false);
  const threads = useQuery({
    queryKey: messagingKeys.threads({}),
    queryFn: ({ signal }) => messagingApi.threads({}, signal),
  });
  const messages = useQuery({
    queryKey: messagingKeys.messages(id),
    queryFn: ({ signal }) => messagingApi.messages(id, signal),
  });
  useLiveEvents(['message', 'thread'], [messagingKeys.messages(id), messagingKeys.threads({})]);
  useReadReceipts(messages.data?.items, me?.user.id);
  const thread = threads.data?.items.find((x) => x.data.id === id);
  if (messages.isError && isProblem(messages.error, 'not-found', 'validation-failed')) return <NotFound />;
  if (threads.data && !thread) return <NotFound />;
  const items = [...(messages.data?.items ?? [])];
  if (newestFirst) items.reverse();
  return (
    <Stack gap="md">
      {thread?.data.requestId ? (
        <Anchor component={Link} to={`/requests/${thread.data.requestId}?tab=messages`} size="sm">
          {t('messaging.backToRequest')}
        </Anchor>
      ) : (
        <Anchor component={Link} to="/messages" size="sm">
          {t('messaging.backToThreads')}
        </Anchor>
      )}
      <PageHeader
        title={thread?.data.subject ?? t('messaging.thread')}
        description={
          thread && (
            <span>
              {t('messaging.participants', {
                names: thread.data.participants.map((p) => names.name(p)).join(', '),
              })}
            </span>
          )
        }
        actions={
          <Button variant="default" size="xs" onClick={() => setNewestFirst((x) => !x)}>
            {newestFirst ? t('messaging.oldestFirst') : t('messaging.newestFirst')}
          </Button>
        }
      />
      {thread && (
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('messaging.threadLabels')}
          </Text>
          <LabelBadges labels={thread.labels} agencyName={names.name} size="xs" />
        </Group>
      )}
      {messages.isError && <ProblemAlert error={messages.error} onRetry={() => void messages.refetch()} />}
      {messages.data && messages.data.withheld > 0 && (
        <Alert color="gray" variant="light" data-testid="withheld">
          {t('messaging.withheld', { n: messages.data.withheld })}
        </Alert>
      )}
      {!messages.data && !messages.isError && (
        <Text size="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      )}
      <Stack gap="sm" aria-label={t('messaging.messagesList')} component="section">
        {messages.data?.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('messaging.noMessages')}
          </Text>
        )}
        {thread &&
          items.map((row) => (
            <MessageCard key={`${row.data.id}-${row.data.revision}`} row={row} thread={thread.data} />
          ))}
      </Stack>
      {thread && can('thread.post') && <Compose thread={thread} />}
    </Stack>
  );
}

/** Opens a thread on a request or case (used on the request page). */
export function NewThreadModal({
  opened,
  onClose,
  requestId,
  caseId,
  defaultSubject,
  defaultParticipants,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  requestId?: string;
  caseId?: string;
  defaultSubject: string;
  defaultParticipants: string[];
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('messaging.newThread')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && (
        <NewThreadForm
          requestId={requestId}
          caseId={caseId}
          defaultSubject={defaultSubject}
          defaultParticipants={defaultParticipants}
          onCreated={onCreated}
        />
      )}
    </Modal>
  );
}

function NewThreadForm({
  requestId,
  caseId,
  defaultSubject,
  defaultParticipants,
  onCreated,
}: {
  requestId?: string | undefined;
  caseId?: string | undefined;
  defaultSubject: string;
  defaultParticipants: string[];
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const names = useAgencyNames();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState(defaultSubject);
  const [participants, setParticipants] = useState<string[]>(defaultParticipants);
  const [labels, setLabels] = useState<LabelsInputT>({ tlp: 'AMBER', handlingCode: 'H0' });
  const [tried, setTried] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      messagingApi.createThread({
        subject: subject.trim(),
        ...(requestId ? { requestId } : {}),
        ...(caseId ? { caseId } : {}),
        participants,
        labels: cleanLabels(labels),
      }),
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: messagingKeys.all });
      onCreated(row.data.id);
    },
  });
  const h3Missing = labels.handlingCode === 'H3' && !labels.handlingText?.trim();
  const others = names.options.filter((o) => o.value !== me?.agency.id);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (subject.trim() && !h3Missing) create.mutate();
      }}
    >
      <Stack gap="sm">
        <Textarea
          label={t('messaging.subject')}
          required
          autosize
          minRows={1}
          maxLength={300}
          value={subject}
          error={tried && !subject.trim() ? t('validation.required') : undefined}
          onChange={(e) => setSubject(e.currentTarget.value)}
        />
        <Select
          label={t('messaging.addParticipant')}
          description={t('messaging.participantsHelp', {
            names: participants.map((p) => names.name(p)).join(', ') || t('common.none'),
          })}
          data={others.filter((o) => !participants.includes(o.value))}
          value={null}
          searchable
          onChange={(v) => v && setParticipants((xs) => [...xs, v])}
        />
        {participants.length > 0 && (
          <Group gap={6}>
            {participants.map((p) => (
              <Button
                key={p}
                size="compact-xs"
                variant="light"
                onClick={() => setParticipants((xs) => xs.filter((x) => x !== p))}
                aria-label={t('messaging.removeParticipant', { name: names.name(p) })}
              >
                {names.name(p)} ×
              </Button>
            ))}
          </Group>
        )}
        <LabelsFields
          value={labels}
          onChange={setLabels}
          handlingTextError={tried && h3Missing ? t('validation.required') : undefined}
        />
        {create.isError && <ProblemAlert error={create.error} />}
        <Button type="submit" loading={create.isPending}>
          {t('messaging.openThread')}
        </Button>
      </Stack>
    </form>
  );
}
