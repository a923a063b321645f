import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { session } from './session.ts';
import type { Info, Me } from './types.ts';

export const queryKeys = {
  info: ['info'] as const,
  me: ['me'] as const,
};

export function useInfo() {
  return useQuery({
    queryKey: queryKeys.info,
    queryFn: ({ signal }) => api.get<Info>('/api/info', { signal, reauth: false }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const me = await api.get<Me>('/api/me', { signal });
  session.setCsrfToken(me.session.csrfToken);
  if (me.session.state === 'active') session.markActive();
  return me;
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => fetchMe(signal), retry: false });
}

/** The signed-in user's permissions as a predicate; false while unknown. */
export function usePermission(): (permission: string) => boolean {
  const me = useMe().data;
  return (permission) => Boolean(me?.permissions.includes(permission));
}
