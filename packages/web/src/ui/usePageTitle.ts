import { useEffect } from 'react';

/** Sets document.title ("Users · Comity") so screen-reader users and tabs know where they are. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Comity` : 'Comity';
  }, [title]);
}
