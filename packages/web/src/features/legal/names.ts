import { OFFENCE_CATEGORIES } from '@comity/contracts';
import { useTranslation } from 'react-i18next';
import { isIn } from './vocab.ts';

function displayNames(language: string, type: 'region' | 'language'): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames([language], { type });
  } catch {
    return undefined;
  }
}

/**
 * Names for the codes a request carries, in the user's language: states and languages from the
 * browser's CLDR data (ISO codes), measures, offence categories, kinds and roles from the catalogue.
 */
export function useNames() {
  const { t, i18n } = useTranslation();
  const regions = displayNames(i18n.language, 'region');
  const languages = displayNames(i18n.language, 'language');
  return {
    state: (code: string | null | undefined): string =>
      code ? ((code === 'UK' ? regions?.of('GB') : regions?.of(code)) ?? code) : t('common.none'),
    language: (code: string | null | undefined): string =>
      code ? (languages?.of(code) ?? code) : t('common.none'),
    measure: (id: string): string => t(`measure.${id}`, { defaultValue: id }),
    offence: (id: string | null | undefined): string =>
      !id ? t('common.none') : isIn(OFFENCE_CATEGORIES, id) ? t(`offenceCategory.${id}`) : id,
    instrument: (id: string | null | undefined): string =>
      id ? t(`instrumentName.${id}`, { defaultValue: id }) : t('common.none'),
    kind: (kind: string): string => t(`requestKind.${kind}`, { defaultValue: kind }),
    role: (role: string | null | undefined): string =>
      role ? t(`personRole.${role}`, { defaultValue: role }) : t('common.none'),
  };
}

export type Names = ReturnType<typeof useNames>;

/** Select options for states, sorted by name in the user's language. */
export function stateOptions(codes: readonly string[], names: Names, language: string) {
  return codes
    .map((code) => ({ value: code, label: `${names.state(code)} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}
