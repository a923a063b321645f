import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../api/queries.ts';
import { visibleNav } from '../../app/nav.ts';
import { k } from '../../i18n/index.ts';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { RelativeDeadline } from '../../ui/RelativeDeadline.tsx';
import { WorkCard } from './WorkCard.tsx';

/** Where officers land: who and where they are, their session, and the sections open to them. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const sections = visibleNav(me.permissions).filter((i) => i.to !== '/');
  return (
    <Stack gap="md">
      <PageHeader title={t('home.title', { name: me.user.displayName })} description={t('home.intro')} />
      {me.permissions.includes('request.read') && <WorkCard />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            {t('home.agency')}
          </Title>
          <Text fw={600}>{me.agency.name}</Text>
          <Text size="sm">{t(`agencyKind.${me.agency.kind}`)}</Text>
          <Text size="sm">
            {me.jurisdiction.name} ({me.jurisdiction.code})
          </Text>
        </Card>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            {t('home.you')}
          </Title>
          <Text size="sm">{me.user.email}</Text>
          <Group gap={4} my={6}>
            {me.user.roles.map((r) => (
              <Badge key={r} variant="light" size="sm">
                {t(`roles.${r}`)}
              </Badge>
            ))}
          </Group>
          <Text size="sm">
            {t('fields.clearance')}: {t(`clearance.${me.user.clearance}`)}
          </Text>
          <Text size="sm">
            {t('home.lastSignIn')}: <DateTime value={me.user.lastLoginAt} />
          </Text>
        </Card>
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            {t('home.session')}
          </Title>
          <Text size="sm">
            <RelativeDeadline
              value={me.session.expiresAt}
              warnHours={1}
              futureKey={k('deadline.ends')}
              pastKey={k('deadline.ended')}
            />
          </Text>
          <Text size="sm" c="dimmed">
            {t('home.idleLock')}
          </Text>
        </Card>
      </SimpleGrid>
      {sections.length > 0 && (
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            {t('home.sections')}
          </Title>
          <Group gap="lg">
            {sections.map((s) => (
              <Anchor key={s.to} component={Link} to={s.to}>
                {t(s.labelKey)}
              </Anchor>
            ))}
          </Group>
        </Card>
      )}
    </Stack>
  );
}
