import '@mantine/core/styles/Progress.css';
import { Alert, Button, Card, FileButton, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../ui/DateTime.tsx';
import { evidenceKeys, formatBytes } from './evidence.api.ts';
import { ONE_SHOT_LIMIT } from './sha256.ts';
import { forgetUpload, unfinishedUploads, useTusUpload } from './upload.ts';

/** Adds a file to an open item: SHA-256 in the browser, then a resumable tus upload with progress. */
export function UploadPanel({ itemId }: { itemId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const unfinished = useQuery({
    queryKey: ['evidence', 'unfinished-uploads', itemId],
    queryFn: () => unfinishedUploads(itemId),
  });
  const { state, start, pause, resume, reset } = useTusUpload(itemId, () => {
    void queryClient.invalidateQueries({ queryKey: evidenceKeys.one(itemId) });
    void queryClient.invalidateQueries({ queryKey: evidenceKeys.custody(itemId) });
    void queryClient.invalidateQueries({ queryKey: evidenceKeys.list });
    void unfinished.refetch();
  });
  const pct = state.total > 0 ? Math.floor((state.done / state.total) * 100) : 0;
  const busy = state.phase === 'hashing' || state.phase === 'uploading';
  const size = (n: number) => formatBytes(n, i18n.language);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="upload-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="upload-title">
          {t('upload.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('upload.intro', { limit: size(ONE_SHOT_LIMIT) })}
        </Text>
        {(unfinished.data ?? []).length > 0 && state.phase === 'idle' && (
          <Alert
            color="yellow"
            variant="light"
            title={t('upload.unfinishedTitle')}
            data-testid="unfinished-uploads"
          >
            <Stack gap={4}>
              <Text size="sm">{t('upload.unfinishedHelp')}</Text>
              {unfinished.data?.map((u) => (
                <Group key={u.key} gap="xs" justify="space-between">
                  <Text size="sm">
                    <strong>{u.fileName}</strong> {u.size !== null && `(${size(u.size)})`} ·{' '}
                    <DateTime value={u.createdAt} />
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={async () => {
                      await forgetUpload(u.key);
                      await unfinished.refetch();
                    }}
                  >
                    {t('upload.forget')}
                  </Button>
                </Group>
              ))}
            </Stack>
          </Alert>
        )}
        <Group gap="xs">
          <FileButton onChange={(f) => f && void start(f)} disabled={busy}>
            {(props) => (
              <Button {...props} disabled={busy} data-testid="choose-file">
                {t('upload.choose')}
              </Button>
            )}
          </FileButton>
          {state.phase === 'uploading' && (
            <Button variant="default" onClick={() => void pause()}>
              {t('upload.pause')}
            </Button>
          )}
          {(state.phase === 'paused' || state.phase === 'error') && state.sha256 && (
            <Button variant="default" onClick={resume}>
              {t('upload.resume')}
            </Button>
          )}
          {state.phase !== 'idle' && state.phase !== 'done' && (
            <Button variant="subtle" color="gray" onClick={reset}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
        {state.fileName && state.phase !== 'idle' && (
          <Stack gap={4} data-testid="upload-status" data-phase={state.phase}>
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                {state.fileName}
              </Text>
              <Text size="sm" c="dimmed">
                {state.phase === 'hashing'
                  ? t('upload.hashing', { pct })
                  : t('upload.progress', { done: size(state.done), total: size(state.total), pct })}
              </Text>
            </Group>
            <Progress
              value={pct}
              animated={busy}
              color={state.phase === 'error' ? 'red' : state.phase === 'done' ? 'green' : 'blue'}
              aria-label={state.phase === 'hashing' ? t('upload.hashingLabel') : t('upload.progressLabel')}
            />
            {state.resumed && (
              <Text size="xs" c="dimmed">
                {t('upload.resumed')}
              </Text>
            )}
            {state.phase === 'paused' && (
              <Text size="xs" c="dimmed">
                {t('upload.paused')}
              </Text>
            )}
            {state.sha256 && (
              <Text size="xs">
                {t('upload.localHash')}{' '}
                <Text span className="comity-mono" data-testid="local-sha256">
                  {state.sha256}
                </Text>
              </Text>
            )}
          </Stack>
        )}
        {state.phase === 'done' && (
          <Alert color="green" variant="light" title={t('upload.doneTitle')} data-testid="upload-done">
            {t('upload.done')}
          </Alert>
        )}
        {state.phase === 'error' && (
          <Alert color="red" variant="light" role="alert" title={t('upload.errorTitle')}>
            {state.error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
