import { MfaEnrolConfirmBody } from '@comity/contracts';
import { Button, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useZodForm } from '../../ui/zod-form.ts';

export interface MfaCodeFormProps {
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (code: string) => void;
}

/** Six-digit TOTP code entry, validated with the contract's own schema as the user types. */
export function MfaCodeForm({ submitLabel, pending, error, onSubmit }: MfaCodeFormProps) {
  const { t } = useTranslation();
  const form = useZodForm(MfaEnrolConfirmBody, { code: '' });
  const field = form.text('code');
  return (
    <form onSubmit={form.submit((data) => onSubmit(data.code))} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('mfa.code')}
          description={t('mfa.codeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          {...field}
          onChange={(e) => form.setValue('code', e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
          styles={{ input: { letterSpacing: '0.3em', fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {Boolean(error) && <ProblemAlert error={error} />}
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
