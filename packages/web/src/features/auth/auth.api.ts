import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { purpose } from '../../api/purpose.ts';
import { queryKeys } from '../../api/queries.ts';
import { session } from '../../api/session.ts';
import type { LoginResult } from '../../api/types.ts';

// Sign-in calls never trigger the re-authentication modal: their 401s are the answer itself.
const noReauth = { reauth: false } as const;

function remember(result: { state: string; csrfToken: string }): void {
  session.setCsrfToken(result.csrfToken);
  if (result.state === 'active') session.markActive();
}

export const authApi = {
  async login(body: { email: string; password: string }): Promise<LoginResult> {
    const result = await api.post<LoginResult>('/api/auth/login', body, noReauth);
    remember(result);
    return result;
  },
  async verifyMfa(body: { code: string } | { recoveryCode: string }): Promise<LoginResult> {
    const result = await api.post<LoginResult>('/api/auth/mfa/verify', body, noReauth);
    remember(result);
    return result;
  },
  startEnrolment: () =>
    api.post<{ secret: string; otpauthUri: string }>('/api/auth/mfa/enrol/start', {}, noReauth),
  async confirmEnrolment(code: string): Promise<{ recoveryCodes: string[] }> {
    const result = await api.post<{ recoveryCodes: string[] }>(
      '/api/auth/mfa/enrol/confirm',
      { code },
      noReauth,
    );
    session.markActive();
    return result;
  },
  async unlock(password: string): Promise<LoginResult> {
    const result = await api.post<LoginResult>('/api/auth/unlock', { password }, noReauth);
    remember(result);
    return result;
  },
  logout: () => api.post<{ ok: true }>('/api/auth/logout', {}, noReauth),
  bootstrapNeeded: () => api.get<{ needed: boolean }>('/api/bootstrap', noReauth),
  bootstrap: (body: unknown) => api.post<unknown>('/api/bootstrap', body, noReauth),
};

/** Signs out on the server (best effort), forgets everything cached, and goes to the sign-in page. */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await authApi.logout();
    } catch {
      // Offline or already expired: the local sign-out below still happens.
    }
    session.clear();
    purpose.clear();
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.info[0] });
    await navigate('/sign-in', { replace: true, state: { signedOut: true } });
  };
}
