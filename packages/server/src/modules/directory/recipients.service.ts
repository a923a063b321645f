import type { Recipient } from '@comity/contracts';
import type { Database } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import { worldRefusal } from '../access/exercise-world.ts';
import type { DirectoryService } from '../identity/directory.service.ts';
import { identityRepository } from '../identity/identity.repository.ts';

/** Agencies on partner nodes, as their published node documents describe them (active partners). */
export type PartnerAgencies = () => Recipient[];

/**
 * Where a request to a state can be sent: the agencies of that state on this node (those the caller
 * may see, of the caller's world: see exercise-world.ts) and those its partner nodes host. Transmission picks the carrier from the same facts
 * (requests/lifecycle/transmission/deliveries.ts): an id this node hosts always goes to the local
 * carrier, so a partner document naming it is ignored; an id two partners both claim cannot be
 * told apart, so it is not offered at all rather than sent to whichever comes first.
 */
export class RecipientsService {
  constructor(
    private readonly database: Database,
    private readonly directory: DirectoryService,
    private readonly partnerAgencies: PartnerAgencies,
  ) {}

  /** `state` undefined: every state (a message thread may include agencies of any). */
  async list(actor: Actor, meta: RequestMeta, state?: string): Promise<Recipient[]> {
    // Audited as the agency list it reads; partners' documents are public by design.
    const local: Recipient[] = (await this.directory.listAgencies(actor, meta))
      // Only agencies the request may go to: of the caller's world, exercise or operational.
      .filter((a) => (state === undefined || a.data.jurisdiction === state) && !worldRefusal(actor, a.data))
      .map(({ data: a }) => ({
        id: a.id,
        name: a.name,
        kind: a.kind,
        jurisdiction: a.jurisdiction,
        node: null,
      }));
    const hosted = new Set((await identityRepository.listAgencies(this.database.db)).map((a) => a.id));
    const claims = new Map<string, number>();
    const partners = this.partnerAgencies().filter((a) => !hosted.has(a.id));
    for (const a of partners) claims.set(a.id, (claims.get(a.id) ?? 0) + 1);
    const remote = partners.filter(
      (a) => (state === undefined || a.jurisdiction === state) && claims.get(a.id) === 1,
    );
    const byName = (x: Recipient, y: Recipient) => x.name.localeCompare(y.name);
    return [...local.sort(byName), ...remote.sort(byName)];
  }
}
