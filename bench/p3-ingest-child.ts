/**
 * P3's ingest process (bench/p3-ingest.ts starts it, compiled as `npm start` runs the server):
 * opens a blob store, streams FILE into it, samples its own RSS every 50 ms, and prints one JSON
 * line (`P3ChildReport`).
 *
 *   node p3-ingest-child.mjs FILE DATA_DIR READ_CHUNK
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { BlobStore } from '../packages/server/src/platform/blobs/blob-store.ts';
import { generateMasterKey, Keyring } from '../packages/server/src/platform/crypto/master-key.ts';

export interface P3ChildReport {
  mibps: number;
  seconds: number;
  sha256: string;
  size: number;
  storedSize: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  parallelHash: boolean;
  directIo: boolean;
}

const MiB = 1024 * 1024;

async function ingest(file: string, dataDir: string, readChunk: number): Promise<P3ChildReport> {
  const parallelHash = process.env.P3_PARALLEL_HASH ? process.env.P3_PARALLEL_HASH === '1' : undefined;
  const directIo = process.env.P3_DIRECT_IO ? process.env.P3_DIRECT_IO === '1' : undefined;
  const store = await BlobStore.open({
    dataDir,
    keyring: new Keyring(generateMasterKey()),
    parallelHash,
    directIo,
  });
  const rss = () => process.memoryUsage.rss();
  const rssBefore = rss();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss());
  }, 50);
  const size = (await fs.stat(file)).size;
  const t0 = performance.now();
  const blob = await store.ingest(createReadStream(file, { highWaterMark: readChunk }), { maxBytes: size });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, rss());
  await store.remove(blob.blobId);
  await store.close();
  return {
    mibps: blob.size / MiB / (ms / 1000),
    seconds: ms / 1000,
    sha256: blob.sha256,
    size: blob.size,
    storedSize: blob.storedSize,
    rssBeforeMiB: rssBefore / MiB,
    peakRssMiB: peak / MiB,
    parallelHash: store.parallelHash,
    directIo: store.directIo,
  };
}

const [file, dataDir, chunk] = process.argv.slice(2);
if (!file || !dataDir || !chunk) throw new Error('usage: p3-ingest-child FILE DATA_DIR READ_CHUNK');
process.stdout.write(`${JSON.stringify(await ingest(file, dataDir, Number(chunk)))}\n`);
