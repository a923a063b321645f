import {
  DUAL_CRIMINALITY_REQUIRED,
  INSTRUMENT_KINDS,
  INSTRUMENT_SCOPES,
  RULE_KINDS,
} from '@comity/contracts';
import {
  Anchor,
  Badge,
  Card,
  Group,
  List,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import type { InstrumentDetailT } from '../../api/types.ts';
import { NotFound } from '../../app/NotFound.tsx';
import { Citation, VerifiedBadge } from '../../ui/Citation.tsx';
import { DateTime, formatDay, localeFor } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { EmptyRow } from '../../ui/TableState.tsx';
import { DeadlineActionLabel, deadlineEventLabel } from './AdviceView.tsx';
import { formatIsoDuration } from './duration.ts';
import { ProseContext, ProseText } from './EnglishOriginal.tsx';
import { legalApi, legalKeys, useApiLanguage } from './legal.api.ts';
import { useNames } from './names.ts';
import { isIn } from './vocab.ts';

type Instrument = InstrumentDetailT['data']['instrument'];

function SourcedTable({
  caption,
  headers,
  rows,
}: {
  caption: string;
  headers: string[];
  rows: { key: string; cells: ReactNode[]; citation: string; verified: boolean; note?: string | undefined }[];
}) {
  const { t } = useTranslation();
  return (
    <div className="comity-table-wrap">
      <Table withTableBorder striped fz="sm">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {headers.map((h) => (
              <Table.Th scope="col" key={h}>
                {h}
              </Table.Th>
            ))}
            <Table.Th scope="col">{t('legal.citation')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && <EmptyRow columns={headers.length + 1} text={t('common.none')} />}
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              {r.cells.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <Table.Td key={i}>{c}</Table.Td>
              ))}
              <Table.Td>
                <Citation citation={r.citation} verified={r.verified} note={r.note} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Parties({ instrument }: { instrument: Instrument }) {
  const { t, i18n } = useTranslation();
  const day = (d: string | undefined) => (d ? formatDay(d, localeFor(i18n.language)) : '…');
  const names = useNames();
  return (
    <Stack gap="md">
      <SourcedTable
        caption={t('instrument.partiesCaption', { n: instrument.parties.length })}
        headers={[
          t('instrument.state'),
          t('instrument.period'),
          t('instrument.languages'),
          t('instrument.channel'),
        ]}
        rows={instrument.parties.map((p) => ({
          key: `${p.state}-${p.since ?? ''}`,
          cells: [
            `${names.state(p.state)} (${p.state})`,
            p.since || p.until ? `${day(p.since)} – ${day(p.until)}` : t('common.none'),
            <Stack gap={2} key="l">
              <Text size="sm">
                {p.declarations.languages.map((l) => names.language(l)).join(', ') || t('common.none')}
              </Text>
              <Citation
                citation={p.declarations.citation}
                verified={p.declarations.verified}
                note={p.declarations.note}
              />
            </Stack>,
            <Stack gap={2} key="c">
              {p.declarations.channel && <Text size="sm">{t(`channelKind.${p.declarations.channel}`)}</Text>}
              {p.declarations.centralAuthority && <Text size="xs">{p.declarations.centralAuthority}</Text>}
            </Stack>,
          ],
          citation: p.citation,
          verified: p.verified,
          note: p.note,
        }))}
      />
      {instrument.exceptions.length > 0 && (
        <SourcedTable
          caption={t('instrument.exceptionsCaption')}
          headers={[t('instrument.state'), t('instrument.exception')]}
          rows={instrument.exceptions.map((e, k) => ({
            key: e.state,
            cells: [
              `${names.state(e.state)} (${e.state})`,
              <ProseText key="d" path={`exceptions.${k}.description`} en={e.description} />,
            ],
            citation: e.citation,
            verified: e.verified,
            note: e.note,
          }))}
        />
      )}
    </Stack>
  );
}

function Deadlines({ instrument }: { instrument: Instrument }) {
  const { t, i18n } = useTranslation();
  return (
    <SourcedTable
      caption={t('instrument.deadlinesCaption')}
      headers={[
        t('advice.deadlineAction'),
        t('advice.deadlineWithin'),
        t('advice.deadlineFrom'),
        t('instrument.extensionPause'),
      ]}
      rows={instrument.deadlineRules.map((d, k) => ({
        key: d.id,
        cells: [
          <Stack gap={2} key="a">
            <DeadlineActionLabel action={d.action} />
            {d.appliesWhen?.description && (
              <Text size="xs" c="dimmed">
                <ProseText
                  path={`deadlineRules.${k}.appliesWhen.description`}
                  en={d.appliesWhen.description}
                />
              </Text>
            )}
            {d.appliesWhen?.urgent && (
              <Badge size="xs" color="red" variant="light">
                {t('draft.urgent')}
              </Badge>
            )}
          </Stack>,
          `${formatIsoDuration(d.duration, i18n.language)}${d.dayKind === 'working' ? ` (${t('advice.workingDays')})` : ''}`,
          deadlineEventLabel(d.event, t),
          <Stack gap={2} key="e">
            {d.extension && (
              <Text size="xs">
                {t('advice.extension', { duration: formatIsoDuration(d.extension.duration, i18n.language) })}{' '}
                <ProseText path={`deadlineRules.${k}.extension.condition`} en={d.extension.condition} />{' '}
                <Citation citation={d.extension.citation} verified={d.extension.verified} />
              </Text>
            )}
            {d.pausesWhen && d.pausesWhen.length > 0 && (
              <Text size="xs">{t('instrument.pausesWhen', { list: d.pausesWhen.join(', ') })}</Text>
            )}
          </Stack>,
        ],
        citation: d.citation,
        verified: d.verified,
        note: d.note,
      }))}
    />
  );
}

function Contents({ instrument }: { instrument: Instrument }) {
  const { t } = useTranslation();
  const names = useNames();
  return (
    <Stack gap="md">
      <SourcedTable
        caption={t('instrument.contentsCaption')}
        headers={[t('instrument.content'), t('instrument.fields'), t('instrument.severity')]}
        rows={instrument.requiredContents.map((c, k) => ({
          key: c.id,
          cells: [
            <ProseText key="l" path={`requiredContents.${k}.label`} en={c.label} />,
            <Text key="f" size="xs" className="comity-mono">
              {c.fields.join(', ')}
            </Text>,
            <Badge key="s" size="sm" variant="light" color={c.severity === 'blocking' ? 'red' : 'yellow'}>
              {c.severity === 'blocking' ? t('finding.blocking') : t('finding.warning')}
            </Badge>,
          ],
          citation: c.citation,
          verified: c.verified,
          note: c.note,
        }))}
      />
      <SourcedTable
        caption={t('instrument.measuresCaption')}
        headers={[t('instrument.measure')]}
        rows={instrument.measures.map((m) => ({
          key: m.measure,
          cells: [`${names.measure(m.measure)}${m.viaProtocol ? ` (${m.viaProtocol})` : ''}`],
          citation: m.citation,
          verified: m.verified,
          note: m.note,
        }))}
      />
    </Stack>
  );
}

function Grounds({ instrument }: { instrument: Instrument }) {
  const { t } = useTranslation();
  const dc = instrument.dualCriminality;
  return (
    <Stack gap="md">
      <SourcedTable
        caption={t('instrument.groundsCaption')}
        headers={[t('instrument.ground'), t('instrument.groundKind')]}
        rows={instrument.refusalGrounds.map((g, k) => ({
          key: g.id,
          cells: [
            <ProseText key="d" path={`refusalGrounds.${k}.description`} en={g.description} />,
            g.kind === 'mandatory' ? t('instrument.mandatory') : t('instrument.optional'),
          ],
          citation: g.citation,
          verified: g.verified,
          note: g.note,
        }))}
      />
      <Card withBorder padding="sm">
        <Text size="sm" fw={600}>
          {t('advice.dualCriminality')}
        </Text>
        <Text size="sm">
          {isIn(DUAL_CRIMINALITY_REQUIRED, dc.required) ? t(`dualCriminality.${dc.required}`) : dc.required}
        </Text>
        <Citation citation={dc.citation} verified={dc.verified} note={dc.note} />
        {instrument.offenceList && (
          <Text size="sm" mt="xs">
            {t('instrument.offenceList', { months: instrument.offenceList.minMaxPenaltyMonths })}{' '}
            <Citation citation={instrument.offenceList.citation} verified={instrument.offenceList.verified} />
          </Text>
        )}
      </Card>
    </Stack>
  );
}

function Channels({ instrument }: { instrument: Instrument }) {
  const { t } = useTranslation();
  const names = useNames();
  return (
    <Stack gap="md">
      <SourcedTable
        caption={t('instrument.channelsCaption')}
        headers={[t('instrument.channel'), t('instrument.when'), t('instrument.description')]}
        rows={instrument.channelRules.map((c, k) => ({
          key: c.id,
          cells: [
            t(`channelKind.${c.kind}`),
            c.when === 'urgent' ? t('draft.urgent') : t('instrument.default'),
            <span key="d">
              <ProseText path={`channelRules.${k}.description`} en={c.description} />
              {c.measures ? ` (${c.measures.map((m) => names.measure(m)).join(', ')})` : ''}
            </span>,
          ],
          citation: c.citation,
          verified: c.verified,
          note: c.note,
        }))}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder padding="sm">
          <Text size="sm" fw={600}>
            {t('instrument.languageRule')}
          </Text>
          <Text size="sm">
            <ProseText path="languageRule.description" en={instrument.languageRule.description} />
          </Text>
          <Citation citation={instrument.languageRule.citation} verified={instrument.languageRule.verified} />
        </Card>
        <Card withBorder padding="sm">
          <Text size="sm" fw={600}>
            {t('instrument.urgencyRule')}
          </Text>
          <Text size="sm">
            <ProseText path="urgencyRule.description" en={instrument.urgencyRule.description} />
          </Text>
          <Citation citation={instrument.urgencyRule.citation} verified={instrument.urgencyRule.verified} />
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

/** Every sourced fact, flat, filterable: where it is, what it says, its article, verified or not. */
function AllRules({ rules }: { rules: InstrumentDetailT['data']['rules'] }) {
  const { t } = useTranslation();
  const [show, setShow] = useState<'all' | 'unverified' | 'verified'>('all');
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const shown = rules.filter(
    (r) =>
      (show === 'all' || (show === 'verified') === r.verified) &&
      (!needle || `${r.label} ${r.citation} ${r.path}`.toLowerCase().includes(needle)),
  );
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <SegmentedControl
          value={show}
          onChange={(v) => setShow(v as typeof show)}
          data={[
            { value: 'all', label: t('instrument.filterAll', { n: rules.length }) },
            {
              value: 'unverified',
              label: t('instrument.filterUnverified', { n: rules.filter((r) => !r.verified).length }),
            },
            {
              value: 'verified',
              label: t('instrument.filterVerified', { n: rules.filter((r) => r.verified).length }),
            },
          ]}
          aria-label={t('instrument.filterLabel')}
        />
        <TextInput
          label={t('instrument.search')}
          type="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
        />
      </Group>
      <div className="comity-table-wrap">
        <Table withTableBorder striped fz="sm" data-testid="rules-table">
          <Table.Caption>{t('instrument.rulesCaption', { n: shown.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('instrument.ruleKind')}</Table.Th>
              <Table.Th scope="col">{t('instrument.rule')}</Table.Th>
              <Table.Th scope="col">{t('legal.citation')}</Table.Th>
              <Table.Th scope="col">{t('instrument.check')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.path || 'instrument'}>
                <Table.Td>{isIn(RULE_KINDS, r.kind) ? t(`ruleKind.${r.kind}`) : r.kind}</Table.Td>
                <Table.Td>
                  {r.label}
                  <Text size="xs" c="dimmed" className="comity-mono">
                    {r.path}
                  </Text>
                </Table.Td>
                <Table.Td>{r.citation}</Table.Td>
                <Table.Td>
                  <VerifiedBadge verified={r.verified} />
                  {r.note && (
                    <Text size="xs" c="dimmed">
                      {r.note}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

/** One instrument of the registry, rule by rule, each with its article and verified mark. */
export function InstrumentPage() {
  const { t } = useTranslation();
  const names = useNames();
  const { id = '' } = useParams();
  const lang = useApiLanguage();
  const query = useQuery({
    queryKey: legalKeys.instrument(id, lang),
    queryFn: ({ signal }) => legalApi.instrument(id, signal, lang),
  });
  if (query.isError && isProblem(query.error, 'not-found', 'validation-failed')) return <NotFound />;
  const back = (
    <Anchor component={Link} to="/instruments" size="sm">
      {t('instrument.back')}
    </Anchor>
  );
  if (query.isError) {
    return (
      <Stack>
        {back}
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  if (!query.data) return <PageHeader title={names.instrument(id)} />;
  const { instrument: i, rules, version, source, createdAt, prose } = query.data.data;
  return (
    <ProseContext.Provider value={prose}>
      <Stack gap="md">
        {back}
        <PageHeader title={names.instrument(i.id)} description={i.title} />
        <Card withBorder padding="sm">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
            <Stack gap={4}>
              <Citation citation={i.citation} verified={i.verified} note={i.note} size="sm" />
              <Text size="sm">
                {isIn(INSTRUMENT_KINDS, i.kind) ? t(`instrumentKind.${i.kind}`) : i.kind} ·{' '}
                {isIn(INSTRUMENT_SCOPES, i.scope) ? t(`instrumentScope.${i.scope}`) : i.scope}
              </Text>
              <Text size="sm">{t('instrument.textVersion', { text: i.version })}</Text>
              {i.inForce && (
                <Text size="sm">
                  {t('instrument.inForce', { date: i.inForce.from })}{' '}
                  <Citation citation={i.inForce.citation} verified={i.inForce.verified} />
                </Text>
              )}
            </Stack>
            <Stack gap={4}>
              <Text size="sm">
                {t('instrument.registryVersion', { version })} ·{' '}
                {source === 'seed' ? t('instrument.seed') : t('instrument.admin')} ·{' '}
                <DateTime value={createdAt} />
              </Text>
              <Group gap={4}>
                <Badge size="sm" variant="light" color="green">
                  {t('instruments.verifiedN', { n: rules.filter((r) => r.verified).length })}
                </Badge>
                <Badge size="sm" variant="light" color="orange">
                  {t('instruments.unverifiedN', { n: rules.filter((r) => !r.verified).length })}
                </Badge>
              </Group>
              {i.replaces && i.replaces.length > 0 && (
                <Text size="sm">
                  {t('advice.replaces', {
                    list: i.replaces.map((r) => names.instrument(r.instrument)).join(', '),
                  })}
                </Text>
              )}
              <Text size="sm">
                {t('instrument.requestKinds', { list: i.requestKinds.map((k) => names.kind(k)).join(', ') })}
              </Text>
            </Stack>
          </SimpleGrid>
          {i.remarks && i.remarks.length > 0 && (
            <List size="sm" mt="xs">
              {i.remarks.map((r, k) => (
                <List.Item key={r.text}>
                  <ProseText path={`remarks.${k}.text`} en={r.text} />{' '}
                  <Citation citation={r.citation} verified={r.verified} />
                </List.Item>
              ))}
            </List>
          )}
        </Card>
        <Tabs defaultValue="parties" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="parties">{t('instrument.tab.parties')}</Tabs.Tab>
            <Tabs.Tab value="contents">{t('instrument.tab.contents')}</Tabs.Tab>
            <Tabs.Tab value="deadlines">{t('instrument.tab.deadlines')}</Tabs.Tab>
            <Tabs.Tab value="grounds">{t('instrument.tab.grounds')}</Tabs.Tab>
            <Tabs.Tab value="channels">{t('instrument.tab.channels')}</Tabs.Tab>
            <Tabs.Tab value="rules">{t('instrument.tab.rules')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="parties" pt="md">
            <Parties instrument={i} />
          </Tabs.Panel>
          <Tabs.Panel value="contents" pt="md">
            <Contents instrument={i} />
          </Tabs.Panel>
          <Tabs.Panel value="deadlines" pt="md">
            <Deadlines instrument={i} />
          </Tabs.Panel>
          <Tabs.Panel value="grounds" pt="md">
            <Grounds instrument={i} />
          </Tabs.Panel>
          <Tabs.Panel value="channels" pt="md">
            <Channels instrument={i} />
          </Tabs.Panel>
          <Tabs.Panel value="rules" pt="md">
            <AllRules rules={rules} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ProseContext.Provider>
  );
}
