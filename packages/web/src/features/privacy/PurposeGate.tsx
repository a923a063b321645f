import { lazy, Suspense } from 'react';
import { purpose } from '../../api/purpose.ts';
import { useStore } from '../../api/store.ts';

const PurposeModal = lazy(async () => ({ default: (await import('./PurposeModal.tsx')).PurposeModal }));

/** Mounts the "why do you read this?" modal while a call waits for a purpose (api/purpose.ts). */
export function PurposeGate() {
  const pending = useStore(purpose.store);
  if (!pending) return null;
  return (
    <Suspense fallback={null}>
      <PurposeModal />
    </Suspense>
  );
}
