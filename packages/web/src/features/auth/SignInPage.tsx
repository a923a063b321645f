import { LoginBody } from '@comity/contracts';
import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { AuthCard } from './AuthCard.tsx';
import { authApi } from './auth.api.ts';
import { useFinishSignIn } from './useFinishSignIn.ts';

export function SignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const finish = useFinishSignIn();
  const form = useZodForm(LoginBody, { email: '', password: '' });
  const bootstrap = useQuery({ queryKey: ['bootstrap'], queryFn: authApi.bootstrapNeeded, retry: false });
  const login = useMutation({
    mutationFn: authApi.login,
    onSuccess: (result) => finish(result.state),
  });
  const state = location.state as { signedOut?: boolean; setupDone?: boolean } | null;

  return (
    <AuthCard title={t('signIn.title')} intro={t('signIn.intro')}>
      {state?.signedOut && !login.isPending && (
        <Alert color="blue" role="status" data-testid="signed-out">
          {t('signIn.signedOut')}
        </Alert>
      )}
      {state?.setupDone && (
        <Alert color="green" role="status">
          {t('setup.done')}
        </Alert>
      )}
      {bootstrap.data?.needed && (
        <Alert color="blue" title={t('signIn.setupNeededTitle')}>
          <Anchor component={Link} to="/setup">
            {t('signIn.setupNeededLink')}
          </Anchor>
        </Alert>
      )}
      <form onSubmit={form.submit((data) => login.mutate(data))} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            {...form.text('email')}
          />
          <PasswordField
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            {...form.text('password')}
          />
          {login.isError && <ProblemAlert error={login.error} />}
          <Button type="submit" loading={login.isPending} fullWidth>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
