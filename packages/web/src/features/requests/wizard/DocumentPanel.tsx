import { Alert, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { requestsApi } from '../requests.api.ts';

const labelLanguages = ['en', 'fr', 'de', 'es'] as const;

/**
 * The request as the PDF the server lays out like the instrument's form. It is fetched with the
 * purpose header (it names persons), kept as a blob in memory, and offered for download or opened in
 * a tab of its own: never embedded, so no PDF viewer runs inside the application's page.
 */
export function DocumentPanel({
  id,
  version,
  requestedLanguage,
  dirty,
}: {
  id: string;
  version: number;
  /** Default second label language: the requested state's, when it is one of the four. */
  requestedLanguage?: string | undefined;
  dirty?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const names = new Intl.DisplayNames([i18n.language], { type: 'language' });
  const initialLang = labelLanguages.find((l) => l === requestedLanguage) ?? null;
  const [lang, setLang] = useState<string | null>(initialLang);
  const [doc, setDoc] = useState<{ url: string; size: number; version: number; lang: string | null } | null>(
    null,
  );
  const current = useRef<string | null>(null);
  const fetchDoc = useMutation({
    mutationFn: () => requestsApi.document(id, lang ?? undefined),
    onSuccess: (blob) => {
      if (current.current) URL.revokeObjectURL(current.current);
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      current.current = url;
      setDoc({ url, size: blob.size, version, lang });
    },
  });
  // The PDF names persons: drop it from memory when the panel goes.
  useEffect(
    () => () => {
      if (current.current) URL.revokeObjectURL(current.current);
    },
    [],
  );
  const filename = `request-${id}-v${version}.pdf`;
  return (
    <Stack gap="sm" maw={720} data-testid="document-panel">
      <Text size="sm">{t('draft.documentIntro')}</Text>
      {dirty && (
        <Alert color="orange" variant="light">
          {t('draft.documentUnsaved')}
        </Alert>
      )}
      <Group align="flex-end">
        <Select
          label={t('draft.documentLabels')}
          description={t('draft.documentLabelsHint')}
          data={labelLanguages.map((l) => ({ value: l, label: names.of(l) ?? l }))}
          value={lang}
          onChange={setLang}
          clearable
          placeholder={t('draft.documentLabelsDefault')}
          w={300}
        />
        <Button onClick={() => fetchDoc.mutate()} loading={fetchDoc.isPending}>
          {doc ? t('draft.documentRegenerate') : t('draft.documentGenerate')}
        </Button>
      </Group>
      {fetchDoc.isError && <ProblemAlert error={fetchDoc.error} />}
      {doc && (
        <Paper withBorder p="md">
          <Text fw={600} mb={4}>
            {t('draft.documentReady', { version: doc.version })}
          </Text>
          <Text size="sm" mb="sm">
            {t('draft.documentSize', { kb: Math.max(1, Math.round(doc.size / 1024)) })}
          </Text>
          <Group gap="sm">
            <Button component="a" href={doc.url} download={filename} data-testid="document-download">
              {t('draft.documentDownload')}
            </Button>
            <Button component="a" href={doc.url} target="_blank" rel="noopener noreferrer" variant="default">
              {t('draft.documentOpen')}
            </Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
