import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

export const AuditOutcome = z.enum(['success', 'denied', 'failure']);
export const AuditEvent = z.object({
  id: Id,
  leafIndex: z.number().int().nullable().describe('Position in the Merkle tree once sequenced'),
  occurredAt: Timestamp,
  nodeId: z.string(),
  actorUserId: Id.nullable(),
  actorAgencyId: Id.nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  outcome: AuditOutcome,
  ip: z.string().nullable(),
  sessionId: z.string().nullable(),
  requestId: z.string().nullable(),
  purpose: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z
  .object({
    actorUserId: Id.optional(),
    actorAgencyId: Id.optional(),
    objectType: z.string().max(64).optional(),
    objectId: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    outcome: AuditOutcome.optional(),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    before: Id.optional().describe('Return events older than this id (keyset pagination)'),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditListResponse = z.object({ items: z.array(AuditEvent), nextBefore: Id.nullable() });

export const SignedCheckpoint = z.object({
  nodeId: z.string(),
  keyId: z.string(),
  treeSize: z.number().int(),
  rootHash: z.string().describe('hex SHA-256'),
  issuedAt: Timestamp,
  signature: z.string().describe('Ed25519 over the checkpoint text, base64url'),
  publicKey: z.string().describe('Ed25519 public key, base64url (raw)'),
});
export type SignedCheckpoint = z.infer<typeof SignedCheckpoint>;

export const InclusionProof = z.object({
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  leafHash: z.string(),
  path: z.array(z.string()),
  checkpoint: SignedCheckpoint,
});
export const AuditEventDetail = z.object({ event: AuditEvent, proof: InclusionProof.nullable() });
export const ConsistencyQuery = z
  .object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })
  .strict();
export const ConsistencyProof = z.object({
  fromSize: z.number().int(),
  toSize: z.number().int(),
  path: z.array(z.string()),
});
export const VerifyResult = z.object({
  ok: z.boolean(),
  treeSize: z.number().int(),
  checkpointsChecked: z.number().int(),
  rootHash: z.string(),
  problems: z.array(z.string()),
  checkpoint: SignedCheckpoint.nullable(),
});
