import { REQUEST_STATES } from '@comity/contracts';
import { Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DeadlinesT } from '../../../api/types.ts';
import { Citation } from '../../../ui/Citation.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { RelativeDeadline } from '../../../ui/RelativeDeadline.tsx';
import { formatDuration } from '../../../ui/relative-time.ts';
import { EmptyRow } from '../../../ui/TableState.tsx';
import { DeadlineActionLabel, deadlineEventLabel } from '../../legal/AdviceView.tsx';
import { formatIsoDuration } from '../../legal/duration.ts';
import { isIn } from '../../legal/vocab.ts';

const statusColour = { running: 'blue', paused: 'yellow', met: 'green', stopped: 'gray' } as const;

/**
 * The clocks the law runs on the request: what must be done, by whom, from which event, by when, and
 * the article; paused time added back, extensions shown, overdue ones in red.
 */
export function ClocksTable({ deadlines, compact = false }: { deadlines: DeadlinesT; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  if (compact) {
    const open = deadlines.items.filter((d) => d.status === 'running' || d.status === 'paused');
    return (
      <Stack gap="xs" data-testid="clocks">
        {open.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('clocks.noneRunning')}
          </Text>
        )}
        {open.map((d) => (
          <div key={d.id} data-clock={d.ruleId} data-status={d.status} data-overdue={d.overdue}>
            <Text size="sm" fw={600}>
              <DeadlineActionLabel action={d.action} />
              {d.status === 'paused' && (
                <Badge size="xs" variant="light" color="yellow" ml={6}>
                  {t('clocks.statusName.paused')}
                </Badge>
              )}
            </Text>
            <Text size="sm">
              <DateTime value={d.dueAt} /> · <RelativeDeadline value={d.dueAt} />
            </Text>
            <Citation citation={d.citation} verified={d.verified} />
          </div>
        ))}
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <div className="comity-table-wrap">
        <Table withTableBorder striped fz="sm" data-testid="clocks">
          <Table.Caption>{t('clocks.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('clocks.action')}</Table.Th>
              <Table.Th scope="col">{t('clocks.owner')}</Table.Th>
              <Table.Th scope="col">{t('clocks.started')}</Table.Th>
              <Table.Th scope="col">{t('clocks.due')}</Table.Th>
              <Table.Th scope="col">{t('clocks.status')}</Table.Th>
              <Table.Th scope="col">{t('legal.citation')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deadlines.items.length === 0 && <EmptyRow columns={6} text={t('clocks.none')} />}
            {deadlines.items.map((d) => (
              <Table.Tr key={d.id} data-clock={d.ruleId} data-status={d.status} data-overdue={d.overdue}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    <DeadlineActionLabel action={d.action} />
                  </Text>
                  <Text size="xs" c="dimmed">
                    {d.basis === 'requested-date'
                      ? t('clocks.requestedDate')
                      : t('clocks.within', {
                          duration: d.duration ? formatIsoDuration(d.duration, i18n.language) : '',
                          event: deadlineEventLabel(d.event, t),
                        })}
                    {d.dayKind === 'working' && ` (${t('advice.workingDays')})`}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`clocks.side.${d.owner}`)}</Table.Td>
                <Table.Td>
                  <DateTime value={d.startedAt} />
                </Table.Td>
                <Table.Td>
                  <DateTime value={d.dueAt} />
                  {(d.status === 'running' || d.status === 'paused') && (
                    <Text size="xs">
                      <RelativeDeadline value={d.dueAt} />
                    </Text>
                  )}
                  {d.pausedMs > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('clocks.pausedFor', { duration: formatDuration(d.pausedMs, i18n.language) })}
                    </Text>
                  )}
                  {d.extension && (
                    <Text size="xs" c="dimmed">
                      {d.extension.applied
                        ? t('clocks.extended', {
                            duration: formatIsoDuration(d.extension.duration, i18n.language),
                          })
                        : t('clocks.extensionAvailable', {
                            duration: formatIsoDuration(d.extension.duration, i18n.language),
                          })}{' '}
                      <Citation citation={d.extension.citation} verified={d.extension.verified} />
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={d.overdue ? 'red' : statusColour[d.status]}>
                    {d.overdue ? t('clocks.overdue') : t(`clocks.statusName.${d.status}`)}
                  </Badge>
                  {d.pauseReason && (
                    <Text size="xs" c="dimmed">
                      {isIn(REQUEST_STATES, d.pauseReason)
                        ? t(`requestState.${d.pauseReason}`)
                        : d.pauseReason}
                    </Text>
                  )}
                  {d.endedAt && (
                    <Text size="xs" c="dimmed">
                      <DateTime value={d.endedAt} />
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Citation citation={d.citation} verified={d.verified} note={d.note ?? undefined} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Text size="xs" c="dimmed">
        {t('clocks.calendarNote')}
      </Text>
      {deadlines.untracked.length > 0 && (
        <details>
          <summary>
            <Text span size="sm">
              {t('clocks.untracked', { n: deadlines.untracked.length })}
            </Text>
          </summary>
          <Stack gap={4} mt={4}>
            {deadlines.untracked.map((u) => (
              <Text key={u.ruleId} size="xs">
                {u.reason} <Citation citation={u.citation} verified={u.verified} />
              </Text>
            ))}
          </Stack>
        </details>
      )}
    </Stack>
  );
}
