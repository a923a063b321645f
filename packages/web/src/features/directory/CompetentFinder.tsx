import {
  COMPETENCE_FUNCTIONS,
  COMPETENCE_MATCHES,
  CONTACT_KINDS,
  INSTRUMENT_IDS,
  MEASURE_IDS,
} from '@comity/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompetentAuthorityT, CompetentQueryT } from '../../api/types.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { legalApi, legalKeys, useCatalogue } from '../legal/legal.api.ts';
import { stateOptions, useNames } from '../legal/names.ts';
import { isIn } from '../legal/vocab.ts';

type Fn = NonNullable<CompetentQueryT['function']>;

export interface FinderValues {
  measure: string;
  state: string;
  place: string;
  instrument: string;
  function: string;
}

/** The query the finder's form stands for; null while measure or state are missing. */
export function toQuery(v: FinderValues): CompetentQueryT | null {
  if (!isIn(MEASURE_IDS, v.measure) || !/^[A-Z]{2}$/.test(v.state)) return null;
  return {
    measure: v.measure,
    state: v.state,
    ...(v.place.trim() ? { place: v.place.trim() } : {}),
    ...(isIn(INSTRUMENT_IDS, v.instrument) ? { instrument: v.instrument } : {}),
    ...(isIn(COMPETENCE_FUNCTIONS, v.function) ? { function: v.function as Fn } : {}),
  };
}

