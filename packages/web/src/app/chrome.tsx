import { ActionIcon, Alert, Button, Group, NativeSelect, Text, useMantineColorScheme } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectivity } from '../api/connectivity.ts';
import { useInfo } from '../api/queries.ts';
import { useStore } from '../api/store.ts';
import { changeLanguage, isLanguage, languageNames, languages } from '../i18n/index.ts';
import { MoonIcon, SunIcon } from '../ui/icons.tsx';

/** Shown on every screen while the server runs with demo data, so nobody mistakes it for real cases. */
export function ExerciseBanner() {
  const { t } = useTranslation();
  const info = useInfo();
  if (!info.data?.demo) return null;
  return (
    <div className="comity-exercise-banner" role="note" data-testid="exercise-banner">
      {t('banner.exercise')}
    </div>
  );
}

export function useExerciseMode(): boolean {
  return Boolean(useInfo().data?.demo);
}

/** The server cannot be reached: say so, say when the next try is, and offer to try now. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const state = useStore(connectivity.store);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (state.online) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [state.online]);
  if (state.online) return null;
  const seconds = state.nextProbeAt ? Math.max(0, Math.ceil((state.nextProbeAt - now) / 1000)) : 0;
  return (
    <Alert
      color="orange"
      variant="filled"
      role="status"
      mb="md"
      data-testid="offline-banner"
      title={t('offline.title')}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm">{t('offline.body', { seconds })}</Text>
        <Button size="xs" variant="white" color="dark" onClick={() => connectivity.retryNow()}>
          {t('offline.retry')}
        </Button>
      </Group>
    </Alert>
  );
}

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('header.language')}
      data-testid="language-switcher"
      size="xs"
      w={{ base: 88, xs: 112 }}
      value={i18n.resolvedLanguage ?? i18n.language}
      data={languages.map((l) => ({ value: l, label: languageNames[l] }))}
      onChange={(e) => {
        const lng = e.currentTarget.value;
        if (isLanguage(lng)) void changeLanguage(lng);
      }}
    />
  );
}

export function ColorSchemeToggle() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const dark =
    colorScheme === 'dark' ||
    (colorScheme === 'auto' &&
      typeof window !== 'undefined' &&
      window.matchMedia('(prefers-color-scheme: dark)').matches);
  const label = dark ? t('header.lightMode') : t('header.darkMode');
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={label}
      title={label}
      data-testid="color-scheme-toggle"
      onClick={() => setColorScheme(dark ? 'light' : 'dark')}
    >
      {dark ? <SunIcon /> : <MoonIcon />}
    </ActionIcon>
  );
}
