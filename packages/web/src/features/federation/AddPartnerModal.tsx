import { AddFederationPartner } from '@comity/contracts';
import { Alert, Button, Divider, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { tone } from './common.tsx';
import { Fingerprint } from './Fingerprint.tsx';
import { federationApi, federationKeys, normaliseFingerprint, type PartnerT } from './federation.api.ts';

/**
 * Partnering, step 1: the partner's base URL. The server fetches and verifies its node document and
 * stores it as pending; step 2 (the same dialog) is the fingerprint comparison.
 */
export function AddPartnerModal({
  ownFingerprint,
  onClose,
  onDone,
}: {
  ownFingerprint: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm(AddFederationPartner, { baseUrl: '' });
  const [added, setAdded] = useState<PartnerT | null>(null);
  const add = useMutation({
    mutationFn: (baseUrl: string) => federationApi.addPartner(baseUrl),
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: federationKeys.all });
      setAdded(row.data);
    },
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  if (added) {
    return <ConfirmFingerprintModal partner={added} ownFingerprint={ownFingerprint} onClose={onDone} added />;
  }
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={t('federation.add.title')}
      size="lg"
    >
      <form onSubmit={form.submit((d) => add.mutate(d.baseUrl))} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('federation.add.intro')}</Text>
          <TextInput
            label={t('federation.add.baseUrl')}
            description={t('federation.add.baseUrlHint')}
            placeholder="https://comity.example.org"
            required
            data-autofocus
            {...form.text('baseUrl')}
          />
          {add.isError && <ProblemAlert error={add.error} title={t('federation.add.failed')} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('federation.add.fetch')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Partnering, step 2 (or a key change that does not chain to the trusted key): the fingerprint the
 * partner's administrator reads out is typed back and compared by the server.
 */
export function ConfirmFingerprintModal({
  partner,
  ownFingerprint,
  onClose,
  added = false,
}: {
  partner: PartnerT;
  ownFingerprint: string;
  onClose: () => void;
  /** Just added in this dialog (step 2 of adding) rather than opened from the list. */
  added?: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const expected =
    partner.keyChangePending && partner.pendingFingerprint ? partner.pendingFingerprint : partner.fingerprint;
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState(false);
  const typedHex = normaliseFingerprint(typed);
  const complete = /^[0-9A-F]{64}$/.test(typedHex);
  const matches = complete && typedHex === normaliseFingerprint(expected);
  const confirm = useMutation({
    mutationFn: () => federationApi.confirm(partner.id, typed),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: federationKeys.all });
      onClose();
    },
  });
  let fieldError: string | undefined;
  if (touched && typed && !complete) fieldError = t('federation.confirm.incomplete');
  else if (complete && !matches) fieldError = t('federation.confirm.differs');
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={
        partner.keyChangePending ? t('federation.confirm.keyChangeTitle') : t('federation.confirm.title')
      }
      size="xl"
    >
      <Stack gap="md">
        {added && (
          <Alert color="green" variant="light" data-testid="partner-added">
            {t('federation.confirm.added', { name: partner.name })}
          </Alert>
        )}
        <div>
          <Text fw={600}>{partner.name}</Text>
          <Text size="xs" c="dimmed" className="comity-mono">
            {partner.baseUrl} · {partner.nodeId}
          </Text>
        </div>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>{t('federation.confirm.step1')}</List.Item>
          <List.Item>{t('federation.confirm.step2')}</List.Item>
          <List.Item>{t('federation.confirm.step3')}</List.Item>
        </List>
        <div>
          <Text size="sm" fw={600} mb="xs">
            {t('federation.confirm.theirs', { name: partner.name })}
          </Text>
          <Fingerprint
            value={expected}
            label={t('federation.confirm.theirs', { name: partner.name })}
            testId="partner-fingerprint-large"
          />
        </div>
        <TextInput
          label={t('federation.confirm.typed')}
          description={t('federation.confirm.typedHint')}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          onBlur={() => setTouched(true)}
          error={fieldError}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
        />
        {matches && (
          <Text size="sm" c={tone('green')} role="status">
            {t('federation.confirm.matches')}
          </Text>
        )}
        {confirm.isError && <ProblemAlert error={confirm.error} />}
        <Divider />
        <div>
          <Text size="sm" fw={600} mb="xs">
            {t('federation.confirm.ours')}
          </Text>
          <Fingerprint value={ownFingerprint} label={t('federation.confirm.ours')} size="md" />
        </div>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {added ? t('federation.confirm.later') : t('common.cancel')}
          </Button>
          <Button onClick={() => confirm.mutate()} loading={confirm.isPending} disabled={!complete}>
            {t('federation.confirm.button')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
