import { lazy, Suspense, useEffect } from 'react';
import { reauth } from '../../api/reauth.ts';
import { useStore } from '../../api/store.ts';

const loadModal = () => import('./ReauthModal.tsx');
const ReauthModal = lazy(async () => ({ default: (await loadModal()).ReauthModal }));

/**
 * Mounts the re-authentication modal only when a session needs it. Its code is fetched in the
 * background once the shell is idle, so it is there even if the network is slow when the lock comes.
 */
export function ReauthGate() {
  const pending = useStore(reauth.store);
  useEffect(() => {
    const id = window.setTimeout(() => void loadModal(), 3000);
    return () => window.clearTimeout(id);
  }, []);
  if (!pending) return null;
  return (
    <Suspense fallback={null}>
      <ReauthModal />
    </Suspense>
  );
}
