import type { AgencyKind } from '@comity/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { deleteSetting, getSetting, setSetting } from '../../platform/node-settings.ts';
import { systemMeta } from '../access/actor.ts';
import type { DirectoryService } from './directory.service.ts';
import { identityRepository as repo } from './identity.repository.ts';
import { passwordProblems } from './passwords.ts';
import { randomToken, safeEqual, sha256Hex } from './secrets.ts';
import type { UsersService } from './users.service.ts';

const CODE_KEY = 'bootstrap.code-hash';

export interface FirstAdmin {
  email: string;
  displayName: string;
  password: string;
  agency: { name: string; kind: AgencyKind; jurisdiction: string; jurisdictionName: string };
}

/**
 * A new node has no account. The first administrator is made either with `comity admin create`
 * on the machine, or through the web with a one-time code printed in the server's console.
 */
export class BootstrapService {
  constructor(
    private readonly database: Database,
    private readonly directory: DirectoryService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async needed(): Promise<boolean> {
    return (await repo.countUsers(this.database.db)) === 0;
  }

  /** Makes a fresh one-time code when the node has no user yet; returns it for the console. */
  async issueCode(): Promise<string | null> {
    if (!(await this.needed())) {
      await deleteSetting(this.database.db, CODE_KEY);
      return null;
    }
    const code = randomToken(15);
    await setSetting(this.database.db, CODE_KEY, sha256Hex(code), this.clock.now().toISOString());
    return code;
  }

  async createFirstAdmin(input: FirstAdmin, code: string | null, meta = systemMeta) {
    if (!(await this.needed()))
      throw new AppError('conflict', 'This node already has accounts; sign in instead.');
    if (code !== null) {
      const stored = await getSetting(this.database.db, CODE_KEY);
      if (!stored || !safeEqual(stored, sha256Hex(code)))
        throw new AppError('forbidden', 'The setup code is wrong or was already used.');
    }
    // Refuse a weak password before anything is written: the jurisdiction, agency and account are
    // created by three services, each in its own transaction.
    const problems = passwordProblems(input.password, { email: input.email, displayName: input.displayName });
    if (problems.length) {
      throw new AppError(
        'weak-password',
        problems.join(' '),
        problems.map((message) => ({ path: 'body.password', message })),
      );
    }
    // The node's own directory grows from here; this first write has no actor yet.
    const system = null;
    if (!(await repo.jurisdiction(this.database.db, input.agency.jurisdiction))) {
      await this.directory.createJurisdictionAs(system, meta, {
        code: input.agency.jurisdiction,
        name: input.agency.jurisdictionName,
      });
    }
    const agency = await this.directory.createAgencyAs(system, meta, input.agency);
    const user = await this.users.create(null, meta, {
      email: input.email,
      displayName: input.displayName,
      agencyId: agency.id,
      roles: ['administrator'],
      clearance: 0,
      languages: [],
      password: input.password,
    });
    await deleteSetting(this.database.db, CODE_KEY);
    return user;
  }
}
