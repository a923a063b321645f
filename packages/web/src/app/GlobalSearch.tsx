import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Permission that will switch the search box on once the search module exists. */
export const SEARCH_PERMISSION = 'search.read';

/**
 * The global search box's place in the header. It renders nothing until the server grants
 * `search.read` (no dead controls); the search module then wires `onSubmit` to its results page.
 */
export function GlobalSearch({ permissions }: { permissions: readonly string[] }) {
  const { t } = useTranslation();
  if (!permissions.includes(SEARCH_PERMISSION)) return null;
  return (
    <search>
      <form onSubmit={(e) => e.preventDefault()}>
        <TextInput size="xs" aria-label={t('header.search')} placeholder={t('header.search')} w={220} />
      </form>
    </search>
  );
}
