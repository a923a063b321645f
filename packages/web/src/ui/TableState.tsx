import { Center, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './ProblemAlert.tsx';

/** The row a table shows while loading, on error, or when empty. */
export function TableState({
  query,
  columns,
  empty,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: { items: unknown[] } | undefined;
    refetch: () => unknown;
  };
  columns: number;
  empty: string;
}) {
  const { t } = useTranslation();
  let content: React.ReactNode = null;
  if (query.isPending) {
    content = (
      <Center p="md">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  } else if (query.isError) {
    content = <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  } else if (query.data && query.data.items.length === 0) {
    return <EmptyRow columns={columns} text={empty} />;
  }
  if (!content) return null;
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>{content}</Table.Td>
    </Table.Tr>
  );
}

/** The one row of a table with nothing to show, saying so. */
export function EmptyRow({ columns, text }: { columns: number; text: string }) {
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>
        <Text size="sm" c="dimmed" p="sm">
          {text}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
