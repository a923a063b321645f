import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { fetchMe, queryKeys } from '../../api/queries.ts';
import { safeNext } from '../../app/guards.tsx';

/** After a successful sign-in step: go to the next step, or load the profile and continue to `next`. */
export function useFinishSignIn(): (state: string) => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const carry = `?next=${encodeURIComponent(next)}`;
  return async (state) => {
    if (state === 'mfa-required') return void (await navigate(`/sign-in/mfa${carry}`));
    if (state === 'mfa-enrolment-required') return void (await navigate(`/sign-in/enrol${carry}`));
    await queryClient.fetchQuery({
      queryKey: queryKeys.me,
      queryFn: ({ signal }) => fetchMe(signal),
      staleTime: 0,
    });
    await navigate(next, { replace: true });
  };
}
