import { INBOX_VIEWS, INSTRUMENT_IDS, REQUEST_KINDS, REQUEST_STATES } from '@comity/contracts';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { InboxQueryT } from '../../api/types.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useNames } from '../legal/names.ts';
import { isIn } from '../legal/vocab.ts';
import { lifecycleApi, lifecycleKeys } from '../requests/lifecycle/lifecycle.api.ts';
import { InboxTable } from './InboxTable.tsx';

const FILTERS = ['scope', 'kind', 'instrument', 'state', 'side', 'urgent', 'q', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const SORTS = ['due', '-due', 'updated', '-updated', 'created', '-created'] as const;

/** The query the URL stands for. */
function queryOf(view: string, f: Filters): InboxQueryT {
  const q: Record<string, string> = { view };
  for (const k of FILTERS) {
    const v = f[k];
    if (v) q[k] = v;
  }
  return q as InboxQueryT;
}

function SaveViewModal({ view, filters, onClose }: { view: string; filters: Filters; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => lifecycleApi.saveView({ name: name.trim(), view, filters }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: lifecycleKeys.views });
      onClose();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('inbox.saveView')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('inbox.viewName')}
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          {save.isError && <ProblemAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Worklists over every request my agency is party to: what needs my action, what waits on the
 * partner, what is overdue or due this week; with filters, sorting, counts and saved views.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const names = useNames();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view = isIn(INBOX_VIEWS, params.get('view')) ? (params.get('view') as string) : 'needs-my-action';
  const filters: Filters = Object.fromEntries(
    FILTERS.map((k) => [k, params.get(k) ?? '']).filter(([, v]) => v !== ''),
  );
  const [q, setQ] = useState(filters.q ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [saving, setSaving] = useState(false);
  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  // The search box writes to the URL once the user pauses typing.
  useEffect(() => {
    if ((params.get('q') ?? '') === debouncedQ) return;
    const next = new URLSearchParams(params);
    if (debouncedQ) next.set('q', debouncedQ);
    else next.delete('q');
    setParams(next, { replace: true });
  }, [debouncedQ, params, setParams]);

  const query = queryOf(view, filters);
  const inbox = useQuery({
    queryKey: lifecycleKeys.inbox(query),
    queryFn: ({ signal }) => lifecycleApi.inbox(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const views = useQuery({
    queryKey: lifecycleKeys.views,
    queryFn: ({ signal }) => lifecycleApi.views(signal),
  });
  const remove = useMutation({
    mutationFn: (id: string) => lifecycleApi.deleteView(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lifecycleKeys.views }),
  });
  const counts = inbox.data?.counts;
  const { scope: _scope, sort: _sort, ...narrowing } = filters;
  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        description={t('inbox.intro')}
        actions={
          <>
            {(views.data?.items.length ?? 0) > 0 && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default">
                    {t('inbox.savedViews', { n: views.data?.items.length ?? 0 })}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {views.data?.items.map((v) => (
                    <Menu.Item
                      key={v.id}
                      onClick={() => {
                        const next = new URLSearchParams({ view: v.view });
                        for (const [k, val] of Object.entries(v.filters)) if (val) next.set(k, String(val));
                        setQ(String(v.filters.q ?? ''));
                        setParams(next, { replace: true });
                      }}
                    >
                      {v.name}
                    </Menu.Item>
                  ))}
                  <Menu.Divider />
                  {views.data?.items.map((v) => (
                    <Menu.Item key={`del-${v.id}`} color="red" onClick={() => remove.mutate(v.id)}>
                      {t('inbox.deleteView', { name: v.name })}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
            <Button variant="default" onClick={() => setSaving(true)}>
              {t('inbox.saveView')}
            </Button>
          </>
        }
      />
      <Stack gap="sm">
        <Tabs value={view} onChange={(v) => v && update({ view: v })}>
          <Tabs.List>
            {INBOX_VIEWS.map((v) => (
              <Tabs.Tab
                key={v}
                value={v}
                rightSection={
                  counts ? (
                    <Badge
                      size="sm"
                      variant={v === 'overdue' && counts[v] > 0 ? 'filled' : 'light'}
                      color={v === 'overdue' && counts[v] > 0 ? 'red' : 'gray'}
                      data-count={v}
                    >
                      {counts[v]}
                    </Badge>
                  ) : undefined
                }
              >
                {t(`inboxView.${v}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SegmentedControl
            value={filters.scope ?? 'me'}
            onChange={(v) => update({ scope: v === 'me' ? null : v })}
            data={[
              { value: 'me', label: t('inbox.scope.me') },
              { value: 'agency', label: t('inbox.scope.agency') },
            ]}
            aria-label={t('inbox.scopeLabel')}
          />
          <TextInput
            label={t('inbox.search')}
            placeholder={t('inbox.searchPlaceholder')}
            type="search"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={220}
            maxLength={100}
          />
          <Select
            label={t('inbox.side')}
            placeholder={t('inbox.any')}
            clearable
            data={[
              { value: 'outgoing', label: t('inbox.outgoing') },
              { value: 'incoming', label: t('inbox.incoming') },
            ]}
            value={filters.side ?? null}
            onChange={(v) => update({ side: v })}
            w={150}
          />
          <Select
            label={t('draft.field.kind')}
            placeholder={t('inbox.any')}
            clearable
            data={REQUEST_KINDS.map((k) => ({ value: k, label: names.kind(k) }))}
            value={filters.kind ?? null}
            onChange={(v) => update({ kind: v })}
            w={200}
          />
          <Select
            label={t('draft.field.instrument')}
            placeholder={t('inbox.any')}
            clearable
            data={INSTRUMENT_IDS.map((i) => ({ value: i, label: names.instrument(i) }))}
            value={filters.instrument ?? null}
            onChange={(v) => update({ instrument: v })}
            w={220}
          />
          <Select
            label={t('requests.status')}
            placeholder={t('inbox.any')}
            clearable
            data={REQUEST_STATES.map((s) => ({ value: s, label: t(`requestState.${s}`) }))}
            value={filters.state ?? null}
            onChange={(v) => update({ state: v })}
            w={200}
          />
          <Select
            label={t('inbox.sort')}
            data={SORTS.map((s) => ({ value: s, label: t(`inboxSort.${s}`) }))}
            value={filters.sort ?? 'due'}
            allowDeselect={false}
            onChange={(v) => update({ sort: v === 'due' ? null : v })}
            w={200}
          />
          <Checkbox
            label={t('inbox.urgentOnly')}
            checked={filters.urgent === 'true'}
            onChange={(e) => update({ urgent: e.currentTarget.checked ? 'true' : null })}
            mb={8}
          />
          {Object.keys(narrowing).length > 0 && (
            <Button
              variant="subtle"
              onClick={() => {
                setQ('');
                update({ kind: null, instrument: null, state: null, side: null, urgent: null, q: null });
              }}
            >
              {t('inbox.clearFilters')}
            </Button>
          )}
        </Group>
        <InboxTable
          query={inbox}
          caption={t('inbox.caption', { view: t(`inboxView.${view}`), n: inbox.data?.items.length ?? 0 })}
          empty={t(`inboxEmpty.${view}`)}
        />
      </Stack>
      {saving && <SaveViewModal view={view} filters={filters} onClose={() => setSaving(false)} />}
    </>
  );
}
