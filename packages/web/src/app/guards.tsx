import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { isProblem } from '../api/problem.ts';
import { useMe } from '../api/queries.ts';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { NotFound } from './NotFound.tsx';

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="60vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** Where a half-finished sign-in continues, by session state or problem code. */
const pendingStep: Record<string, string> = {
  'mfa-required': '/sign-in/mfa',
  'mfa-enrolment-required': '/sign-in/enrol',
};

/** Renders its children only for an active session; otherwise sends the user to the right sign-in step. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    const step = isProblem(me.error) ? pendingStep[me.error.code] : undefined;
    if (step) return <Navigate to={`${step}?next=${next}`} replace />;
    if (isProblem(me.error, 'unauthenticated', 'session-expired', 'session-locked')) {
      return <Navigate to={`/sign-in?next=${next}`} replace />;
    }
    return (
      <Center p="xl">
        <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
      </Center>
    );
  }
  const step = pendingStep[me.data.session.state];
  if (step) return <Navigate to={`${step}?next=${next}`} replace />;
  return <>{children}</>;
}

/** Child routes only for holders of a permission; others get the same 404 the server would give. */
export function RequirePermission({ permission }: { permission: string }) {
  const me = useMe();
  if (!me.data?.permissions.includes(permission)) return <NotFound />;
  return <Outlet />;
}

/** A same-site path to continue to after sign-in (never an absolute or protocol-relative URL). */
export function safeNext(raw: string | null): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw.startsWith('/sign-in') || raw.startsWith('/setup')) return '/';
  return raw;
}
