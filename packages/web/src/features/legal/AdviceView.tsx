import { ADVISORY_CODES, DEADLINE_ACTIONS, DEADLINE_EVENTS, NOT_APPLIES_CODES } from '@comity/contracts';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AdviceT, InstrumentAdviceT } from '../../api/types.ts';
import { Citation, splitUnverified, VerifiedBadge } from '../../ui/Citation.tsx';
import { formatIsoDuration } from './duration.ts';
import { EnglishOriginal } from './EnglishOriginal.tsx';
import { useNames } from './names.ts';
import { isIn } from './vocab.ts';

/**
 * A sentence of the advisor, with its "[unverified]" mark turned into a badge, and marked when it
 * quotes registry prose in its English original.
 */
function Reason({ text, lang }: { text: string; lang?: string | undefined }) {
  const r = splitUnverified(text);
  return (
    <Text size="sm" span>
      {r.text} {!r.verified && <VerifiedBadge verified={false} />} <EnglishOriginal lang={lang} />
    </Text>
  );
}

export function DeadlineActionLabel({ action }: { action: string }) {
  const { t } = useTranslation();
  return <>{isIn(DEADLINE_ACTIONS, action) ? t(`deadlineAction.${action}`) : action}</>;
}

export function deadlineEventLabel(event: string, t: (k: string) => string): string {
  return isIn(DEADLINE_EVENTS, event) ? t(`deadlineEvent.${event}`) : event;
}

