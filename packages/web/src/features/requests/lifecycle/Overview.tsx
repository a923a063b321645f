import { OPTIONAL_ACTIONS } from '@comity/contracts';
import { Alert, Anchor, Badge, Card, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LifecycleT } from '../../../api/types.ts';
import { Citation } from '../../../ui/Citation.tsx';
import { DateTime, formatDay, localeFor } from '../../../ui/DateTime.tsx';
import { RelativeDeadline } from '../../../ui/RelativeDeadline.tsx';
import { DeadlineActionLabel } from '../../legal/AdviceView.tsx';
import { groundText } from '../../legal/EnglishOriginal.tsx';
import { useInstrument } from '../../legal/legal.api.ts';
import { useNames } from '../../legal/names.ts';
import { ActionsPanel } from './ActionsPanel.tsx';
import { ExchangeCard } from './ExchangeCard.tsx';
import { TranslationsCard } from './TranslationsCard.tsx';

function Rows({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <Table withTableBorder layout="fixed" fz="sm">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w="38%">
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** States in which results have come back (some or all): both sides see what was returned. */
const RESULTS_STATES = new Set(['partially-executed', 'executed', 'results-returned', 'closed']);

/** Whose move it is, in words, from my side: mine, a colleague's (an approval), or the other side's. */
export function turnText(lifecycle: LifecycleT, t: (k: string) => string): string {
  const l = lifecycle.data;
  if (l.turn === null) return t('turn.nobody');
  if (l.turn === l.side || (l.side === 'executing' && l.turn === 'requested')) {
    if (lifecycle.allowedActions.some((a) => !OPTIONAL_ACTIONS.has(a))) return t('turn.yours');
    return l.state === 'submitted' ? t('turn.approval') : t('turn.colleague');
  }
  return l.turn === 'validating' ? t('turn.validating') : t('turn.partner');
}

/** A frozen version: its number, when, and the SHA-256 of its content. */
function VersionLine({ version, at, hash }: { version: number; at: string; hash: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm">
        {t('request.frozenVersion', { version })} · <DateTime value={at} />
      </Text>
      <Text size="xs" className="comity-mono">
        SHA-256 {hash}
      </Text>
    </Stack>
  );
}

/** The request's state, parties, pending questions and decisions, next clock, and my actions. */
export function Overview({ lifecycle }: { lifecycle: LifecycleT }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const r = lifecycle.data;
  const d = r.nextDeadline;
  return (
    <Stack gap="md">
      <Card withBorder padding="md" component="section" aria-labelledby="actions-title">
        <Title order={2} size="h4" mb="xs" id="actions-title">
          {t('request.yourActions')}
        </Title>
        {r.turn !== null && (
          <Text size="sm" mb="sm" data-testid="turn">
            {turnText(lifecycle, t)}
          </Text>
        )}
        <ActionsPanel lifecycle={lifecycle} />
        {lifecycle.warnings && lifecycle.warnings.length > 0 && (
          <Alert color="yellow" variant="light" mt="sm" title={t('request.warnings')}>
            <Stack gap={4}>
              {lifecycle.warnings.map((w) => (
                <Text key={w.code} size="sm">
                  {w.message} <Citation citation={w.citation} verified={w.verified} />
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
      </Card>

      {r.side === 'requesting' && <TranslationsCard lifecycle={lifecycle} />}
      {r.returned && (
        <Alert color="orange" variant="light" title={t('request.returnedTitle')}>
          <Text size="sm" className="comity-prewrap">
            {r.returned.comments}
          </Text>
          <Text size="xs" c="dimmed">
            <DateTime value={r.returned.at} />
          </Text>
        </Alert>
      )}
      {r.informationRequest && r.state === 'information-requested' && (
        <Alert color="orange" variant="light" title={t('request.questionsTitle')} data-testid="questions">
          <Text size="sm" className="comity-prewrap">
            {r.informationRequest.questions}
          </Text>
          <Text size="xs" c="dimmed">
            <DateTime value={r.informationRequest.at} />
          </Text>
        </Alert>
      )}
      {r.postponement && r.state === 'postponed' && (
        <Alert
          color="yellow"
          variant="light"
          title={t('request.postponedTitle', {
            until: formatDay(r.postponement.until, localeFor(i18n.language)),
          })}
        >
          <Text size="sm" className="comity-prewrap">
            {r.postponement.reason}
          </Text>
        </Alert>
      )}
      {r.refusal && (
        <Alert color="red" variant="light" title={t('request.refusedTitle')}>
          <List size="sm">
            {r.refusal.grounds.map((g) => (
              <List.Item key={g.id}>
                <RecordedGround instrumentId={r.instrumentId} ground={g} />{' '}
                <Citation citation={g.citation} verified={g.verified} />
              </List.Item>
            ))}
          </List>
          <Text size="sm" mt="xs" className="comity-prewrap">
            {r.refusal.reasons}
          </Text>
        </Alert>
      )}

      {RESULTS_STATES.has(r.state) && (
        <ExchangeCard requestId={r.id} actions={['return-results']} title={t('request.resultsTitle')} />
      )}

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Card withBorder padding="md" component="section" aria-labelledby="parties-title">
          <Title order={2} size="h4" mb="xs" id="parties-title">
            {t('request.parties')}
          </Title>
          <Rows
            rows={[
              [
                t('request.requesting'),
                <span key="a">
                  {r.requestingAgency.name} ({names.state(r.requestingAgency.jurisdiction)})
                </span>,
              ],
              [
                t('request.recipient'),
                r.recipientAgency ? (
                  <span key="b">
                    {r.recipientAgency.name} ({names.state(r.recipientAgency.jurisdiction)})
                  </span>
                ) : (
                  t('request.notYetTransmitted')
                ),
              ],
              ...(r.validation
                ? ([
                    [
                      t('request.validation'),
                      <Stack key="v" gap={2}>
                        <Text size="sm">
                          {r.validation.required
                            ? (r.validation.agency?.name ?? t('request.validatorToName'))
                            : t('request.validationNotRequired')}
                        </Text>
                        {r.validation.validatedAt && (
                          <Text size="xs">
                            {t('request.validatedAt')} <DateTime value={r.validation.validatedAt} />
                          </Text>
                        )}
                        <Citation citation={r.validation.citation} verified={r.validation.verified} />
                      </Stack>,
                    ],
                  ] as [string, ReactNode][])
                : []),
              [t('request.yourSide'), t(`side.${r.side}`)],
              ...(r.consent
                ? ([[t('request.consent'), t(`consent.${r.consent}`)]] as [string, ReactNode][])
                : []),
              ...(r.parentId
                ? ([
                    [
                      t('request.parent'),
                      <Anchor key="p" component={Link} to={`/requests/${r.parentId}`}>
                        {t('request.openParent')}
                      </Anchor>,
                    ],
                  ] as [string, ReactNode][])
                : []),
            ]}
          />
        </Card>
        <Card withBorder padding="md" component="section" aria-labelledby="status-title">
          <Title order={2} size="h4" mb="xs" id="status-title">
            {t('request.statusTitle')}
          </Title>
          <Rows
            rows={[
              [
                t('request.nextDeadline'),
                d ? (
                  <Stack key="d" gap={2} data-testid="next-deadline">
                    <Text size="sm" fw={600}>
                      <DeadlineActionLabel action={d.action} />
                    </Text>
                    <Text size="sm">
                      <DateTime value={d.dueAt} /> · <RelativeDeadline value={d.dueAt} />
                    </Text>
                    <Citation citation={d.citation} verified={d.verified} />
                  </Stack>
                ) : (
                  t('common.none')
                ),
              ],
              // Approval is the requesting side's own step: the other side sees the version sent.
              ...(r.side !== 'requesting'
                ? []
                : ([
                    [
                      t('request.frozen'),
                      r.frozen ? (
                        <VersionLine
                          key="f"
                          version={r.frozen.version}
                          at={r.frozen.approvedAt}
                          hash={r.frozen.hash}
                        />
                      ) : (
                        t('request.notFrozen')
                      ),
                    ],
                  ] as [string, ReactNode][])),
              [
                t('request.sent'),
                r.sent ? (
                  <VersionLine key="s" version={r.sent.version} at={r.sent.at} hash={r.sent.hash} />
                ) : (
                  t('request.notYetTransmitted')
                ),
              ],
              [t('request.lifecycleVersion'), String(r.version)],
              [t('common.updated'), <DateTime key="u" value={r.updatedAt} />],
            ]}
          />
          {r.urgent && (
            <Badge color="red" variant="light" mt="xs">
              {t('draft.urgent')}
            </Badge>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

/**
 * A refusal ground as recorded, in the user's language while the instrument still words it as
 * recorded (the registry's translation of that text); otherwise the recorded text.
 */
function RecordedGround({
  instrumentId,
  ground,
}: {
  instrumentId: string | null;
  ground: { id: string; description: string };
}) {
  const instrument = useInstrument(instrumentId);
  const grounds = instrument.data?.data.instrument.refusalGrounds ?? [];
  const k = grounds.findIndex((g) => g.id === ground.id && g.description === ground.description);
  return <>{k < 0 ? ground.description : groundText(instrument.data?.data.prose, k, ground.description)}</>;
}
