import { Anchor, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe, usePermission } from '../../../api/queries.ts';
import type { LifecycleT } from '../../../api/types.ts';
import { LabelBadges } from '../../../ui/LabelBadges.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { type EvidenceRow, evidenceApi, evidenceKeys, RULE_KEY } from '../../evidence/evidence.api.ts';
import { forwardRule } from '../../evidence/export-rules.ts';
import { useAgencyNames } from '../../messaging/messaging.api.ts';
import { lifecycleApi, lifecycleKeys } from './lifecycle.api.ts';

/**
 * Did this request reach us from a partner node? Its transmission then came in through the remote
 * carrier. Only there does `return-results` carry evidence items (offered, then pulled by the
 * requesting node); on this node the server keeps `evidenceItemIds` out of the move.
 */
export function useFromPartnerNode(lifecycle: LifecycleT, enabled: boolean): boolean | undefined {
  const deliveries = useQuery({
    queryKey: lifecycleKeys.deliveries(lifecycle.data.id),
    queryFn: ({ signal }) => lifecycleApi.deliveries(lifecycle.data.id, signal),
    enabled,
  });
  if (!deliveries.data) return undefined;
  return deliveries.data.items.some(
    (d) => d.carrier === 'remote' && d.direction === 'incoming' && d.type === 'request.transmission',
  );
}

/** Evidence items of my agency linked to this request: the ones `return-results` may offer. */
export function useReturnableEvidence(requestId: string, enabled: boolean) {
  const me = useMe().data;
  const can = usePermission();
  const list = useQuery({
    queryKey: evidenceKeys.list,
    queryFn: ({ signal }) => evidenceApi.list(signal),
    enabled: enabled && can('evidence.read'),
  });
  const items = (list.data?.items ?? []).filter(
    (x) => x.data.requestId === requestId && x.data.agencyId === me?.agency.id,
  );
  return { list, items };
}

/**
 * The picker of evidence items returned with the results: the executing agency's items linked to
 * the request, with their labels, and a warning where the labels will not let the item go to the
 * requesting agency (the server decides and names the rule).
 */
export function ReturnEvidenceField({
  lifecycle,
  value,
  onChange,
}: {
  lifecycle: LifecycleT;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const names = useAgencyNames();
  const me = useMe().data;
  const can = usePermission();
  const r = lifecycle.data;
  const allowed = can('evidence.read') && can('evidence.transfer');
  const remote = useFromPartnerNode(lifecycle, allowed);
  const { list, items } = useReturnableEvidence(r.id, allowed);
  if (!allowed || remote === undefined) return null;
  if (list.isError) return <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return null;
  if (!remote)
    return items.length > 0 ? (
      <Stack gap={4} data-testid="return-evidence-local">
        <Text size="sm" fw={500}>
          {t('resultsEvidence.label')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('resultsEvidence.localHint', { name: r.requestingAgency.name })}
        </Text>
        <Group gap="xs">
          {items.map((x) => (
            <Anchor key={x.data.id} component={Link} to={`/evidence/${x.data.id}`} size="xs">
              {x.data.exhibitNumber}
            </Anchor>
          ))}
        </Group>
      </Stack>
    ) : null;
  const line = (x: EvidenceRow) => {
    const rule = me ? forwardRule(x.labels, me.agency.id, r.requestingAgency.id) : null;
    const noFile = x.data.files.length === 0;
    return (
      <Stack key={x.data.id} gap={2} data-evidence-id={x.data.id}>
        <Checkbox
          value={x.data.id}
          disabled={noFile}
          label={`${x.data.exhibitNumber} — ${x.data.description}`}
          description={
            noFile
              ? t('resultsEvidence.noFile')
              : t('resultsEvidence.files', {
                  n: x.data.files.length,
                  names: x.data.files.map((f) => f.name).join(', '),
                })
          }
        />
        <Group gap="xs" pl={30}>
          <LabelBadges labels={x.labels} agencyName={names.name} size="xs" />
          {rule && (
            <Text size="xs" c="red.8" data-testid="return-evidence-warning">
              {t('resultsEvidence.willBeRefused', { rule: t(RULE_KEY[rule]!) })}
            </Text>
          )}
        </Group>
      </Stack>
    );
  };
  return (
    <Checkbox.Group
      label={t('resultsEvidence.label')}
      description={t('resultsEvidence.hint', { name: r.requestingAgency.name })}
      value={value}
      onChange={onChange}
      data-testid="return-evidence"
    >
      <Stack gap="sm" mt="xs">
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('resultsEvidence.none')}
          </Text>
        ) : (
          items.map(line)
        )}
      </Stack>
    </Checkbox.Group>
  );
}
