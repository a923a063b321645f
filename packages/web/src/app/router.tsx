import { lazy, Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { FullPageLoader, RequirePermission, RequireSession } from './guards.tsx';
import { NotFound } from './NotFound.tsx';
import { PublicLayout } from './PublicLayout.tsx';
import { RouteError } from './RouteError.tsx';

// Every screen is its own chunk, the signed-in frame (header, navigation, notifications) too: the
// first download holds only what all of them share, and each screen adds its own part.
const Shell = lazy(async () => ({ default: (await import('./Shell.tsx')).Shell }));

/**
 * Screens behind a permission load lazily, so their code is not part of the first download. A
 * route the user may not open answers "not found or not yours", like the server does.
 */
const guarded = (path: string, permission: string, lazy: RouteObject['lazy']): RouteObject => ({
  path,
  element: <RequirePermission permission={permission} />,
  children: [{ index: true, lazy }],
});

export const routes: RouteObject[] = [
  {
    element: <PublicLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageLoader />,
    children: [
      {
        path: '/sign-in',
        lazy: async () => ({ Component: (await import('../features/auth/SignInPage.tsx')).SignInPage }),
      },
      {
        path: '/sign-in/mfa',
        lazy: async () => ({
          Component: (await import('../features/auth/MfaChallengePage.tsx')).MfaChallengePage,
        }),
      },
      {
        path: '/sign-in/enrol',
        lazy: async () => ({ Component: (await import('../features/auth/MfaEnrolPage.tsx')).MfaEnrolPage }),
      },
      {
        path: '/setup',
        lazy: async () => ({ Component: (await import('../features/auth/SetupPage.tsx')).SetupPage }),
      },
    ],
  },
  {
    path: '/',
    element: (
      <RequireSession>
        <Suspense fallback={<FullPageLoader />}>
          <Shell />
        </Suspense>
      </RequireSession>
    ),
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageLoader />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/home/HomePage.tsx')).HomePage }),
          },
          guarded('cases', 'case.read', async () => ({
            Component: (await import('../features/cases/CasesPage.tsx')).CasesPage,
          })),
          guarded('requests', 'request.read', async () => ({
            Component: (await import('../features/requests/RequestsPage.tsx')).RequestsPage,
          })),
          guarded('requests/new', 'request.draft', async () => ({
            Component: (await import('../features/requests/DraftPages.tsx')).NewRequestPage,
          })),
          guarded('requests/:id', 'request.read', async () => ({
            Component: (await import('../features/requests/RequestPage.tsx')).RequestPage,
          })),
          guarded('requests/:id/assess', 'request.receive', async () => ({
            Component: (await import('../features/requests/AssessPage.tsx')).AssessPage,
          })),
          guarded('inbox', 'request.read', async () => ({
            Component: (await import('../features/inbox/InboxPage.tsx')).InboxPage,
          })),
          guarded('approvals', 'request.approve', async () => ({
            Component: (await import('../features/inbox/ApprovalsPage.tsx')).ApprovalsPage,
          })),
          guarded('tasks', 'task.update', async () => ({
            Component: (await import('../features/tasks/TaskBoardPage.tsx')).TaskBoardPage,
          })),
          guarded('messages', 'thread.read', async () => ({
            Component: (await import('../features/messaging/MessagesPage.tsx')).MessagesPage,
          })),
          guarded('messages/:id', 'thread.read', async () => ({
            Component: (await import('../features/messaging/ThreadPage.tsx')).ThreadPage,
          })),
          guarded('evidence', 'evidence.read', async () => ({
            Component: (await import('../features/evidence/EvidenceListPage.tsx')).EvidenceListPage,
          })),
          guarded('evidence/export', 'evidence.export', async () => ({
            Component: (await import('../features/evidence/ExportWizardPage.tsx')).ExportWizardPage,
          })),
          guarded('evidence/:id', 'evidence.read', async () => ({
            Component: (await import('../features/evidence/EvidenceItemPage.tsx')).EvidenceItemPage,
          })),
          guarded('account/notifications', 'notification.manage', async () => ({
            Component: (await import('../features/account/NotificationPreferencesPage.tsx'))
              .NotificationPreferencesPage,
          })),
          guarded('requests/:id/edit', 'request.update', async () => ({
            Component: (await import('../features/requests/DraftPages.tsx')).EditRequestPage,
          })),
          guarded('instruments', 'legal.read', async () => ({
            Component: (await import('../features/legal/InstrumentsPage.tsx')).InstrumentsPage,
          })),
          guarded('instruments/:id', 'legal.read', async () => ({
            Component: (await import('../features/legal/InstrumentPage.tsx')).InstrumentPage,
          })),
          guarded('directory', 'agency.read', async () => ({
            Component: (await import('../features/directory/DirectoryPage.tsx')).DirectoryPage,
          })),
          guarded('admin/agencies', 'agency.read', async () => ({
            Component: (await import('../features/admin/AgenciesPage.tsx')).AgenciesPage,
          })),
          guarded('admin/users', 'user.read', async () => ({
            Component: (await import('../features/admin/UsersPage.tsx')).UsersPage,
          })),
          guarded('admin/federation', 'federation.read', async () => ({
            Component: (await import('../features/federation/FederationPage.tsx')).FederationPage,
          })),
          guarded('account/tokens', 'token.manage', async () => ({
            Component: (await import('../features/admin/TokensPage.tsx')).TokensPage,
          })),
          guarded('audit', 'audit.read', async () => ({
            Component: (await import('../features/audit/AuditPage.tsx')).AuditPage,
          })),
          guarded('audit/events/:id', 'audit.read', async () => ({
            Component: (await import('../features/audit/AuditEventPage.tsx')).AuditEventPage,
          })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export const createAppRouter = () => createBrowserRouter(routes);
