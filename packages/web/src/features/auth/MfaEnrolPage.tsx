import {
  Alert,
  Anchor,
  Box,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  List,
  Loader,
  Stack,
  Text,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isProblem } from '../../api/problem.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { AuthCard } from './AuthCard.tsx';
import { authApi } from './auth.api.ts';
import { MfaCodeForm } from './MfaCodeForm.tsx';
import { useFinishSignIn } from './useFinishSignIn.ts';

const groupSecret = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** First sign-in of a non-demo account: scan the QR code, confirm a code, keep the recovery codes. */
export function MfaEnrolPage() {
  const { t } = useTranslation();
  const finish = useFinishSignIn();
  const [qr, setQr] = useState<string | null>(null);
  const [stored, setStored] = useState(false);
  // A POST, but one per visit: cached for the page's life so StrictMode and refocus do not restart it.
  const start = useQuery({
    queryKey: ['mfa-enrol-start'],
    queryFn: authApi.startEnrolment,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const confirm = useMutation({ mutationFn: authApi.confirmEnrolment });

  useEffect(() => {
    if (!start.data) return;
    let cancelled = false;
    void QRCode.toString(start.data.otpauthUri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (svg) => {
        if (!cancelled) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [start.data]);

  if (confirm.data) {
    const codes = confirm.data.recoveryCodes;
    const text = `${codes.join('\n')}\n`;
    return (
      <AuthCard title={t('enrol.recoveryTitle')} intro={t('enrol.recoveryIntro')}>
        <Box
          component="ul"
          data-testid="recovery-codes"
          aria-label={t('enrol.recoveryTitle')}
          style={{ columns: 2, listStyle: 'none', padding: 0, margin: 0 }}
        >
          {codes.map((c) => (
            <li key={c}>
              <Code fz="sm">{c}</Code>
            </li>
          ))}
        </Box>
        <Group gap="xs">
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? t('common.copied') : t('enrol.copyCodes')}
              </Button>
            )}
          </CopyButton>
          <Button
            size="xs"
            variant="default"
            component="a"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
            download="comity-recovery-codes.txt"
          >
            {t('enrol.downloadCodes')}
          </Button>
        </Group>
        <Checkbox
          label={t('enrol.storedConfirm')}
          checked={stored}
          onChange={(e) => setStored(e.currentTarget.checked)}
        />
        <Button disabled={!stored} onClick={() => void finish('active')}>
          {t('enrol.continue')}
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('enrol.title')} intro={t('enrol.intro')}>
      {start.isPending && <Loader aria-label={t('common.loading')} />}
      {start.isError && (
        <>
          <ProblemAlert error={start.error} />
          {isProblem(start.error, 'unauthenticated', 'session-expired') && (
            <Anchor component={Link} to="/sign-in">
              {t('mfa.backToSignIn')}
            </Anchor>
          )}
        </>
      )}
      {start.data && (
        <>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>{t('enrol.step1')}</List.Item>
            <List.Item>{t('enrol.step2')}</List.Item>
            <List.Item>{t('enrol.step3')}</List.Item>
          </List>
          <Group justify="center">
            {qr ? (
              <img
                src={qr}
                width={192}
                height={192}
                alt={t('enrol.qrAlt')}
                data-testid="mfa-qr"
                style={{ background: '#fff' }}
              />
            ) : (
              <Loader aria-label={t('common.loading')} />
            )}
          </Group>
          <Stack gap={4}>
            <Text size="sm">{t('enrol.manual')}</Text>
            <Group gap="xs" wrap="nowrap">
              <Code fz="sm" data-testid="mfa-secret" data-secret={start.data.secret}>
                {groupSecret(start.data.secret)}
              </Code>
              <CopyButton value={start.data.secret}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="default" onClick={copy}>
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
          <MfaCodeForm
            submitLabel={t('enrol.confirm')}
            pending={confirm.isPending}
            error={confirm.isError ? confirm.error : null}
            onSubmit={(code) => confirm.mutate(code)}
          />
          <Alert color="gray" variant="light">
            <Text size="xs">{t('enrol.why')}</Text>
          </Alert>
        </>
      )}
    </AuthCard>
  );
}