function Deadlines({ advice }: { advice: InstrumentAdviceT }) {
  const { t, i18n } = useTranslation();
  if (advice.deadlines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('advice.noDeadlines')}
      </Text>
    );
  }
  return (
    <div className="comity-table-wrap">
      <Table withTableBorder fz="sm">
        <Table.Caption>{t('advice.deadlinesCaption', { instrument: advice.title })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('advice.deadlineAction')}</Table.Th>
            <Table.Th scope="col">{t('advice.deadlineWithin')}</Table.Th>
            <Table.Th scope="col">{t('advice.deadlineFrom')}</Table.Th>
            <Table.Th scope="col">{t('legal.citation')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {advice.deadlines.map((d) => (
            <Table.Tr key={d.id} data-deadline={d.id}>
              <Table.Td>
                <DeadlineActionLabel action={d.action} />
                {d.condition && (
                  <Text size="xs" c="dimmed">
                    {d.condition} <EnglishOriginal lang={d.lang} />
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {formatIsoDuration(d.duration, i18n.language)}
                {d.dayKind === 'working' && ` (${t('advice.workingDays')})`}
                {d.extension && (
                  <Text size="xs" c="dimmed">
                    {t('advice.extension', {
                      duration: formatIsoDuration(d.extension.duration, i18n.language),
                    })}{' '}
                    {d.extension.condition} <EnglishOriginal lang={d.extension.lang} />{' '}
                    <Citation citation={d.extension.citation} verified={d.extension.verified} />
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{deadlineEventLabel(d.event, t)}</Table.Td>
              <Table.Td>
                <Citation citation={d.citation} verified={d.verified} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function ApplyingInstrument({
  advice,
  chosen,
  onChoose,
  choosing,
}: {
  advice: InstrumentAdviceT;
  chosen: boolean;
  onChoose?: ((id: string) => void) | undefined;
  choosing?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const dc = advice.dualCriminality;
  const titleId = `advice-${advice.id}`;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby={titleId}
      data-testid={`advice-${advice.id}`}
      style={chosen ? { borderColor: 'var(--mantine-color-blue-6)', borderWidth: 2 } : undefined}
    >
      <Group justify="space-between" align="flex-start" mb="xs">
        <Stack gap={2}>
          <Group gap="xs">
            <Badge variant="filled" color="blue" aria-label={t('advice.rankLabel', { rank: advice.rank })}>
              {advice.rank}
            </Badge>
            <Title order={3} size="h4" id={titleId}>
              {names.instrument(advice.id)}
            </Title>
            {chosen && (
              <Badge color="green" variant="light">
                {t('advice.chosen')}
              </Badge>
            )}
            {!advice.membershipVerified && (
              <Badge color="orange" variant="light" size="sm">
                {t('advice.membershipUnverified')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {advice.title}
          </Text>
        </Stack>
        {onChoose && !chosen && (
          <Button
            size="sm"
            onClick={() => onChoose(advice.id)}
            loading={choosing}
            aria-label={t('advice.chooseLabel', { instrument: names.instrument(advice.id) })}
          >
            {t('advice.choose')}
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        <div>
          <Title order={4} size="h6">
            {t('advice.why')}
          </Title>
          <List size="sm" spacing={2}>
            {advice.reasons.map((r, k) => (
              <List.Item key={r}>
                <Reason text={r} lang={advice.reasonDetails?.[k]?.lang} />
              </List.Item>
            ))}
          </List>
        </div>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
          <div>
            <Title order={4} size="h6">
              {t('advice.channel')}
            </Title>
            {advice.channel ? (
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {t(`channelKind.${advice.channel.kind}`)}
                </Text>
                <Text size="sm">
                  {advice.channel.description} <EnglishOriginal lang={advice.channel.lang} />
                </Text>
                {advice.channel.centralAuthority && <Text size="sm">{advice.channel.centralAuthority}</Text>}
                <Citation citation={advice.channel.citation} verified={advice.channel.verified} />
              </Stack>
            ) : (
              <Text size="sm">{t('common.none')}</Text>
            )}
          </div>
          <div>
            <Title order={4} size="h6">
              {t('advice.languages')}
            </Title>
            <Group gap={4}>
              {advice.languages.length === 0 && <Text size="sm">{t('advice.languagesUnknown')}</Text>}
              {advice.languages.map((l) => (
                <Badge key={l} variant="outline" color="gray" tt="none">
                  {names.language(l)} ({l})
                </Badge>
              ))}
            </Group>
          </div>
          <div>
            <Title order={4} size="h6">
              {t('advice.dualCriminality')}
            </Title>
            <Text size="sm">
              {dc.required
                ? dc.waivedByCategory
                  ? t('advice.dcWaived', { months: dc.waiverThresholdMonths ?? 0 })
                  : t('advice.dcRequired')
                : t('advice.dcNotRequired')}
            </Text>
            <Citation citation={dc.citation} verified={dc.verified} />
          </div>
        </SimpleGrid>
        <div>
          <Title order={4} size="h6" mb={4}>
            {t('advice.deadlines')}
          </Title>
          <Deadlines advice={advice} />
          {advice.executionPace && (
            <Text size="sm" mt={4}>
              {advice.executionPace.description} <EnglishOriginal lang={advice.executionPace.lang} />{' '}
              <Citation citation={advice.executionPace.citation} verified={advice.executionPace.verified} />
            </Text>
          )}
        </div>
        {advice.refusalRisks.length > 0 && (
          <details>
            <summary>
              <Text span size="sm" fw={600}>
                {t('advice.refusalRisks', { n: advice.refusalRisks.length })}
              </Text>
            </summary>
            <List size="sm" spacing={2} mt={4}>
              {advice.refusalRisks.map((r) => (
                <List.Item key={r.ground}>
                  {r.description} <EnglishOriginal lang={r.lang} />{' '}
                  <Citation citation={r.citation} verified={r.verified} />
                </List.Item>
              ))}
            </List>
          </details>
        )}
        {advice.replaces && advice.replaces.length > 0 && (
          <Text size="sm">
            {t('advice.replaces', { list: advice.replaces.map((id) => names.instrument(id)).join(', ') })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/**
 * The advisor's answer: the instruments that can carry the request, ranked, each with why, channel,
 * languages, deadlines, dual criminality and refusal risks; then those that cannot, and why not.
 */
export function AdviceView({
  advice,
  from,
  to,
  chosen,
  onChoose,
  choosing,
}: {
  advice: AdviceT;
  /** The requesting and requested state asked about. */
  from: string;
  to: string;
  chosen?: string | null | undefined;
  onChoose?: ((id: string) => void) | undefined;
  choosing?: string | null | undefined;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const applying = advice.instruments.filter((i) => i.applies);
  const notApplying = advice.instruments.filter((i) => !i.applies);
  return (
    <Stack gap="md" data-testid="advice">
      {advice.advisories.map((a) => (
        <Alert
          key={a.code}
          color="blue"
          variant="light"
          title={isIn(ADVISORY_CODES, a.code) ? t(`advisory.${a.code}`) : a.code}
          data-advisory={a.code}
        >
          <Text size="sm">
            {isIn(ADVISORY_CODES, a.code)
              ? t(`advisoryText.${a.code}`, { from: names.state(from), to: names.state(to) })
              : a.message}
          </Text>
          {a.citation && <Citation citation={a.citation} verified={a.verified ?? false} />}
        </Alert>
      ))}
      {applying.length === 0 && advice.advisories.length === 0 && (
        <Alert color="orange" variant="light">
          {t('advice.noneApplies')}
        </Alert>
      )}
      {applying.map((a) => (
        <ApplyingInstrument
          key={a.id}
          advice={a}
          chosen={chosen === a.id}
          onChoose={onChoose}
          choosing={choosing === a.id}
        />
      ))}
      {notApplying.length > 0 && (
        <details data-testid="advice-not-applying">
          <summary>
            <Text span fw={600}>
              {t('advice.notApplying', { n: notApplying.length })}
            </Text>
          </summary>
          <Table withTableBorder mt="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('advice.instrument')}</Table.Th>
                <Table.Th scope="col">{t('advice.whyNot')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notApplying.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{names.instrument(a.id)}</Table.Td>
                  <Table.Td>
                    {a.notAppliesCode && (
                      <Badge size="sm" variant="light" color="gray" mr={6} tt="none">
                        {isIn(NOT_APPLIES_CODES, a.notAppliesCode)
                          ? t(`notApplies.${a.notAppliesCode}`)
                          : a.notAppliesCode}
                      </Badge>
                    )}
                    {a.reasons.map((r, k) => (
                      <div key={r}>
                        <Reason text={r} lang={a.reasonDetails?.[k]?.lang} />
                      </div>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </details>
      )}
    </Stack>
  );
}
