import { AppShell, Badge, Box, Burger, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/queries.ts';
import { ReauthGate } from '../features/auth/ReauthGate.tsx';
import { UserMenu } from '../features/auth/UserMenu.tsx';
import { PurposeGate } from '../features/privacy/PurposeGate.tsx';
import {
  ColorSchemeToggle,
  ExerciseBanner,
  LanguageSwitcher,
  OfflineBanner,
  useExerciseMode,
} from './chrome.tsx';
import { GlobalSearch } from './GlobalSearch.tsx';
import { navGroups, visibleNav } from './nav.ts';
import { NotificationsMenu } from './notifications/NotificationsMenu.tsx';

const HEADER = 56;
const BANNER = 24;

/** The frame every signed-in screen lives in: header, navigation by permission, and the page. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const exercise = useExerciseMode();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const items = visibleNav(me.permissions);
  const isActive = (to: string) =>
    to === '/'
      ? location.pathname === '/'
      : location.pathname === to || location.pathname.startsWith(`${to}/`);

  return (
    <AppShell
      header={{ height: HEADER + (exercise ? BANNER : 0) }}
      navbar={{ width: 236, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="comity-skip-link">
        {t('shell.skipToContent')}
      </a>
      <AppShell.Header>
        <ExerciseBanner />
        <Group h={HEADER} px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('shell.closeNavigation') : t('shell.openNavigation')}
            />
            <Text
              component={Link}
              to="/"
              fw={700}
              fz="lg"
              style={{ textDecoration: 'none', color: 'inherit', flexShrink: 0 }}
            >
              Comity
            </Text>
            <Box data-testid="current-agency" miw={0} visibleFrom="xs" title={t('shell.yourAgency')}>
              <Text size="sm" fw={600} truncate>
                {me.agency.shortName ?? me.agency.name}
                <Text span size="sm" c="dimmed" fw={400}>
                  {' · '}
                  {me.jurisdiction.name} ({me.jurisdiction.code})
                </Text>
              </Text>
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <GlobalSearch permissions={me.permissions} />
            <NotificationsMenu />
            <LanguageSwitcher />
            <ColorSchemeToggle />
            <UserMenu me={me} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar aria-label={t('shell.navigation')}>
        <AppShell.Section grow component={ScrollArea} p="xs">
          <Stack gap="md">
            {navGroups.map(({ group, labelKey }) => {
              const entries = items.filter((i) => i.group === group);
              if (entries.length === 0) return null;
              return (
                <Box key={group} role="group" aria-labelledby={`nav-${group}`}>
                  <Text id={`nav-${group}`} size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" mb={4}>
                    {t(labelKey)}
                  </Text>
                  {entries.map((item) => (
                    <NavLink
                      key={item.to}
                      component={Link}
                      to={item.to}
                      label={t(item.labelKey)}
                      active={isActive(item.to)}
                      aria-current={isActive(item.to) ? 'page' : undefined}
                      onClick={close}
                      variant="light"
                    />
                  ))}
                </Box>
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <Text size="xs" c="dimmed">
            {t('shell.signedInAs')}
          </Text>
          <Text size="sm" fw={600} truncate>
            {me.user.displayName}
          </Text>
          <Text size="xs" truncate>
            {me.agency.name}
          </Text>
          <Group gap={4} mt={4}>
            <Badge size="xs" variant="outline" color="gray">
              {me.jurisdiction.code}
            </Badge>
            <Badge size="xs" variant="outline" color="gray">
              {t(`clearance.${me.user.clearance}`)}
            </Badge>
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        <OfflineBanner />
        <Outlet />
      </AppShell.Main>
      <ReauthGate />
      <PurposeGate />
    </AppShell>
  );
}
