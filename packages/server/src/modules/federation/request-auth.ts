import type { ProblemCode } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { NodeIdentity } from './node-identity.ts';
import type { PartnerEntry, PartnersService } from './partners.service.ts';
import { parseHttpKeyId, verifyRequest } from './protocol/http-signature.ts';
import type { NonceStore } from './protocol/nonce-store.ts';
import { problemForHttpSignature } from './protocol/problems.ts';

export interface IncomingRequest {
  method: string;
  /** Path and query as received (`req.url`); the host part comes from the configured base URL. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export type PartnerAuth =
  | { ok: true; partner: PartnerEntry; keyId: string }
  | { ok: false; code: ProblemCode; nodeId: string | undefined };

/**
 * Who is calling, for every node-to-node route (docs/federation.md §8): the RFC 9421 signature over
 * method, target URI (rebuilt from this node's configured public URL, never from Host) and the
 * Content-Digest of the raw body, within ±5 minutes, with a nonce never seen before, by a key of a
 * confirmed partner valid at `created`; then the partner must not be suspended.
 * Storage failures and a partner document that cannot be refreshed now throw (the route answers 503).
 */
export async function authenticatePartner(
  deps: { identity: NodeIdentity; partners: PartnersService; nonceStore: NonceStore; clock: Clock },
  request: IncomingRequest,
): Promise<PartnerAuth> {
  const input = headerOf(request.headers, 'signature-input');
  const nodeId = input ? parseHttpKeyId(/;keyid="([^"]*)"/.exec(input)?.[1] ?? '')?.nodeId : undefined;
  if (headerOf(request.headers, 'signature') && input && nodeId) {
    const known = deps.partners.get(nodeId);
    if (!known || known.row.status === 'pending') {
      // Not in memory: another instance may have confirmed it moments ago.
      await deps.partners.reloadThrottled();
      const again = deps.partners.get(nodeId);
      if (!again || again.row.status === 'pending')
        return { ok: false, code: 'federation-unknown-partner', nodeId };
    }
  }
  const result = await verifyRequest(
    {
      method: request.method,
      url: deps.identity.url(request.path),
      headers: request.headers,
      body: request.body,
    },
    { resolveKey: deps.partners.resolveKey, now: deps.clock.now(), nonceStore: deps.nonceStore },
  );
  if (!result.ok) return { ok: false, code: problemForHttpSignature(result.reason), nodeId };
  const partner = deps.partners.get(result.nodeId);
  if (!partner || partner.row.status === 'pending') {
    return { ok: false, code: 'federation-unknown-partner', nodeId: result.nodeId };
  }
  if (partner.row.status === 'suspended') {
    return { ok: false, code: 'federation-partner-suspended', nodeId: result.nodeId };
  }
  return { ok: true, partner, keyId: result.keyId };
}

function headerOf(headers: IncomingRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
