import type { Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Actor } from './actor.ts';
import type { Permission } from './permissions.ts';

/**
 * Answers, for a batch of object ids, which ones the actor may touch with a permission.
 * One rule per permission, registered by the module that owns the object type; each rule is a
 * set query (one round trip for the whole batch), never a per-id loop.
 */
export type AccessRule = (
  actor: Actor,
  ids: readonly string[],
  /**
   * Where to read, when the caller decides inside a transaction: a rule that can reads there (the
   * state the transaction sees, on the connection it holds); others read committed state.
   */
  db?: Queryable,
) => Promise<ReadonlySet<string>>;

/** Derives the actions a caller may take on objects, sent with each object as `policies`. */
export type PolicyRule = (
  actor: Actor,
  ids: readonly string[],
) => Promise<Map<string, Record<string, boolean>>>;

export class AccessGate {
  private readonly rules = new Map<Permission, AccessRule>();

  register(permission: Permission, rule: AccessRule): void {
    if (this.rules.has(permission)) throw new Error(`Access rule for ${permission} registered twice`);
    this.rules.set(permission, rule);
  }

  /** The subset of `ids` the actor may use with `permission`. Unknown ids are simply absent. */
  async filter(
    actor: Actor,
    permission: Permission,
    ids: readonly string[],
    db?: Queryable,
  ): Promise<Set<string>> {
    if (ids.length === 0 || !actor.permissions.has(permission)) return new Set();
    const rule = this.rules.get(permission);
    if (!rule) throw new Error(`No access rule registered for ${permission}`);
    return this.filterWith(rule, actor, ids, db);
  }

  private async filterWith(
    rule: AccessRule,
    actor: Actor,
    ids: readonly string[],
    db?: Queryable,
  ): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    const allowed = new Set<string>();
    // Keep each batch under the engines' bound-parameter limits.
    for (let i = 0; i < unique.length; i += 500) {
      for (const id of await rule(actor, unique.slice(i, i + 500), db)) allowed.add(id);
    }
    return allowed;
  }

  /**
   * Throws not-found unless the actor may use every id. Denied and unknown look the same, so a
   * caller cannot learn that an object it may not see exists.
   */
  async require(actor: Actor, permission: Permission, ids: readonly string[]): Promise<void> {
    const allowed = await this.filter(actor, permission, ids);
    if (ids.some((id) => !allowed.has(id))) throw notFound();
  }

  /**
   * For each id, which of the given permissions are allowed (for `policies`). Permissions that
   * share one rule are answered by one query.
   */
  async can(
    actor: Actor,
    permissions: readonly Permission[],
    ids: readonly string[],
  ): Promise<Map<string, Set<Permission>>> {
    const out = new Map<string, Set<Permission>>(ids.map((id) => [id, new Set<Permission>()]));
    const byRule = new Map<AccessRule, Permission[]>();
    for (const p of permissions) {
      const rule = this.rules.get(p);
      if (rule && actor.permissions.has(p)) byRule.set(rule, [...(byRule.get(rule) ?? []), p]);
    }
    for (const [rule, perms] of byRule) {
      for (const id of await this.filterWith(rule, actor, ids)) for (const p of perms) out.get(id)?.add(p);
    }
    return out;
  }

  /**
   * `require` and `can` in one pass: throws not-found unless every id is allowed `permission`,
   * and returns what else the actor may do with each.
   */
  async requireWithPolicies(
    actor: Actor,
    permission: Permission,
    ids: readonly string[],
    others: readonly Permission[],
  ): Promise<Map<string, Set<Permission>>> {
    const can = await this.can(actor, [permission, ...others], ids);
    if (ids.length === 0 || ids.some((id) => !can.get(id)?.has(permission))) throw notFound();
    return can;
  }

  hasRule(permission: Permission): boolean {
    return this.rules.has(permission);
  }
}
