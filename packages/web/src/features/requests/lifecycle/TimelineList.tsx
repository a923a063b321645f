import { Badge, Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimelineT } from '../../../api/types.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { isIn } from '../../legal/vocab.ts';
import { TIMELINE_DETAILS } from './vocab.ts';

/** Every transition (who, which agency, from which state to which) and every receipt, in time order. */
export function TimelineList({ timeline }: { timeline: TimelineT }) {
  const { t } = useTranslation();
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
