import { Alert, Button, Group, List, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDraftT, RequestRowT } from '../../../api/types.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { applyMerge, type DraftField, planMerge } from '../draft-state.ts';
import { fieldLabel } from '../fields.ts';

/** A short view of a field's value for the comparison. */
function preview(value: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (value === undefined || value === null || value === '') return t('draft.notGiven');
  if (Array.isArray(value)) return t('draft.merge.items', { n: value.length });
  if (typeof value === 'object') {
    const text = Object.values(value as Record<string, unknown>)
      .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      .join(', ');
    return text.length > 120 ? `${text.slice(0, 117)}…` : text || t('draft.notGiven');
  }
  const text = String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/**
 * Someone saved the draft while I was editing (409 with the current version). Their changes and mine
 * are compared field by field: fields only one side changed are merged without asking; for fields we
 * both changed, I choose. Or I drop my changes and load theirs.
 */
export function ConflictModal({
  base,
  mine,
  current,
  onMerged,
  onDiscard,
  onClose,
}: {
  base: RequestDraftT;
  mine: RequestDraftT;
  current: RequestRowT;
  /** Save `merged` on top of `current`. */
  onMerged: (merged: RequestDraftT) => void;
  /** Load `current`, dropping my changes. */
  onDiscard: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const theirs = current.data.draft;
  const plan = useMemo(() => planMerge(base, mine, theirs), [base, mine, theirs]);
  const [keepMine, setKeepMine] = useState<Set<DraftField>>(() => new Set(plan.conflicts));
  const label = (f: DraftField) => fieldLabel(f, t) ?? f;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('draft.merge.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="conflict-modal"
    >
      <Stack gap="sm">
        <Alert color="orange" variant="light">
          <Text size="sm">
            {t('draft.merge.body', { version: current.data.version })}{' '}
            <DateTime value={current.data.updatedAt} />
          </Text>
        </Alert>
        {plan.theirs.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {t('draft.merge.theirs')}
            </Text>
            <List size="sm">
              {plan.theirs.map((f) => (
                <List.Item key={f}>{label(f)}</List.Item>
              ))}
            </List>
          </div>
        )}
        {plan.mine.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {t('draft.merge.mine')}
            </Text>
            <List size="sm">
              {plan.mine.map((f) => (
                <List.Item key={f}>{label(f)}</List.Item>
              ))}
            </List>
          </div>
        )}
        {plan.conflicts.length > 0 && (
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('draft.merge.conflicts')}
            </Text>
            <Table withTableBorder fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('draft.merge.field')}</Table.Th>
                  <Table.Th scope="col">{t('draft.merge.keep')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.conflicts.map((f) => (
                  <Table.Tr key={f}>
                    <Table.Td>{label(f)}</Table.Td>
                    <Table.Td>
                      <Radio.Group
                        value={keepMine.has(f) ? 'mine' : 'theirs'}
                        onChange={(v) =>
                          setKeepMine((s) => {
                            const next = new Set(s);
                            if (v === 'mine') next.add(f);
                            else next.delete(f);
                            return next;
                          })
                        }
                        aria-label={t('draft.merge.keepFor', { field: label(f) })}
                      >
                        <Stack gap={4}>
                          <Radio
                            value="mine"
                            label={`${t('draft.merge.mineValue')}: ${preview(mine[f], t)}`}
                          />
                          <Radio
                            value="theirs"
                            label={`${t('draft.merge.theirsValue')}: ${preview(theirs[f], t)}`}
                          />
                        </Stack>
                      </Radio.Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {plan.mine.length === 0 && plan.conflicts.length === 0 && (
          <Text size="sm">{t('draft.merge.nothingOfMine')}</Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDiscard}>
            {t('draft.merge.discard', { version: current.data.version })}
          </Button>
          <Button
            onClick={() => onMerged(applyMerge(mine, theirs, plan, keepMine))}
            disabled={plan.mine.length === 0 && plan.conflicts.length === 0}
          >
            {t('draft.merge.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
