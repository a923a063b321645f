import { CreateUser, type Role, roles, UpdateUser } from '@comity/contracts';
import { Button, Checkbox, Modal, MultiSelect, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import { clearanceOptions } from '../../ui/ClassificationBadge.tsx';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { type AgencyRow, adminApi, languageOptions, type UserRow } from './admin.api.ts';

export interface UserFormModalProps {
  user?: UserRow;
  /** Agencies the administrator may create users in (policies.createUser). */
  agencies: AgencyRow[];
  onClose: () => void;
}

export function UserFormModal({ user, agencies, onClose }: UserFormModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={user ? t('users.edit') : t('users.new')}
      size="lg"
    >
      {user ? (
        <EditUserForm user={user} onDone={onClose} />
      ) : (
        <CreateUserForm agencies={agencies} onDone={onClose} />
      )}
    </Modal>
  );
}

function useSaved(onDone: () => void) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['users'] });
    onDone();
  };
}

function RolesField({
  value,
  onChange,
  error,
}: {
  value: Role[];
  onChange: (v: Role[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={t('fields.roles')}
      value={value}
      onChange={(v) => onChange(v as Role[])}
      error={error}
      withAsterisk
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} mt={6}>
        {roles.map((r) => (
          <Checkbox key={r} value={r} label={t(`roles.${r}`)} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

function CreateUserForm({ agencies, onDone }: { agencies: AgencyRow[]; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const saved = useSaved(onDone);
  const form = useZodForm(CreateUser, {
    email: '',
    displayName: '',
    agencyId: agencies.length === 1 ? agencies[0]!.data.id : '',
    roles: ['investigator'],
    clearance: 0,
    languages: [],
    password: '',
  });
  const create = useMutation({
    mutationFn: adminApi.createUser,
    onSuccess: saved,
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  return (
    <form onSubmit={form.submit((d) => create.mutate(d))} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.displayName')} required data-autofocus {...form.text('displayName')} />
          <TextInput
            label={t('fields.email')}
            type="email"
            required
            autoComplete="off"
            {...form.text('email')}
          />
        </SimpleGrid>
        <Select
          label={t('fields.agency')}
          required
          searchable
          allowDeselect={false}
          data={agencies.map((a) => ({ value: a.data.id, label: `${a.data.name} (${a.data.jurisdiction})` }))}
          value={form.values.agencyId || null}
          onChange={(v) => form.setValue('agencyId', v ?? '')}
          onBlur={() => form.touch('agencyId')}
          error={form.error('agencyId')}
          nothingFoundMessage={t('common.nothingFound')}
        />
        <RolesField
          value={form.values.roles}
          onChange={(v) => {
            form.setValue('roles', v);
            form.touch('roles');
          }}
          error={form.error('roles')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('fields.clearance')}
            allowDeselect={false}
            data={clearanceOptions(t)}
            value={String(form.values.clearance ?? 0)}
            onChange={(v) => form.setValue('clearance', Number(v ?? 0))}
          />
          <MultiSelect
            label={t('fields.languages')}
            searchable
            data={languageOptions(i18n.language)}
            value={form.values.languages ?? []}
            onChange={(v) => form.setValue('languages', v)}
            error={form.error('languages')}
            nothingFoundMessage={t('common.nothingFound')}
          />
        </SimpleGrid>
        <PasswordField
          label={t('fields.initialPassword')}
          description={t('fields.passwordHint')}
          required
          autoComplete="new-password"
          {...form.text('password')}
        />
        {create.isError && <ProblemAlert error={create.error} />}
        <Button type="submit" loading={create.isPending}>
          {t('common.create')}
        </Button>
      </Stack>
    </form>
  );
}

function EditUserForm({ user, onDone }: { user: UserRow; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const saved = useSaved(onDone);
  const u = user.data;
  const form = useZodForm(UpdateUser, {
    displayName: u.displayName,
    roles: u.roles,
    clearance: u.clearance,
    languages: u.languages,
    status: u.status === 'disabled' ? 'disabled' : 'active',
  });
  const update = useMutation({
    mutationFn: (body: unknown) => adminApi.updateUser(u.id, body),
    onSuccess: saved,
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  return (
    <form
      onSubmit={form.submit((d) => {
        // A locked account stays locked unless "disabled" was chosen: lock/unlock have their own actions.
        const { status, ...rest } = d;
        const statusChanged = (status === 'disabled') !== (u.status === 'disabled');
        update.mutate(statusChanged ? d : rest);
      })}
      noValidate
    >
      <Stack gap="sm">
        <TextInput label={t('fields.email')} value={u.email} readOnly />
        <TextInput label={t('fields.displayName')} required data-autofocus {...form.text('displayName')} />
        <RolesField
          value={form.values.roles ?? []}
          onChange={(v) => form.setValue('roles', v)}
          error={form.error('roles')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('fields.clearance')}
            allowDeselect={false}
            data={clearanceOptions(t)}
            value={String(form.values.clearance ?? 0)}
            onChange={(v) => form.setValue('clearance', Number(v ?? 0))}
          />
          <MultiSelect
            label={t('fields.languages')}
            searchable
            data={languageOptions(i18n.language)}
            value={form.values.languages ?? []}
            onChange={(v) => form.setValue('languages', v)}
            nothingFoundMessage={t('common.nothingFound')}
          />
        </SimpleGrid>
        <Select
          label={t('fields.status')}
          allowDeselect={false}
          data={[
            { value: 'active', label: t('userStatus.active') },
            { value: 'disabled', label: t('userStatus.disabled') },
          ]}
          value={form.values.status ?? 'active'}
          onChange={(v) => form.setValue('status', v === 'disabled' ? 'disabled' : 'active')}
        />
        {update.isError && <ProblemAlert error={update.error} />}
        <Button type="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  );
}
