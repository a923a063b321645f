import { agencyKinds, BootstrapBody } from '@comity/contracts';
import { Alert, Anchor, Button, Divider, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { isProblem } from '../../api/problem.ts';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { AuthCard } from './AuthCard.tsx';
import { authApi } from './auth.api.ts';

/** The first-run form, flat for the screen; sent as POST /api/bootstrap's nested body. */
const agency = BootstrapBody.shape.agency.shape;
const SetupForm = BootstrapBody.omit({ agency: true }).extend({
  agencyName: agency.name,
  agencyKind: agency.kind,
  jurisdiction: agency.jurisdiction,
  jurisdictionName: agency.jurisdictionName,
});

/** First run: create the first administrator and their agency with the one-time code from the server console. */
export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const needed = useQuery({ queryKey: ['bootstrap'], queryFn: authApi.bootstrapNeeded, retry: false });
  const form = useZodForm(SetupForm, {
    code: '',
    email: '',
    displayName: '',
    password: '',
    agencyName: '',
    agencyKind: 'central-authority',
    jurisdiction: '',
    jurisdictionName: '',
  });
  const setup = useMutation({
    mutationFn: (f: z.output<typeof SetupForm>) =>
      authApi.bootstrap({
        code: f.code,
        email: f.email,
        displayName: f.displayName,
        password: f.password,
        agency: {
          name: f.agencyName,
          kind: f.agencyKind,
          jurisdiction: f.jurisdiction,
          jurisdictionName: f.jurisdictionName,
        },
      }),
    onSuccess: () => navigate('/sign-in', { state: { setupDone: true } }),
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });

  if (needed.data && !needed.data.needed) {
    return (
      <AuthCard title={t('setup.title')}>
        <Alert color="blue" role="status">
          {t('setup.notNeeded')}
        </Alert>
        <Anchor component={Link} to="/sign-in">
          {t('setup.toSignIn')}
        </Anchor>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('setup.title')} intro={t('setup.intro')}>
      {needed.isError && <ProblemAlert error={needed.error} />}
      <form onSubmit={form.submit((data) => setup.mutate(data))} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('setup.code')}
            description={t('setup.codeHint')}
            autoComplete="off"
            required
            {...form.text('code')}
          />
          <Divider label={t('setup.administrator')} labelPosition="left" />
          <TextInput
            label={t('fields.displayName')}
            autoComplete="name"
            required
            {...form.text('displayName')}
          />
          <TextInput
            label={t('fields.email')}
            type="email"
            autoComplete="username"
            required
            {...form.text('email')}
          />
          <PasswordField
            label={t('fields.password')}
            description={t('fields.passwordHint')}
            autoComplete="new-password"
            required
            {...form.text('password')}
          />
          <Divider label={t('setup.agency')} labelPosition="left" />
          <TextInput label={t('fields.agencyName')} required {...form.text('agencyName')} />
          <Select
            label={t('fields.agencyKind')}
            required
            allowDeselect={false}
            data={agencyKinds.map((kind) => ({ value: kind, label: t(`agencyKind.${kind}`) }))}
            value={form.values.agencyKind}
            onChange={(v) => v && form.setValue('agencyKind', v as (typeof agencyKinds)[number])}
            error={form.error('agencyKind')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={t('fields.jurisdictionCode')}
              description={t('fields.jurisdictionCodeHint')}
              maxLength={2}
              required
              {...form.text('jurisdiction')}
              onChange={(e) => form.setValue('jurisdiction', e.currentTarget.value.toUpperCase())}
            />
            <TextInput label={t('fields.jurisdictionName')} required {...form.text('jurisdictionName')} />
          </SimpleGrid>
          {setup.isError && <ProblemAlert error={setup.error} />}
          <Button type="submit" loading={setup.isPending}>
            {t('setup.submit')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('setup.after')}
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
