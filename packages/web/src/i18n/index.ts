import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

export const languages = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof languages)[number];
/** Each language's own name, shown in the switcher. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
};

const STORAGE_KEY = 'comity.language';

// English ships in the main bundle (it is the fallback); the others load when chosen.
const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  fr: () => import('./locales/fr.json'),
  de: () => import('./locales/de.json'),
  es: () => import('./locales/es.json'),
};

export const isLanguage = (x: unknown): x is Language => languages.includes(x as Language);

function detectLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage can be disabled; fall through to the browser's preference
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

async function ensureLoaded(lng: Language): Promise<void> {
  if (lng === 'en' || i18n.hasResourceBundle(lng, 'translation')) return;
  const mod = await loaders[lng]();
  i18n.addResourceBundle(lng, 'translation', mod.default, true, true);
}

export async function initI18n(): Promise<typeof i18n> {
  const lng = detectLanguage();
  await i18n.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...languages],
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false }, // React escapes
  });
  i18n.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  document.documentElement.lang = 'en';
  if (lng !== 'en') await changeLanguage(lng, false);
  return i18n;
}

export async function changeLanguage(lng: Language, persist = true): Promise<void> {
  await ensureLoaded(lng);
  await i18n.changeLanguage(lng);
  if (persist) {
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      // not persisted; the choice still holds for this tab
    }
  }
}

export { i18n };

/**
 * Marks a string as a catalogue key used later through `t(key)`, so test/unit/i18n.test.ts finds it
 * just like a literal key passed to t. Identity at run time.
 */
export const k = <K extends string>(key: K): K => key;
