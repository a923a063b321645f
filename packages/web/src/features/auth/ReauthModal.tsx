import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { queryKeys } from '../../api/queries.ts';
import { reauth } from '../../api/reauth.ts';
import { useStore } from '../../api/store.ts';
import type { Me } from '../../api/types.ts';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { authApi, useSignOut } from './auth.api.ts';
import { MfaCodeForm } from './MfaCodeForm.tsx';

type Step = 'unlock' | 'password' | 'mfa' | 'cannot';

/**
 * Re-authentication over the current page. The interrupted API calls wait (api/reauth.ts) and are
 * retried once the user is back, so nothing typed on the page underneath is lost.
 */
export function ReauthModal() {
  const { t } = useTranslation();
  const pending = useStore(reauth.store);
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const email = queryClient.getQueryData<Me>(queryKeys.me)?.user.email ?? '';
  const [step, setStep] = useState<Step>('unlock');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (pending) {
      setStep(pending.reason === 'session-locked' ? 'unlock' : 'password');
      setPassword('');
      setError(null);
    }
  }, [pending]);

  const done = () => {
    reauth.succeeded();
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
      // The session ran out completely while locked: a full sign-in is needed instead.
      if (isProblem(e, 'session-expired', 'unauthenticated') && step === 'unlock') setStep('password');
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = () =>
    run(async () => {
      if (step === 'unlock') {
        await authApi.unlock(password);
        return done();
      }
      const result = await authApi.login({ email, password });
      setPassword('');
      if (result.state === 'active') return done();
      setStep(result.state === 'mfa-required' ? 'mfa' : 'cannot');
    });

  const giveUp = () => {
    reauth.cancelled();
    void signOut();
  };

  const title = step === 'unlock' ? t('reauth.lockedTitle') : t('reauth.expiredTitle');
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={pending !== null}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={title}
      centered
      data-testid="reauth-modal"
    >
      <Stack gap="sm">
        <Text size="sm">{step === 'unlock' ? t('reauth.lockedBody') : t('reauth.expiredBody')}</Text>
        <Text size="sm" c="dimmed">
          {t('reauth.workKept')}
        </Text>
        {step === 'mfa' ? (
          <MfaCodeForm
            submitLabel={t('mfa.verify')}
            pending={busy}
            error={error}
            onSubmit={(code) =>
              void run(async () => {
                await authApi.verifyMfa({ code });
                done();
              })
            }
          />
        ) : step === 'cannot' ? (
          <Text size="sm">{t('reauth.cannot')}</Text>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (password) void submitPassword();
            }}
          >
            <Stack gap="sm">
              {step === 'password' && <TextInput label={t('signIn.email')} value={email} readOnly />}
              <PasswordField
                label={t('signIn.password')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-autofocus
                required
              />
              {Boolean(error) && <ProblemAlert error={error} />}
              <Button type="submit" loading={busy}>
                {step === 'unlock' ? t('reauth.unlock') : t('signIn.submit')}
              </Button>
            </Stack>
          </form>
        )}
        <Group justify="flex-end">
          <Button variant="subtle" color="gray" size="xs" onClick={giveUp}>
            {t('reauth.signOutInstead')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
