import { Badge, Tooltip } from '@mantine/core';
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { InstrumentDetailT } from '../../api/types.ts';

/**
 * Marks registry prose the server has no translation for (`lang: 'en'`) in an answer in another
 * language: the text is the English original. Nothing is shown when the user reads English.
 */
export function EnglishOriginal({ lang }: { lang?: string | undefined }) {
  const { t, i18n } = useTranslation();
  if (lang !== 'en' || (i18n.resolvedLanguage ?? i18n.language) === 'en') return null;
  return (
    <Tooltip label={t('legal.englishOriginalHint')} multiline w={260} withArrow>
      <Badge size="xs" variant="outline" color="gray" tt="none" lang="en" data-english-original="">
        {t('legal.englishOriginal')}
      </Badge>
    </Tooltip>
  );
}

type Prose = NonNullable<InstrumentDetailT['data']['prose']>;

/** The instrument's prose in the user's language, by path (GET /api/instruments/{id}?lang=). */
export const ProseContext = createContext<Prose | undefined>(undefined);

/** A refusal ground's description in the user's language, as plain text (an option's label). */
export function groundText(prose: Prose | undefined, index: number, en: string): string {
  return prose?.[`refusalGrounds.${index}.description`]?.text ?? en;
}

/** One text of the instrument: translated when the server has it, else the English, marked. */
export function ProseText({ path, en }: { path: string; en: string }) {
  const prose = useContext(ProseContext);
  const hit = prose?.[path];
  if (!hit) return <>{en}</>;
  return (
    <>
      <span lang={hit.lang}>{hit.text}</span>
      {hit.lang === 'en' && (
        <>
          {' '}
          <EnglishOriginal lang="en" />
        </>
      )}
    </>
  );
}
