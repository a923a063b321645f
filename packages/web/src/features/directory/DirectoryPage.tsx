import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { CompetentFinder, type FinderValues } from './CompetentFinder.tsx';

const keys = ['measure', 'state', 'place', 'instrument', 'function'] as const;

/** The competent-authority finder as a screen; the search lives in the URL, so it can be shared. */
export function DirectoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const initial = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as unknown as FinderValues;
  return (
    <>
      <PageHeader title={t('directory.title')} description={t('directory.intro')} />
      <CompetentFinder
        initial={initial}
        onSearch={(v) =>
          setParams(Object.fromEntries(Object.entries(v).filter(([, value]) => value !== '')), {
            replace: true,
          })
        }
      />
    </>
  );
}
