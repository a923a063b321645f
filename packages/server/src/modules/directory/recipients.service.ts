import type { Recipient } from '@comity/contracts';
import type { Actor, RequestMeta } from '../access/actor.ts';
import type { DirectoryService } from '../identity/directory.service.ts';

/** Agencies on partner nodes, as their published node documents describe them (active partners). */
export type PartnerAgencies = () => Recipient[];

/**
 * Where a request to a state can be sent: the agencies of that state on this node (those the caller
 * may see) and those its partner nodes host. Transmission picks the carrier from the same facts
 * (requests/lifecycle/transmission/deliveries.ts), so every agency listed here is reachable.
 */
export class RecipientsService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly partnerAgencies: PartnerAgencies,
  ) {}

  async list(actor: Actor, meta: RequestMeta, state: string): Promise<Recipient[]> {
    // Audited as the agency list it reads; partners' documents are public by design.
    const local: Recipient[] = (await this.directory.listAgencies(actor, meta))
      .filter((a) => a.data.jurisdiction === state)
      .map(({ data: a }) => ({
        id: a.id,
        name: a.name,
        kind: a.kind,
        jurisdiction: a.jurisdiction,
        node: null,
      }));
    const known = new Set(local.map((a) => a.id));
    const remote = this.partnerAgencies().filter((a) => a.jurisdiction === state && !known.has(a.id));
    const byName = (x: Recipient, y: Recipient) => x.name.localeCompare(y.name);
    return [...local.sort(byName), ...remote.sort(byName)];
  }
}
