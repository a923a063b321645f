import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../api/queries.ts';
import { LabelBadges } from '../../ui/LabelBadges.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableState } from '../../ui/TableState.tsx';
import { useAgencyNames } from '../messaging/messaging.api.ts';
import {
  type ExportResultT,
  evidenceApi,
  evidenceKeys,
  formatBytes,
  RULE_KEY,
  saveBlob,
} from './evidence.api.ts';
import { exportRule, type Target } from './export-rules.ts';

/** /evidence/export — pick items, a destination, see what the labels keep out, build and download. */
export function ExportWizardPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const names = useAgencyNames();
  const [params] = useSearchParams();
  const [step, setStep] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(params.getAll('item')));
  const [purpose, setPurpose] = useState<'court' | 'agency'>('court');
  const [proceedings, setProceedings] = useState('');
  const [recipient, setRecipient] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const list = useQuery({ queryKey: evidenceKeys.list, queryFn: ({ signal }) => evidenceApi.list(signal) });
  const items = list.data?.items ?? [];
  const chosen = items.filter((i) => selected.has(i.data.id));
  const target: Target = {
    purpose,
    proceedings: proceedings.trim() || null,
    recipientAgencyId: recipient,
  };
  const preview = chosen.map((i) => ({
    row: i,
    rule: me ? exportRule(i.labels, me.agency.id, target) : null,
  }));
  const suggestions = useMemo(
    () => [...new Set(chosen.flatMap((i) => i.labels.useLimitations.proceedings))],
    [chosen],
  );
  const build = useMutation({
    mutationFn: () =>
      evidenceApi.createExport({
        itemIds: [...selected],
        purpose,
        proceedings: target.proceedings,
        recipientAgencyId: recipient,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: () => setStep(3),
  });
  const download = useMutation({
    mutationFn: async (r: ExportResultT) =>
      saveBlob(await evidenceApi.downloadExport(r.download), `evidence-${r.packageId}.zip`),
  });
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const destinationMissing = purpose === 'agency' && !recipient;
  const result = build.data;
  const exhibitOf = (id: string) => items.find((i) => i.data.id === id)?.data.exhibitNumber ?? id;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/evidence" size="sm">
        {t('evidence.back')}
      </Anchor>
      <PageHeader title={t('exportWizard.title')} description={t('exportWizard.intro')} />
      <Stepper
        active={step}
        onStepClick={(s) => s < 3 && !result && setStep(s)}
        allowNextStepsSelect={false}
        size="sm"
      >
        <Stepper.Step
          label={t('exportWizard.stepItems')}
          description={t('exportWizard.selected', { n: selected.size })}
        >
          <Stack gap="sm" pt="sm">
            <div className="comity-table-wrap">
              <Table withTableBorder striped fz="sm" data-testid="export-items">
                <Table.Caption>{t('exportWizard.itemsCaption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">
                      <Checkbox
                        aria-label={t('exportWizard.selectAll')}
                        checked={items.length > 0 && selected.size === items.length}
                        indeterminate={selected.size > 0 && selected.size < items.length}
                        onChange={(e) =>
                          setSelected(
                            e.currentTarget.checked ? new Set(items.map((i) => i.data.id)) : new Set(),
                          )
                        }
                      />
                    </Table.Th>
                    <Table.Th scope="col">{t('evidence.exhibit')}</Table.Th>
                    <Table.Th scope="col">{t('evidence.description')}</Table.Th>
                    <Table.Th scope="col">{t('messaging.labelsHeader')}</Table.Th>
                    <Table.Th scope="col">{t('evidence.files')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <TableState query={list} columns={5} empty={t('evidence.empty')} />
                  {items.map(({ data: e, labels }) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <Checkbox
                          aria-label={t('exportWizard.selectItem', { exhibit: e.exhibitNumber })}
                          checked={selected.has(e.id)}
                          onChange={() => toggle(e.id)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {e.exhibitNumber}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {e.description}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <LabelBadges labels={labels} agencyName={names.name} size="xs" />
                      </Table.Td>
                      <Table.Td>{e.files.length}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
            {tried && selected.size === 0 && (
              <Text size="sm" c="red" role="alert">
                {t('exportWizard.pickOne')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button
                onClick={() => {
                  setTried(true);
                  if (selected.size > 0) {
                    setTried(false);
                    setStep(1);
                  }
                }}
              >
                {t('exportWizard.next')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step
          label={t('exportWizard.stepDestination')}
          description={t(purpose === 'court' ? 'exportWizard.court' : 'exportWizard.agency')}
        >
          <Card withBorder padding="md" mt="sm">
            <Stack gap="sm">
              <div>
                <Text size="sm" fw={500} id="purpose-label">
                  {t('exportWizard.purpose')}
                </Text>
                <SegmentedControl
                  aria-labelledby="purpose-label"
                  value={purpose}
                  onChange={(v) => setPurpose(v as 'court' | 'agency')}
                  data={[
                    { value: 'court', label: t('exportWizard.court') },
                    { value: 'agency', label: t('exportWizard.agency') },
                  ]}
                />
                <Text size="xs" c="dimmed" mt={4}>
                  {purpose === 'court' ? t('exportWizard.courtHelp') : t('exportWizard.agencyHelp')}
                </Text>
              </div>
              <TextInput
                label={t('exportWizard.proceedings')}
                description={
                  suggestions.length > 0
                    ? t('exportWizard.proceedingsSuggest', { list: suggestions.join(', ') })
                    : t('exportWizard.proceedingsHelp')
                }
                maxLength={200}
                value={proceedings}
                onChange={(e) => setProceedings(e.currentTarget.value)}
              />
              {suggestions.length > 0 && (
                <Group gap={4}>
                  {suggestions.map((s) => (
                    <Button key={s} size="compact-xs" variant="light" onClick={() => setProceedings(s)}>
                      {t('exportWizard.use', { value: s })}
                    </Button>
                  ))}
                </Group>
              )}
              <Select
                label={t('exportWizard.recipient')}
                description={t('exportWizard.recipientHelp')}
                required={purpose === 'agency'}
                clearable
                searchable
                data={names.options}
                value={recipient}
                onChange={setRecipient}
                error={tried && destinationMissing ? t('validation.choose') : undefined}
              />
              <Textarea
                label={t('exportWizard.reason')}
                autosize
                minRows={2}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(0)}>
                  {t('exportWizard.back')}
                </Button>
                <Button
                  onClick={() => {
                    setTried(true);
                    if (!destinationMissing) {
                      setTried(false);
                      setStep(2);
                    }
                  }}
                >
                  {t('exportWizard.next')}
                </Button>
              </Group>
            </Stack>
          </Card>
        </Stepper.Step>
        <Stepper.Step label={t('exportWizard.stepReview')} description={t('exportWizard.stepReviewHelp')}>
          <Stack gap="sm" pt="sm">
            <div className="comity-table-wrap">
              <Table withTableBorder fz="sm" data-testid="export-preview">
                <Table.Caption>{t('exportWizard.previewCaption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('evidence.exhibit')}</Table.Th>
                    <Table.Th scope="col">{t('messaging.labelsHeader')}</Table.Th>
                    <Table.Th scope="col">{t('exportWizard.outcome')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.map(({ row, rule }) => (
                    <Table.Tr key={row.data.id} data-excluded={rule ? 'true' : 'false'}>
                      <Table.Td>{row.data.exhibitNumber}</Table.Td>
                      <Table.Td>
                        <LabelBadges labels={row.labels} agencyName={names.name} size="xs" />
                      </Table.Td>
                      <Table.Td>
                        {rule ? (
                          <Stack gap={2}>
                            <Badge color="red" variant="light" size="sm">
                              {t('exportWizard.excluded')}
                            </Badge>
                            <Text size="xs">{t(RULE_KEY[rule]!)}</Text>
                          </Stack>
                        ) : (
                          <Badge color="green" variant="light" size="sm">
                            {t('exportWizard.included')}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
            {preview.length > 0 && preview.every((p) => p.rule) && (
              <Alert color="red" variant="light">
                {t('exportWizard.nothingIncluded')}
              </Alert>
            )}
            {build.isError && <ProblemAlert error={build.error} />}
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep(1)}>
                {t('exportWizard.back')}
              </Button>
              <Button onClick={() => build.mutate()} loading={build.isPending}>
                {t('exportWizard.produce')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Completed>
          {result && (
            <Stack gap="sm" pt="sm" data-testid="export-result">
              <Alert color="green" variant="light" title={t('exportWizard.doneTitle')}>
                {t('exportWizard.done', {
                  included: result.included.length,
                  excluded: result.excluded.length,
                })}
              </Alert>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                <Text size="sm">
                  {t('exportWizard.packageId')} <Code>{result.packageId}</Code>
                </Text>
                <Text size="sm">
                  {t('exportWizard.size')} {formatBytes(result.size, i18n.language)}
                </Text>
                <Text size="sm">
                  SHA-256 <Code data-testid="package-sha256">{result.sha256}</Code>
                </Text>
                <Text size="sm">
                  {t('exportWizard.signedWith')} <Code>{result.keyId.slice(0, 24)}</Code>
                </Text>
              </SimpleGrid>
              {result.excluded.length > 0 && (
                <Table withTableBorder fz="sm" data-testid="export-excluded">
                  <Table.Caption>{t('exportWizard.excludedCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('evidence.exhibit')}</Table.Th>
                      <Table.Th scope="col">{t('exportWizard.ruleHeader')}</Table.Th>
                      <Table.Th scope="col">{t('exportWizard.why')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.excluded.map((x) => (
                      <Table.Tr key={x.id}>
                        <Table.Td>{x.exhibitNumber || exhibitOf(x.id)}</Table.Td>
                        <Table.Td>{RULE_KEY[x.rule] ? t(RULE_KEY[x.rule]!) : x.rule}</Table.Td>
                        <Table.Td>{x.reason}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {download.isError && <ProblemAlert error={download.error} />}
              <Group>
                <Button onClick={() => download.mutate(result)} loading={download.isPending}>
                  {t('exportWizard.download')}
                </Button>
                <Button
                  variant="default"
                  onClick={() => {
                    build.reset();
                    setStep(0);
                  }}
                >
                  {t('exportWizard.another')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Completed>
      </Stepper>
    </Stack>
  );
}
