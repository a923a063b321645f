import { Box, Button, CopyButton, Group, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fingerprintGroups } from './federation.api.ts';

/**
 * A key fingerprint as administrators read it to each other over the telephone: 16 groups of 4 hex
 * digits, four groups to a numbered line, large monospace digits.
 */
export function Fingerprint({
  value,
  label,
  size = 'lg',
  testId,
}: {
  value: string;
  /** What the fingerprint is of, for screen readers ("Fingerprint of this node"). */
  label: string;
  size?: 'lg' | 'md';
  testId?: string;
}) {
  const { t } = useTranslation();
  const groups = fingerprintGroups(value);
  const lines: string[][] = [];
  for (let i = 0; i < groups.length; i += 4) lines.push(groups.slice(i, i + 4));
  const fontSize = size === 'lg' ? 24 : 18;
  return (
    <Box data-testid={testId} data-fingerprint={value} role="group" aria-label={label}>
      <Box
        component="dl"
        m={0}
        style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 12, rowGap: 4 }}
      >
        {lines.map((line, i) => (
          <Box key={line.join(':')} style={{ display: 'contents' }}>
            <Text component="dt" size="xs" c="dimmed" ta="right" style={{ alignSelf: 'center' }}>
              {t('federation.fingerprint.line', { n: i + 1 })}
            </Text>
            <SimpleGrid component="dd" m={0} cols={4} spacing="xs" maw={size === 'lg' ? 380 : 300}>
              {line.map((g, j) => (
                <Text
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed positions of one fingerprint
                  key={j}
                  span
                  ff="monospace"
                  fw={600}
                  fz={fontSize}
                  ta="center"
                  lh={1.4}
                  bg="var(--mantine-color-default-hover)"
                  style={{ borderRadius: 4, letterSpacing: '0.08em' }}
                >
                  {g}
                </Text>
              ))}
            </SimpleGrid>
          </Box>
        ))}
      </Box>
      <Group gap="xs" mt="xs">
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="default" onClick={copy}>
              {copied ? t('common.copied') : t('federation.fingerprint.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Box>
  );
}
