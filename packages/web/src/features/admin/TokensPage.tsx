import { CreateApiToken, type tokenScopes } from '@comity/contracts';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/problem.ts';
import type { ApiTokenT } from '../../api/types.ts';
import { k } from '../../i18n/index.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { DateTime } from '../../ui/DateTime.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { RelativeDeadline } from '../../ui/RelativeDeadline.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { useZodForm } from '../../ui/zod-form.ts';
import { adminApi, adminKeys } from './admin.api.ts';

type Scope = (typeof tokenScopes)[number];
const scopes: Scope[] = ['read', 'write', 'admin', 'audit'];

function tokenState(token: ApiTokenT, now: number): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

/** The user's own API tokens (for scripts and the CLI): create, see once, revoke. */
export function TokensPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: adminKeys.tokens, queryFn: ({ signal }) => adminApi.tokens(signal) });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: string; apiToken: ApiTokenT } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenT | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => adminApi.revokeToken(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
      setRevoking(null);
    },
  });
  const now = Date.now();
  const items = tokens.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        description={t('tokens.intro')}
        actions={<Button onClick={() => setCreating(true)}>{t('tokens.new')}</Button>}
      />
      {created && (
        <Alert
          color="green"
          title={t('tokens.createdTitle', { name: created.apiToken.name })}
          mb="md"
          data-testid="new-token"
        >
          <Stack gap="xs">
            <Text size="sm">{t('tokens.createdBody')}</Text>
            <Group gap="xs" wrap="nowrap">
              <Code className="comity-mono" data-testid="new-token-value">
                {created.token}
              </Code>
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant="default" onClick={copy}>
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Button size="xs" variant="default" w="fit-content" onClick={() => setCreated(null)}>
              {t('tokens.dismiss')}
            </Button>
          </Stack>
        </Alert>
      )}
      <div className="comity-table-wrap">
        <Table striped highlightOnHover withTableBorder>
          <Table.Caption>{t('tokens.caption', { n: items.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('tokens.name')}</Table.Th>
              <Table.Th scope="col">{t('tokens.prefix')}</Table.Th>
              <Table.Th scope="col">{t('tokens.scopes')}</Table.Th>
              <Table.Th scope="col">{t('common.created')}</Table.Th>
              <Table.Th scope="col">{t('tokens.expires')}</Table.Th>
              <Table.Th scope="col">{t('tokens.lastUsed')}</Table.Th>
              <Table.Th scope="col">{t('fields.status')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState query={tokens} columns={8} empty={t('tokens.empty')} />
            {items.map((tok) => {
              const state = tokenState(tok, now);
              return (
                <Table.Tr key={tok.id}>
                  <Table.Td>{tok.name}</Table.Td>
                  <Table.Td>
                    <Text span className="comity-mono">
                      {tok.prefix}…
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {tok.scopes.map((s) => (
                        <Badge key={s} size="xs" variant="light">
                          {t(`tokenScope.${s}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={tok.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    {state === 'revoked' ? (
                      <DateTime value={tok.expiresAt} mode="date" />
                    ) : (
                      <RelativeDeadline
                        value={tok.expiresAt}
                        futureKey={k('deadline.expires')}
                        pastKey={k('deadline.expired')}
                        warnHours={24 * 7}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={tok.lastUsedAt} />
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={state === 'active' ? 'green' : 'gray'}>
                      {t(`tokens.state.${state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    {state === 'active' && (
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() => setRevoking(tok)}
                        aria-label={t('tokens.revokeNamed', { name: tok.name })}
                      >
                        {t('tokens.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
      {creating && (
        <NewTokenModal
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreated(c);
            setCreating(false);
          }}
        />
      )}
      <ConfirmDialog
        opened={revoking !== null}
        title={t('tokens.revokeTitle')}
        confirmLabel={t('tokens.revoke')}
        danger
        pending={revoke.isPending}
        error={revoke.isError ? revoke.error : null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        {t('tokens.revokeBody', { name: revoking?.name ?? '' })}
      </ConfirmDialog>
    </>
  );
}

function NewTokenModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (c: { token: string; apiToken: ApiTokenT }) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm(CreateApiToken, { name: '', scopes: ['read'], expiresInDays: 90 });
  const create = useMutation({
    mutationFn: adminApi.createToken,
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
      onCreated(c);
    },
    onError: (e) => form.setServerErrors(isProblem(e) ? e.problem : undefined),
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={t('tokens.new')}
    >
      <form onSubmit={form.submit((d) => create.mutate(d))} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('tokens.name')}
            description={t('tokens.nameHint')}
            required
            data-autofocus
            {...form.text('name')}
          />
          <Checkbox.Group
            label={t('tokens.scopes')}
            withAsterisk
            value={form.values.scopes}
            onChange={(v) => {
              form.setValue('scopes', v as Scope[]);
              form.touch('scopes');
            }}
            error={form.error('scopes')}
          >
            <Stack gap={6} mt={6}>
              {scopes.map((s) => (
                <Checkbox
                  key={s}
                  value={s}
                  label={t(`tokenScope.${s}`)}
                  description={t(`tokenScopeHint.${s}`)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <NumberInput
            label={t('tokens.expiresInDays')}
            min={1}
            max={365}
            value={form.values.expiresInDays ?? 90}
            onChange={(v) => form.setValue('expiresInDays', typeof v === 'number' ? v : Number(v))}
            onBlur={() => form.touch('expiresInDays')}
            error={form.error('expiresInDays')}
            name="expiresInDays"
          />
          {create.isError && <ProblemAlert error={create.error} />}
          <Button type="submit" loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
