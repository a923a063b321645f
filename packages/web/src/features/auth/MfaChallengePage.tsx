import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { AuthCard } from './AuthCard.tsx';
import { authApi } from './auth.api.ts';
import { MfaCodeForm } from './MfaCodeForm.tsx';
import { useFinishSignIn } from './useFinishSignIn.ts';

/** Second step of sign-in: a code from the authenticator app, or one of the recovery codes. */
export function MfaChallengePage() {
  const { t } = useTranslation();
  const finish = useFinishSignIn();
  const [useRecovery, setUseRecovery] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState('');
  const verify = useMutation({
    mutationFn: authApi.verifyMfa,
    onSuccess: (result) => finish(result.state),
  });
  const lostSession = verify.isError && isProblem(verify.error, 'unauthenticated', 'session-expired');

  return (
    <AuthCard title={t('mfa.title')} intro={useRecovery ? t('mfa.recoveryIntro') : t('mfa.intro')}>
      {useRecovery ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (recoveryCode.trim()) verify.mutate({ recoveryCode: recoveryCode.trim() });
          }}
        >
          <Stack gap="sm">
            <TextInput
              label={t('mfa.recoveryCode')}
              autoComplete="off"
              spellCheck={false}
              value={recoveryCode}
              onChange={(e) => setRecoveryCode(e.currentTarget.value)}
              required
            />
            {verify.isError && <ProblemAlert error={verify.error} />}
            <Button type="submit" loading={verify.isPending}>
              {t('mfa.verify')}
            </Button>
          </Stack>
        </form>
      ) : (
        <MfaCodeForm
          submitLabel={t('mfa.verify')}
          pending={verify.isPending}
          error={verify.isError ? verify.error : null}
          onSubmit={(code) => verify.mutate({ code })}
        />
      )}
      <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => setUseRecovery((x) => !x)}>
        {useRecovery ? t('mfa.useApp') : t('mfa.useRecovery')}
      </Button>
      {lostSession && (
        <Anchor component={Link} to="/sign-in">
          {t('mfa.backToSignIn')}
        </Anchor>
      )}
    </AuthCard>
  );
}
