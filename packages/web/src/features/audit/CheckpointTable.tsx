import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CheckpointT } from '../../api/types.ts';
import { DateTime } from '../../ui/DateTime.tsx';

/** A signed checkpoint (tree head) as a definition table. */
export function CheckpointTable({ checkpoint, testId }: { checkpoint: CheckpointT; testId?: string }) {
  const { t } = useTranslation();
  const rows: [string, React.ReactNode][] = [
    [t('audit.cp.node'), checkpoint.nodeId],
    [t('audit.cp.treeSize'), checkpoint.treeSize],
    [
      t('audit.cp.rootHash'),
      <Text key="r" span className="comity-mono">
        {checkpoint.rootHash}
      </Text>,
    ],
    [t('audit.cp.issuedAt'), <DateTime key="i" value={checkpoint.issuedAt} seconds />],
    [
      t('audit.cp.keyId'),
      <Text key="k" span className="comity-mono">
        {checkpoint.keyId}
      </Text>,
    ],
    [
      t('audit.cp.publicKey'),
      <Text key="p" span className="comity-mono">
        {checkpoint.publicKey}
      </Text>,
    ],
    [
      t('audit.cp.signature'),
      <Text key="s" span className="comity-mono">
        {checkpoint.signature}
      </Text>,
    ],
  ];
  return (
    <Table withTableBorder data-testid={testId} layout="fixed">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w={180}>
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
