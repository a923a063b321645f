import { useCallback, useEffect, useRef, useState } from 'react';
import { DetailedError, defaultOptions, Upload } from 'tus-js-client';
import { session } from '../../api/session.ts';
import { sha256File } from './sha256.ts';

/**
 * Resumable upload of one evidence file over tus 1.0 (POST/HEAD/PATCH under /api/uploads).
 *
 * The file's SHA-256 is computed first and sent in `Upload-Metadata` (`itemId`, `filename`,
 * `sha256`), with which the server checks the bytes it receives before the file becomes visible.
 * Chunks of CHUNK_BYTES; a paused or interrupted upload resumes from the server's offset. The
 * upload URL is kept in localStorage under a fingerprint of (item, SHA-256, size, name), so after a
 * reload choosing the same file again continues where it stopped.
 */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export type UploadPhase = 'idle' | 'hashing' | 'uploading' | 'paused' | 'done' | 'error';

export interface UploadState {
  phase: UploadPhase;
  fileName: string | null;
  /** Bytes hashed / sent, out of the file's size. */
  done: number;
  total: number;
  sha256: string | null;
  /** The upload continues one started earlier (e.g. before a reload). */
  resumed: boolean;
  fileId: string | null;
  error: string | null;
}

export interface UnfinishedUpload {
  key: string;
  fileName: string;
  size: number | null;
  createdAt: string;
}

const initial: UploadState = {
  phase: 'idle',
  fileName: null,
  done: 0,
  total: 0,
  sha256: null,
  resumed: false,
  fileId: null,
  error: null,
};

/** The same content for the same item, whatever the file's date: resumable across reloads and copies. */
const fingerprintOf = (itemId: string, file: File, sha256: string) =>
  ['comity-evidence', itemId, sha256, file.size, file.name].join('/');

/** The problem's detail from a tus error (the server answers problem+json), else its message. */
function messageOf(err: Error): string {
  if (err instanceof DetailedError && err.originalResponse) {
    try {
      const body = JSON.parse(err.originalResponse.getBody()) as {
        detail?: string;
        title?: string;
        code?: string;
      };
      return [body.title, body.detail].filter(Boolean).join(': ') || err.message;
    } catch {
      return `HTTP ${err.originalResponse.getStatus()}`;
    }
  }
  return err.message;
}

/** Uploads not finished for this item, from the tus URL storage of this browser. */
export async function unfinishedUploads(itemId: string): Promise<UnfinishedUpload[]> {
  try {
    const all = await defaultOptions.urlStorage.findAllUploads();
    return all
      .filter((u) => u.metadata?.itemId === itemId)
      .map((u) => ({
        key: u.urlStorageKey,
        fileName: u.metadata?.filename ?? '',
        size: u.size,
        createdAt: u.creationTime,
      }));
  } catch {
    return [];
  }
}

export async function forgetUpload(key: string): Promise<void> {
  await defaultOptions.urlStorage.removeUpload(key);
}

export function useTusUpload(itemId: string, onFinished: () => void) {
  const [state, setState] = useState<UploadState>(initial);
  const upload = useRef<Upload | null>(null);
  const hashing = useRef<AbortController | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const patch = useCallback((p: Partial<UploadState>) => setState((s) => ({ ...s, ...p })), []);

  useEffect(
    () => () => {
      hashing.current?.abort();
      void upload.current?.abort(false);
    },
    [],
  );

  const start = useCallback(
    async (file: File) => {
      hashing.current?.abort();
      await upload.current?.abort(false);
      upload.current = null;
      const controller = new AbortController();
      hashing.current = controller;
      setState({ ...initial, phase: 'hashing', fileName: file.name, total: file.size });
      let sha256: string;
      try {
        sha256 = await sha256File(file, (done, total) => patch({ done, total }), controller.signal);
      } catch (e) {
        if (!controller.signal.aborted) patch({ phase: 'error', error: (e as Error).message });
        return;
      }
      patch({ sha256, phase: 'uploading', done: 0 });
      const up = new Upload(file, {
        endpoint: `${window.location.origin}/api/uploads`,
        chunkSize: CHUNK_BYTES,
        retryDelays: [0, 1_000, 3_000, 5_000, 10_000],
        metadata: { itemId, filename: file.name, sha256 },
        fingerprint: async () => fingerprintOf(itemId, file, sha256),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onBeforeRequest: (req) => {
          if (session.csrfToken) req.setHeader('x-csrf-token', session.csrfToken);
          const xhr = req.getUnderlyingObject() as XMLHttpRequest;
          xhr.withCredentials = true;
        },
        onProgress: (sent, total) => patch({ done: sent, total }),
        onError: (err) => patch({ phase: 'error', error: messageOf(err) }),
        onSuccess: ({ lastResponse }) => {
          patch({
            phase: 'done',
            done: file.size,
            fileId: lastResponse.getHeader('x-comity-file-id') ?? null,
          });
          finished.current();
        },
      });
      upload.current = up;
      const previous = await up.findPreviousUploads();
      if (previous[0]) {
        up.resumeFromPreviousUpload(previous[0]);
        patch({ resumed: true });
      }
      up.start();
    },
    [itemId, patch],
  );

  const pause = useCallback(async () => {
    if (!upload.current) return;
    await upload.current.abort(false);
    patch({ phase: 'paused' });
  }, [patch]);

  const resume = useCallback(() => {
    if (!upload.current) return;
    patch({ phase: 'uploading', error: null });
    upload.current.start();
  }, [patch]);

  const reset = useCallback(() => {
    hashing.current?.abort();
    void upload.current?.abort(false);
    upload.current = null;
    setState(initial);
  }, []);

  return { state, start, pause, resume, reset };
}
