import { useQuery } from '@tanstack/react-query';
import { usePermission } from '../../api/queries.ts';
import { adminApi, adminKeys } from '../admin/admin.api.ts';

/**
 * Names for the user and agency ids in audit events, when the reader may list users and agencies
 * (auditors and DPOs may); otherwise the maps are empty and the ids are shown as they are.
 */
export function useDirectoryNames() {
  const can = usePermission();
  const users = useQuery({
    queryKey: adminKeys.users({}),
    queryFn: ({ signal }) => adminApi.users({}, signal),
    enabled: can('user.read'),
  });
  const agencies = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: ({ signal }) => adminApi.agencies(signal),
    enabled: can('agency.read'),
  });
  const userName = new Map((users.data?.items ?? []).map((u) => [u.data.id, u.data.displayName]));
  const agencyName = new Map(
    (agencies.data?.items ?? []).map((a) => [a.data.id, a.data.shortName ?? a.data.name]),
  );
  return { users, agencies, userName, agencyName };
}
