import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useInfo } from '../api/queries.ts';
import { ColorSchemeToggle, ExerciseBanner, LanguageSwitcher, OfflineBanner } from './chrome.tsx';

/** Frame of the screens before sign-in: brand, language, theme, and the page in a narrow column. */
export function PublicLayout() {
  const { t } = useTranslation();
  const info = useInfo();
  return (
    <Box mih="100vh">
      <ExerciseBanner />
      <Box
        component="header"
        px="md"
        py="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group justify="space-between">
          <Group gap="xs">
            <Anchor component={Link} to="/" fw={700} fz="lg" underline="never" c="var(--mantine-color-text)">
              Comity
            </Anchor>
            {info.data && (
              <Text size="sm" c="dimmed">
                {info.data.nodeName}
              </Text>
            )}
          </Group>
          <Group gap="xs">
            <LanguageSwitcher />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </Box>
      <Container component="main" size={460} py="xl" id="main">
        <OfflineBanner />
        <Outlet />
      </Container>
      <Text component="footer" ta="center" size="xs" c="dimmed" pb="md">
        {t('footer.tagline')}
        {info.data ? ` · v${info.data.version}` : ''}
      </Text>
    </Box>
  );
}
