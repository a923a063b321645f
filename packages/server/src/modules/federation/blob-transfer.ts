import { createHash } from 'node:crypto';
import type { ProblemCode } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import type { RequestMeta } from '../access/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { BlobSink, BlobSource } from './evidence-offer.ts';
import type { NodeIdentity } from './node-identity.ts';
import { NetworkError, type PartnerHttp } from './partner-http.ts';
import type { PartnersService } from './partners.service.ts';
import { signRequest } from './protocol/http-signature.ts';
import type { NonceStore } from './protocol/nonce-store.ts';
import { authenticatePartner, type IncomingRequest } from './request-auth.ts';

export const BLOB_PATH = '/api/federation/blobs';
const DEFAULT_CHUNK = 4 * 1024 * 1024;

export type BlobAnswer =
  | {
      ok: true;
      status: 200 | 206;
      headers: Record<string, string>;
      body: AsyncIterable<Uint8Array>;
    }
  | { ok: false; code: ProblemCode; headers?: Record<string, string> };

/** A pulled blob did not hash to what was offered: the sink's content must be discarded. */
export class BlobIntegrityError extends Error {
  // Sinks in other modules recognise it by name (they do not import federation internals).
  override name = 'BlobIntegrityError';
}

/**
 * Evidence pull (docs/federation.md §9a): the holder serves offered blobs to the partner they were
 * offered to, by signed GET with byte ranges; the recipient pulls in ranges, so an interrupted
 * transfer resumes where it stopped, and accepts the file only if its SHA-256 matches the offer.
 */
export class BlobTransfer {
  private source: BlobSource | undefined;

  constructor(
    private readonly database: Database,
    private readonly identity: NodeIdentity,
    private readonly partners: PartnersService,
    private readonly nonceStore: NonceStore,
    private readonly http: PartnerHttp,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** The evidence module plugs its store in here. */
  setSource(source: BlobSource): void {
    this.source = source;
  }

  async serve(request: IncomingRequest, sha256: string, meta: RequestMeta): Promise<BlobAnswer> {
    const auth = await authenticatePartner(
      { identity: this.identity, partners: this.partners, nonceStore: this.nonceStore, clock: this.clock },
      request,
    );
    const who = { actor: null, meta };
    if (!auth.ok) {
      await this.audit.record(who, {
        action: 'federation.blob.refused',
        objectType: 'blob',
        objectId: sha256,
        outcome: 'denied',
        details: { code: auth.code, partner: auth.nodeId ?? null },
      });
      return { ok: false, code: auth.code };
    }
    const partner = auth.partner.row.node_id;
    const grant = await this.database.db
      .selectFrom('federation_blob_grant')
      .select('size')
      .where('partner_node', '=', partner)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    const size = grant && this.source ? await this.source.size(sha256, partner) : undefined;
    if (size === undefined) {
      await this.audit.record(who, {
        action: 'federation.blob.refused',
        objectType: 'blob',
        objectId: sha256,
        outcome: 'denied',
        details: { code: 'not-found', partner },
      });
      return { ok: false, code: 'not-found' };
    }
    const rangeHeader = request.headers.range;
    const range = parseRange(Array.isArray(rangeHeader) ? rangeHeader[0] : rangeHeader, size);
    if (range === 'unsatisfiable') {
      return { ok: false, code: 'range-not-satisfiable', headers: { 'content-range': `bytes */${size}` } };
    }
    const [start, end] = range ?? [0, size - 1];
    await this.audit.record(who, {
      action: 'federation.blob.served',
      objectType: 'blob',
      objectId: sha256,
      details: { partner, start, end, size },
    });
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-length': String(size === 0 ? 0 : end - start + 1),
    };
    if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    const source = this.source as BlobSource;
    const body = size === 0 ? emptyBody() : source.read(sha256, start, end, partner);
    return { ok: true, status: range ? 206 : 200, headers, body };
  }

  /**
   * Pulls an offered blob from `nodeId` into `sink`, resuming from what the sink already holds, in
   * signed range requests of `chunkBytes`. Throws NetworkError when interrupted (call again to
   * resume) and BlobIntegrityError when the whole file does not match the offered SHA-256 and size.
   */
  async pull(
    nodeId: string,
    blob: { sha256: string; size: number },
    sink: BlobSink,
    options: { chunkBytes?: number } = {},
  ): Promise<{ resumedFrom: number; requests: number }> {
    const partner = this.partners.get(nodeId);
    if (partner?.row.status !== 'active') throw new Error(`${nodeId} is not an active partner`);
    const chunk = options.chunkBytes ?? DEFAULT_CHUNK;
    const resumedFrom = await sink.length();
    if (resumedFrom > blob.size) throw new BlobIntegrityError('The sink holds more than the offered size');
    let offset = resumedFrom;
    let requests = 0;
    const url = `${partner.row.base_url}${BLOB_PATH}/${blob.sha256}`;
    while (offset < blob.size) {
      const end = Math.min(offset + chunk, blob.size) - 1;
      const signature = await signRequest(
        { method: 'GET', url, headers: {}, body: new Uint8Array() },
        this.identity.httpKey(),
        { now: this.clock.now() },
      );
      let received = 0;
      requests++;
      const answer = await this.http.request({
        method: 'GET',
        url,
        headers: { ...signature, range: `bytes=${offset}-${end}` },
        timeoutMs: this.timeoutMs,
        onChunk: async (bytes) => {
          received += bytes.length;
          if (received > end - offset + 1) throw new NetworkError('more bytes than the range asked for');
          await sink.append(bytes);
        },
      });
      if (answer.status !== 206 && !(answer.status === 200 && offset === 0 && end === blob.size - 1)) {
        throw new Error(`${url} answered ${answer.status}`);
      }
      const expected = end - offset + 1;
      offset += received;
      if (received !== expected) throw new NetworkError('transfer cut short');
    }
    const hash = createHash('sha256');
    let total = 0;
    for await (const bytes of sink.readAll()) {
      hash.update(bytes);
      total += bytes.length;
    }
    if (total !== blob.size || hash.digest('hex') !== blob.sha256) {
      throw new BlobIntegrityError('The pulled file does not match the offered SHA-256');
    }
    return { resumedFrom, requests };
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/**
 * One byte range (RFC 9110 §14.1.2): `bytes=a-b`, `bytes=a-`, `bytes=-n`. Undefined for no Range
 * (or one this server ignores, like several ranges: answered with the whole file).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return [start, end];
}
