import { Anchor, Badge, Group, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe, usePermission } from '../../../api/queries.ts';
import type { TimelineT } from '../../../api/types.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { evidenceApi, evidenceKeys, formatBytes } from '../../evidence/evidence.api.ts';
import { isIn } from '../../legal/vocab.ts';
import { TIMELINE_DETAILS } from './vocab.ts';

type EntryT = TimelineT['items'][number];

const EVIDENCE_ACTIONS = new Set(['evidence-offered', 'evidence-pulled']);

/**
 * Evidence returned by a partner node: offered (file name, size, SHA-256), then pulled into this
 * node's encrypted store once its hash matched. The pulled file is an evidence item of my agency
 * with the same SHA-256: linked to its page when I may see it.
 */
function EvidenceEntry({ e, itemOf }: { e: EntryT; itemOf: (sha256: string) => string | undefined }) {
  const { t, i18n } = useTranslation();
  const d = e.details as { name?: unknown; size?: unknown; sha256?: unknown };
  const name = typeof d.name === 'string' && d.name ? d.name : t('resultsEvidence.timeline.file');
  const sha = typeof d.sha256 === 'string' ? d.sha256 : '';
  const pulled = e.action === 'evidence-pulled';
  const itemId = pulled && sha ? itemOf(sha) : undefined;
  return (
    <Timeline.Item
      color={pulled ? 'green' : 'gray'}
      title={
        <Text span size="sm" fw={600}>
          {pulled
            ? t('resultsEvidence.timeline.pulled', { name })
            : t('resultsEvidence.timeline.offered', { name })}
        </Text>
      }
      data-timeline={`${e.kind}:${e.action}`}
    >
      <Text size="xs" c="dimmed">
        <DateTime value={e.at} />
        {typeof d.size === 'number' ? ` · ${formatBytes(d.size, i18n.language)}` : ''}
      </Text>
      <Text size="sm">
        {pulled ? t('resultsEvidence.timeline.pulledHelp') : t('resultsEvidence.timeline.offeredHelp')}
      </Text>
      {sha && (
        <Text size="xs">
          SHA-256{' '}
          <Text span size="xs" className="comity-mono">
            {sha}
          </Text>
        </Text>
      )}
      {itemId && (
        <Anchor component={Link} to={`/evidence/${itemId}`} size="sm" data-testid="pulled-evidence-link">
          {t('resultsEvidence.timeline.open', { name })}
        </Anchor>
      )}
    </Timeline.Item>
  );
}

/** A change to an execution task: what happened, to which task, of which agency, by whom. */
function TaskEntry({ e }: { e: EntryT }) {
  const { t } = useTranslation();
  const d = e.details as { task?: unknown; ownerAgency?: unknown; fields?: unknown };
  const fields = Array.isArray(d.fields) ? d.fields.map(String) : [];
  return (
    <Timeline.Item
      color={e.action === 'task-done' ? 'green' : e.action === 'task-cancelled' ? 'red' : 'violet'}
      title={
        <Text span size="sm" fw={600}>
          {t(`timelineTask.${e.action}`, { task: String(d.task ?? ''), defaultValue: e.action })}
        </Text>
      }
      data-timeline={`${e.kind}:${e.action}`}
    >
      <Text size="xs" c="dimmed">
        <DateTime value={e.at} />
        {e.by ? ` · ${e.by.name}` : ''}
        {e.agency ? ` · ${e.agency.name}` : ''}
      </Text>
      {typeof d.ownerAgency === 'string' && d.ownerAgency && (
        <Text size="sm">{t('timelineTask.owner', { agency: d.ownerAgency })}</Text>
      )}
      {fields.length > 0 && (
        <Text size="sm">
          {t('timelineTask.fields', {
            fields: fields.map((f) => t(`timelineTask.field.${f}`, { defaultValue: f })).join(', '),
          })}
        </Text>
      )}
    </Timeline.Item>
  );
}

/** Evidence items of my agency by file SHA-256, read only when a pulled file is on the timeline. */
function usePulledItems(timeline: TimelineT) {
  const can = usePermission();
  const me = useMe().data;
  const any = timeline.items.some((e) => e.action === 'evidence-pulled');
  const list = useQuery({
    queryKey: evidenceKeys.list,
    queryFn: ({ signal }) => evidenceApi.list(signal),
    enabled: any && can('evidence.read'),
  });
  return (sha256: string) =>
    list.data?.items.find(
      (x) => x.data.agencyId === me?.agency.id && x.data.files.some((f) => f.sha256 === sha256),
    )?.data.id;
}

/**
 * Every transition (who, which agency, from which state to which) and every receipt, in time order;
 * on the requested side also the changes to the execution tasks one may see.
 */
export function TimelineList({ timeline }: { timeline: TimelineT }) {
  const { t } = useTranslation();
  const itemOf = usePulledItems(timeline);
  if (timeline.items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('timeline.empty')}
      </Text>
    );
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
      {timeline.items.map((e, i) => {
        if (e.kind === 'receipt' && EVIDENCE_ACTIONS.has(e.action))
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id and never reorder
          return <EvidenceEntry key={i} e={e} itemOf={itemOf} />;
        // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id and never reorder
        if (e.kind === 'task') return <TaskEntry key={i} e={e} />;
        const details = Object.entries(e.details).filter(
          ([k, v]) => isIn(TIMELINE_DETAILS, k) && v !== null && v !== undefined && v !== '',
        );
        const title =
          e.kind === 'transition'
            ? t(`transitionAction.${e.action}`, { defaultValue: e.action })
            : t('timeline.receipt', {
                kind: t(`receiptKind.${e.action}`, { defaultValue: e.action }),
                of: t(`transitionAction.${String(e.details.of ?? '')}`, {
                  defaultValue: String(e.details.of ?? ''),
                }),
              });
        return (
          <Timeline.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id and never reorder
            key={i}
            color={e.kind === 'receipt' ? 'gray' : 'blue'}
            title={
              <Group gap="xs" component="span">
                <Text span size="sm" fw={600}>
                  {title}
                </Text>
                {e.from && e.to && e.from !== e.to && (
                  <Text span size="xs" c="dimmed">
                    {t(`requestState.${e.from}`)} → {t(`requestState.${e.to}`)}
                  </Text>
                )}
              </Group>
            }
            data-timeline={`${e.kind}:${e.action}`}
          >
            <Text size="xs" c="dimmed">
              <DateTime value={e.at} />
              {e.by ? ` · ${e.by.name}` : ''}
              {e.agency ? ` · ${e.agency.name}` : ''}
            </Text>
            {details.map(([k, v]) => (
              <Text key={k} size="sm" className="comity-prewrap">
                <Text span size="sm" fw={600}>
                  {t(`timelineDetail.${k}`)}:
                </Text>{' '}
                {Array.isArray(v)
                  ? v.map((g) => (
                      <Badge key={String(g)} size="xs" variant="light" color="gray" tt="none" mr={4}>
                        {typeof g === 'object' && g && 'id' in g
                          ? String((g as { id: unknown }).id)
                          : String(g)}
                      </Badge>
                    ))
                  : String(v)}
              </Text>
            ))}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
