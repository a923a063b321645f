/**
 * Everything the CLI takes from the server package, in one place. Imported from the server's
 * sources by path rather than from its index: the index also loads the HTTP app (Fastify, every
 * route), which the CLI never uses and which costs about a second at each start.
 */

export type { Actor, RequestMeta } from '../../server/src/modules/access/actor.ts';
export { systemMeta } from '../../server/src/modules/access/actor.ts';
export { permissionsFor } from '../../server/src/modules/access/permissions.ts';
export type { AuditLog } from '../../server/src/modules/audit/audit.service.ts';
export { verifyCheckpointSignature } from '../../server/src/modules/audit/audit-checkpoint.ts';
export { verifyAuditLog } from '../../server/src/modules/audit/audit-verifier.ts';
export { parseHash, verifyConsistency } from '../../server/src/modules/audit/merkle.ts';
export { listDemoAccounts, seedDemoWorld } from '../../server/src/modules/demo/demo.service.ts';
export { NodeKeysAdmin } from '../../server/src/modules/federation/node-keys.service.ts';
export { BootstrapService } from '../../server/src/modules/identity/bootstrap.service.ts';
export { DirectoryService } from '../../server/src/modules/identity/directory.service.ts';
export { identityRepository } from '../../server/src/modules/identity/identity.repository.ts';
export { passwordProblems } from '../../server/src/modules/identity/passwords.ts';
export { TokensService } from '../../server/src/modules/identity/tokens.service.ts';
export { UsersService } from '../../server/src/modules/identity/users.service.ts';
export { type ComityNode, openNode, VERSION } from '../../server/src/node.ts';
export type { Config } from '../../server/src/platform/config.ts';
export { ConfigError, loadConfig } from '../../server/src/platform/config.ts';
export { keyFingerprint } from '../../server/src/platform/crypto/node-keys.ts';
export { openDatabase } from '../../server/src/platform/db/database.ts';
export { migrateToLatest, pendingMigrations } from '../../server/src/platform/db/migrator.ts';
export { AppError } from '../../server/src/platform/http/errors.ts';
export { createLogger } from '../../server/src/platform/log.ts';
