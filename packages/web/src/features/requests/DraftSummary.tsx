import { PROCEEDINGS_TYPES } from '@comity/contracts';
import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingT, RequestDraftT } from '../../api/types.ts';
import { ClassificationBadge } from '../../ui/ClassificationBadge.tsx';
import { Day } from '../../ui/DateTime.tsx';
import { useNames } from '../legal/names.ts';
import { isIn } from '../legal/vocab.ts';
import { SeverityBadge } from './FindingsList.tsx';

type Row = [label: string, value: ReactNode, path?: string];

function Rows({ rows, findings }: { rows: Row[]; findings?: FindingT[] | undefined }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder layout="fixed" fz="sm">
      <Table.Tbody>
        {rows.map(([label, value, path]) => {
          const marks = path ? (findings ?? []).filter((f) => f.path === path) : [];
          const empty = value === null || value === undefined || value === '';
          return (
            <Table.Tr key={label}>
              <Table.Th scope="row" w="34%">
                {label}
              </Table.Th>
              <Table.Td className="comity-prewrap">
                {empty ? (
                  <Text span size="sm" c="dimmed">
                    {t('draft.notGiven')}
                  </Text>
                ) : (
                  value
                )}
                {marks.map((f) => (
                  <span key={f.code}>
                    {' '}
                    <SeverityBadge severity={f.severity} />
                  </span>
                ))}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="sm" component="section">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** A whole draft, read-only, section by section, with the fields findings point at marked. */
export function DraftSummary({
  draft,
  findings,
  narrow = false,
}: {
  draft: RequestDraftT;
  findings?: FindingT[] | undefined;
  /** One column (beside a side panel). */
  narrow?: boolean;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? t('common.yes') : t('common.no'));
  const authority = (key: 'issuingAuthority' | 'validatingAuthority' | 'requestedAuthority'): Row[] => {
    const a = draft[key] ?? {};
    return [
      [t('draft.authorityField.name'), a.name, `${key}.name`],
      [t('draft.authorityField.address'), a.address, `${key}.address`],
      [t('draft.authorityField.phone'), a.phone, `${key}.phone`],
      [t('draft.authorityField.email'), a.email, `${key}.email`],
      [t('draft.authorityField.reference'), a.reference, `${key}.reference`],
    ];
  };
  const proceedingsType = draft.proceedings?.type;
  return (
    <Stack gap="sm" data-testid="draft-summary">
      <SimpleGrid cols={narrow ? 1 : { base: 1, lg: 2 }} spacing="sm">
        <Section title={t('draft.section.basics')}>
          <Rows
            findings={findings}
            rows={[
              [t('draft.field.kind'), names.kind(draft.kind), 'kind'],
              [
                t('draft.field.instrument'),
                draft.instrumentId ? names.instrument(draft.instrumentId) : '',
                'instrumentId',
              ],
              [
                t('draft.field.requestingState'),
                draft.requestingState ? names.state(draft.requestingState) : '',
                'requestingState',
              ],
              [
                t('draft.field.requestedState'),
                draft.requestedState ? names.state(draft.requestedState) : '',
                'requestedState',
              ],
              [
                t('draft.field.proceedingsType'),
                isIn(PROCEEDINGS_TYPES, proceedingsType) ? t(`proceedingsType.${proceedingsType}`) : '',
                'proceedings.type',
              ],
              [t('draft.field.proceedingsReference'), draft.proceedings?.reference, 'proceedings.reference'],
              [t('draft.field.language'), draft.language ? names.language(draft.language) : '', 'language'],
              [
                t('draft.field.classification'),
                draft.classification !== undefined ? (
                  <ClassificationBadge key="c" level={draft.classification} />
                ) : (
                  ''
                ),
              ],
              [
                t('draft.field.urgent'),
                draft.urgency?.urgent ? (
                  <Badge key="u" color="red" variant="light">
                    {t('draft.urgent')}
                  </Badge>
                ) : (
                  t('common.no')
                ),
                'urgency.urgent',
              ],
              ...(draft.urgency?.urgent
                ? ([
                    [t('draft.field.urgencyReasons'), draft.urgency.reasons, 'urgency.reasons'],
                    [
                      t('draft.field.urgencyDeadline'),
                      draft.urgency.deadline ? <Day key="d" value={draft.urgency.deadline} /> : '',
                      'urgency.deadline',
                    ],
                  ] as Row[])
                : []),
              [
                t('draft.field.confidential'),
                yesNo(draft.confidentiality?.required),
                'confidentiality.required',
              ],
              ...(draft.confidentiality?.required
                ? ([
                    [
                      t('draft.field.confidentialityReasons'),
                      draft.confidentiality.reasons,
                      'confidentiality.reasons',
                    ],
                  ] as Row[])
                : []),
            ]}
          />
        </Section>
        <Stack gap="sm">
          <Section title={t('draft.authority.issuing')}>
            <Rows findings={findings} rows={authority('issuingAuthority')} />
          </Section>
          {draft.validatingAuthority && (
            <Section title={t('draft.authority.validating')}>
              <Rows findings={findings} rows={authority('validatingAuthority')} />
            </Section>
          )}
          <Section title={t('draft.authority.requested')}>
            <Rows findings={findings} rows={authority('requestedAuthority')} />
          </Section>
        </Stack>
      </SimpleGrid>
      <Section title={t('draft.section.measures')}>
        {(draft.measures ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('draft.noMeasures')}
          </Text>
        ) : (
          <Stack gap="xs">
            {(draft.measures ?? []).map((m, i) => (
              <div key={m.id}>
                <Text size="sm" fw={600}>
                  {i + 1}. {names.measure(m.id)}
                </Text>
                {m.details && (
                  <Text size="sm" className="comity-prewrap">
                    {m.details}
                  </Text>
                )}
                {m.personIndex !== undefined && (
                  <Text size="xs" c="dimmed">
                    {t('draft.measure.concerns', {
                      person:
                        draft.persons?.[m.personIndex]?.name ?? t('draft.personN', { n: m.personIndex + 1 }),
                    })}
                  </Text>
                )}
              </div>
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t('draft.section.persons')}>
        {(draft.persons ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('draft.noPersons')}
          </Text>
        ) : (
          <SimpleGrid cols={narrow ? 1 : { base: 1, md: 2 }} spacing="sm">
            {(draft.persons ?? []).map((p, i) => (
              <Rows
                // biome-ignore lint/suspicious/noArrayIndexKey: persons have no id; their index is their identity
                key={i}
                findings={findings}
                rows={[
                  [
                    t('draft.personN', { n: i + 1 }),
                    <Text key="n" span size="sm" fw={600}>
                      {p.name}
                    </Text>,
                    `persons.${i}.name`,
                  ],
                  [t('draft.person.role'), p.role ? names.role(p.role) : '', `persons.${i}.role`],
                  [
                    t('draft.person.dateOfBirth'),
                    p.dateOfBirth ? <Day key="b" value={p.dateOfBirth} /> : '',
                    `persons.${i}.dateOfBirth`,
                  ],
                  [t('draft.person.placeOfBirth'), p.placeOfBirth],
                  [
                    t('draft.person.nationality'),
                    p.nationality ? names.state(p.nationality) : '',
                    `persons.${i}.nationality`,
                  ],
                  [t('draft.person.address'), p.address],
                  [
                    t('draft.person.identifiers'),
                    Object.entries(p.identifiers ?? {})
                      .map(([k, v]) => `${k}: ${v}`)
                      .join('\n'),
                  ],
                  [t('draft.person.description'), p.description],
                ]}
              />
            ))}
          </SimpleGrid>
        )}
      </Section>
      <Section title={t('draft.section.offences')}>
        {(draft.offences ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('draft.noOffences')}
          </Text>
        ) : (
          <Stack gap="xs">
            {(draft.offences ?? []).map((o, i) => (
              <Rows
                // biome-ignore lint/suspicious/noArrayIndexKey: offences have no id
                key={i}
                findings={findings}
                rows={[
                  [
                    t('draft.offenceN', { n: i + 1 }),
                    o.legalClassification,
                    `offences.${i}.legalClassification`,
                  ],
                  [
                    t('draft.offence.category'),
                    o.category ? names.offence(o.category) : '',
                    `offences.${i}.category`,
                  ],
                  [
                    t('draft.offence.maxPenaltyMonths'),
                    o.maxPenaltyMonths !== undefined ? t('draft.months', { n: o.maxPenaltyMonths }) : '',
                    `offences.${i}.maxPenaltyMonths`,
                  ],
                  [t('draft.offence.punishable'), yesNo(o.punishableInRequestedState)],
                  [t('draft.offence.description'), o.description],
                ]}
              />
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t('draft.field.summaryOfFacts')}>
        <Rows
          findings={findings}
          rows={[
            [t('draft.field.summaryOfFacts'), draft.summaryOfFacts, 'summaryOfFacts'],
            [t('draft.field.formalities'), draft.formalities, 'formalities'],
          ]}
        />
      </Section>
      {(draft.attachments ?? []).length > 0 && (
        <Section title={t('draft.section.attachments')}>
          <Stack gap={4}>
            {(draft.attachments ?? []).map((a) => (
              <Group key={a.name} gap="xs">
                <Text size="sm">{a.name}</Text>
                <Badge size="xs" variant="light" color="gray">
                  {t(`attachmentKind.${a.kind}`)}
                </Badge>
                {a.language && <Text size="xs">{names.language(a.language)}</Text>}
                {a.description && (
                  <Text size="xs" c="dimmed">
                    {a.description}
                  </Text>
                )}
              </Group>
            ))}
          </Stack>
        </Section>
      )}
    </Stack>
  );
}
