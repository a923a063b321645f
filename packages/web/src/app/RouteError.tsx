import { Button, Container, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { isProblem } from '../api/problem.ts';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { NotFound } from './NotFound.tsx';

/** Whatever broke while rendering or loading a screen, shown as a readable message, never a blank page. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  if ((isRouteErrorResponse(error) && error.status === 404) || isProblem(error, 'not-found')) {
    return (
      <Container size="md">
        <NotFound />
      </Container>
    );
  }
  // A lazy screen that failed to download (offline, or a new version was deployed meanwhile).
  const chunkFailed =
    error instanceof TypeError && /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <Container size="md" py="xl">
      <Stack>
        <Title order={1}>{t('error.title')}</Title>
        <ProblemAlert error={chunkFailed ? new Error(t('error.chunk')) : error} />
        <Button onClick={() => window.location.reload()} w="fit-content">
          {t('error.reload')}
        </Button>
      </Stack>
    </Container>
  );
}
