import type { TokenScope } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/unit-of-work.ts';
import { notFound, validationFailed } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { rolesReachScope } from '../access/permissions.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { identityRepository as repo, type TokenRow } from './identity.repository.ts';
import { randomToken, sha256Hex } from './secrets.ts';

const toApiToken = (r: TokenRow) => ({
  id: r.id,
  name: r.name,
  scopes: JSON.parse(r.scopes) as TokenScope[],
  prefix: r.prefix,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** Personal API tokens for scripts and the CLI: shown once, stored as a hash, scoped, expiring. */
export class TokensService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(
    actor: Actor,
    meta: RequestMeta,
    input: { name: string; scopes: TokenScope[]; expiresInDays: number },
  ) {
    // A scope never exceeds the user's roles: one their roles grant nothing under is a mistake to say.
    const beyond = input.scopes.findIndex((scope) => !rolesReachScope(actor.roles, scope));
    if (beyond >= 0)
      throw validationFailed([
        { path: `body.scopes.${beyond}`, message: 'Your roles grant nothing under this scope.' },
      ]);
    const secret = `cmty_${randomToken()}`;
    const now = this.clock.now();
    const row: TokenRow = {
      id: newId(),
      user_id: actor.userId,
      name: input.name,
      token_hash: sha256Hex(secret),
      prefix: secret.slice(0, 10),
      scopes: JSON.stringify([...new Set(input.scopes)]),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await inTransaction(this.database, async (uow) => {
      await repo.insertToken(uow.tx, row);
      await this.audit.append(
        uow,
        { actor, meta },
        {
          action: 'token.create',
          objectType: 'api-token',
          objectId: row.id,
          details: { scopes: input.scopes, expiresAt: row.expires_at },
        },
      );
    });
    return { token: secret, apiToken: toApiToken(row) };
  }

  async list(actor: Actor) {
    return (await repo.tokensOf(this.database.db, actor.userId)).map(toApiToken);
  }

  async revoke(actor: Actor, meta: RequestMeta, id: string): Promise<void> {
    await inTransaction(this.database, async (uow) => {
      const r = await repo.revokeToken(uow.tx, actor.userId, id, this.clock.now().toISOString());
      if (Number(r.numUpdatedRows) !== 1) throw notFound();
      await this.audit.append(
        uow,
        { actor, meta },
        { action: 'token.revoke', objectType: 'api-token', objectId: id },
      );
    });
  }
}