function ContactValue({ kind, value }: { kind: string; value: string }) {
  if (kind === 'email') return <Anchor href={`mailto:${value}`}>{value}</Anchor>;
  if (kind === 'phone') return <Anchor href={`tel:${value.replace(/\s+/g, '')}`}>{value}</Anchor>;
  if (kind === 'portal' && /^https:\/\//.test(value))
    return (
      <Anchor href={value} target="_blank" rel="noopener noreferrer">
        {value}
      </Anchor>
    );
  return <span>{value}</span>;
}

/** One competent authority: what it does, where, in which languages, and how to reach it. */
export function AuthorityCard({
  item,
  onPick,
}: {
  item: CompetentAuthorityT;
  onPick?: ((item: CompetentAuthorityT) => void) | undefined;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const c = item.competence;
  const titleId = `authority-${c.id}`;
  return (
    <Card
      withBorder
      padding="md"
      component="article"
      aria-labelledby={titleId}
      data-testid="competent-authority"
    >
      <Group justify="space-between" align="flex-start" mb={4}>
        <Stack gap={2}>
          <Title order={3} size="h5" id={titleId}>
            {item.agency.name}
          </Title>
          <Text size="xs" c="dimmed">
            {[
              item.agency.shortName,
              t(`agencyKind.${item.agency.kind}`, { defaultValue: item.agency.kind }),
              names.state(item.agency.jurisdiction),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
        <Group gap={4}>
          <Badge
            variant="light"
            color={item.match === 'place' ? 'green' : item.match === 'nationwide' ? 'blue' : 'gray'}
          >
            {isIn(COMPETENCE_MATCHES, item.match) ? t(`competenceMatch.${item.match}`) : item.match}
          </Badge>
          {item.nodeId && (
            <Badge variant="outline" color="gray">
              {t('directory.partnerNode', { node: item.nodeId })}
            </Badge>
          )}
        </Group>
      </Group>
      <Stack gap={6}>
        <Text size="sm">
          <Text span fw={600}>
            {t('directory.functions')}:
          </Text>{' '}
          {c.functions
            .map((f) => (isIn(COMPETENCE_FUNCTIONS, f) ? t(`competenceFunction.${f}`) : f))
            .join(', ')}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('directory.measures')}:
          </Text>{' '}
          {c.measures.map((m) => names.measure(m)).join(', ')}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('directory.instruments')}:
          </Text>{' '}
          {c.instruments.length === 0
            ? t('directory.anyInstrument')
            : c.instruments.map((i) => names.instrument(i)).join(', ')}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('directory.regions')}:
          </Text>{' '}
          {c.regions.length === 0 ? t('directory.wholeState') : c.regions.join(', ')}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t('directory.languages')}:
          </Text>{' '}
          {c.languages.length === 0 ? t('common.none') : c.languages.map((l) => names.language(l)).join(', ')}
        </Text>
        {c.channels.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t('directory.contact')}
            </Text>
            {c.channels.map((ch) => (
              <Text size="sm" key={`${ch.kind}:${ch.value}`}>
                {isIn(CONTACT_KINDS, ch.kind) ? t(`contactKind.${ch.kind}`) : ch.kind}
                {ch.label ? ` (${ch.label})` : ''}: <ContactValue kind={ch.kind} value={ch.value} />
              </Text>
            ))}
          </Stack>
        )}
        {c.contact247 && (
          <Alert color="blue" variant="light" p="xs" title={t('directory.contact247')}>
            <Text size="sm">
              <ContactValue kind="phone" value={c.contact247.phone} />
              {c.contact247.email && (
                <>
                  {' · '}
                  <ContactValue kind="email" value={c.contact247.email} />
                </>
              )}
            </Text>
            {c.contact247.notes && <Text size="xs">{c.contact247.notes}</Text>}
          </Alert>
        )}
        {c.notes && (
          <Text size="sm" c="dimmed">
            {c.notes}
          </Text>
        )}
        {onPick && (
          <Group justify="flex-end">
            <Button
              size="xs"
              onClick={() => onPick(item)}
              aria-label={t('directory.pickLabel', { name: item.agency.name })}
            >
              {t('directory.pick')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/**
 * "Who executes measure M in place P of state S", like the EJN Atlas. Used as a page and, in the
 * drafting wizard, to pick the requested authority.
 */
export function CompetentFinder({
  initial,
  onSearch,
  onPick,
}: {
  initial: FinderValues;
  /** Told the values searched for (the page keeps them in the URL). */
  onSearch?: ((v: FinderValues) => void) | undefined;
  onPick?: ((item: CompetentAuthorityT) => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const catalogue = useCatalogue();
  const [values, setValues] = useState<FinderValues>(initial);
  const [searched, setSearched] = useState<CompetentQueryT | null>(toQuery(initial));
  const [touched, setTouched] = useState(false);
  const query = useQuery({
    queryKey: legalKeys.competent(searched ?? { measure: 'hearing-witness', state: 'XX' }),
    queryFn: ({ signal }) => legalApi.competent(searched!, signal),
    enabled: searched !== null,
    placeholderData: keepPreviousData,
  });
  const set = (key: keyof FinderValues) => (v: string | null) => setValues((x) => ({ ...x, [key]: v ?? '' }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const q = toQuery(values);
    if (!q) return;
    setSearched(q);
    onSearch?.(values);
  };
  const states = catalogue.data?.states.map((s) => s.code) ?? [];
  const items = query.data?.items ?? [];
  return (
    <Stack gap="md">
      <form onSubmit={submit} noValidate aria-label={t('directory.formLabel')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
          <Select
            label={t('directory.measure')}
            required
            searchable
            data={MEASURE_IDS.map((m) => ({ value: m, label: names.measure(m) }))}
            value={values.measure || null}
            onChange={set('measure')}
            error={touched && !values.measure ? t('validation.required') : undefined}
            nothingFoundMessage={t('common.nothingFound')}
            name="measure"
          />
          <Select
            label={t('directory.state')}
            required
            searchable
            data={stateOptions(states, names, i18n.language)}
            value={values.state || null}
            onChange={set('state')}
            error={touched && !values.state ? t('validation.required') : undefined}
            nothingFoundMessage={t('common.nothingFound')}
            name="state"
          />
          <TextInput
            label={t('directory.place')}
            placeholder={t('directory.placePlaceholder')}
            value={values.place}
            onChange={(e) => set('place')(e.currentTarget.value)}
            maxLength={120}
            name="place"
          />
          <Select
            label={t('directory.instrument')}
            placeholder={t('directory.anyInstrument')}
            clearable
            data={INSTRUMENT_IDS.map((i) => ({ value: i, label: names.instrument(i) }))}
            value={values.instrument || null}
            onChange={set('instrument')}
            name="instrument"
          />
          <Select
            label={t('directory.function')}
            placeholder={t('directory.anyFunction')}
            clearable
            data={COMPETENCE_FUNCTIONS.map((f) => ({ value: f, label: t(`competenceFunction.${f}`) }))}
            value={values.function || null}
            onChange={set('function')}
            name="function"
          />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" loading={query.isFetching}>
            {t('directory.search')}
          </Button>
        </Group>
      </form>
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      {searched && query.data && (
        <section aria-label={t('directory.results')} aria-live="polite">
          <Text size="sm" mb="xs" data-testid="competent-count">
            {t('directory.found', {
              n: items.length,
              measure: names.measure(searched.measure),
              state: names.state(searched.state),
            })}
          </Text>
          <Stack gap="sm">
            {items.map((item) => (
              <AuthorityCard key={item.competence.id} item={item} onPick={onPick} />
            ))}
          </Stack>
        </section>
      )}
    </Stack>
  );
}
