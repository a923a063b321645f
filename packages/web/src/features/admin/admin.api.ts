import { api } from '../../api/client.ts';
import type { AgencyT, ApiTokenT, JurisdictionT, ListOf, UserT, WithPolicies } from '../../api/types.ts';

export type AgencyRow = WithPolicies<AgencyT, 'update' | 'createUser'>;
export type UserRow = WithPolicies<UserT, 'update' | 'lock' | 'unlock' | 'resetMfa'>;

/**
 * The agencies of one world, exercise or operational (none while it is unknown): the server refuses
 * to let data cross between the two, so pickers offer only the user's.
 */
export const ofWorld = <T extends { data: { exercise: boolean } }>(
  agencies: readonly T[] | undefined,
  exercise: boolean | undefined,
): T[] => (exercise === undefined ? [] : (agencies ?? []).filter((a) => a.data.exercise === exercise));

export const adminKeys = {
  jurisdictions: ['jurisdictions'] as const,
  agencies: ['agencies'] as const,
  users: (filter: { agencyId?: string | undefined; q?: string | undefined } = {}) =>
    ['users', filter] as const,
  tokens: ['tokens'] as const,
};

export const adminApi = {
  jurisdictions: (signal?: AbortSignal) => api.get<ListOf<JurisdictionT>>('/api/jurisdictions', { signal }),
  createJurisdiction: (body: { code: string; name: string }) =>
    api.post<JurisdictionT>('/api/jurisdictions', body),
  agencies: (signal?: AbortSignal) => api.get<ListOf<AgencyRow>>('/api/agencies', { signal }),
  createAgency: (body: unknown) => api.post<AgencyRow>('/api/agencies', body),
  updateAgency: (id: string, body: unknown) =>
    api.patch<AgencyRow>(`/api/agencies/${encodeURIComponent(id)}`, body),
  users: (filter: { agencyId?: string | undefined; q?: string | undefined }, signal?: AbortSignal) =>
    api.get<ListOf<UserRow>>('/api/users', { signal, query: filter }),
  createUser: (body: unknown) => api.post<UserRow>('/api/users', body),
  updateUser: (id: string, body: unknown) => api.patch<UserRow>(`/api/users/${encodeURIComponent(id)}`, body),
  userAction: (id: string, action: 'lock' | 'unlock' | 'reset-mfa') =>
    api.post<UserRow>(`/api/users/${encodeURIComponent(id)}/${action}`, {}),
  tokens: (signal?: AbortSignal) => api.get<ListOf<ApiTokenT>>('/api/tokens', { signal }),
  createToken: (body: { name: string; scopes: string[]; expiresInDays: number }) =>
    api.post<{ token: string; apiToken: ApiTokenT }>('/api/tokens', body),
  revokeToken: (id: string) => api.delete<unknown>(`/api/tokens/${encodeURIComponent(id)}`),
};

/** ISO 639-1 codes offered for a user's working languages: the EU's 24 and frequent partners'. */
export const languageCodes = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
  'ar',
  'sq',
  'sr',
  'ru',
  'tr',
  'uk',
  'zh',
] as const;

export function languageOptions(uiLanguage: string): { value: string; label: string }[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([uiLanguage], { type: 'language' });
  } catch {
    names = undefined;
  }
  return languageCodes
    .map((code) => ({ value: code, label: `${names?.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, uiLanguage));
}
