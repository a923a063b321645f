import type { Queryable } from '../../../../platform/db/database.ts';
import type { UnitOfWork } from '../../../../platform/db/unit-of-work.ts';
import { lifecycleRepository as repo } from '../lifecycle.repository.ts';
import type { Carrier, CarrierMessage, CarrierResult } from './carrier.ts';

/**
 * Delivery to an agency hosted on this node. A transmission creates the recipient's incoming view:
 * a record that this agency received exactly this version with this hash; the gate then lets its
 * officers read that version (and only that one). Delivery is immediate, in the same transaction.
 */
export class LocalCarrier implements Carrier {
  readonly kind = 'local' as const;

  constructor(private readonly hosts: (db: Queryable, agencyId: string) => Promise<boolean>) {}

  reaches(db: Queryable, agencyId: string): Promise<boolean> {
    return this.hosts(db, agencyId);
  }

  async transmit(uow: UnitOfWork, m: CarrierMessage): Promise<CarrierResult> {
    if (m.type === 'request.transmission') {
      if (m.version === null || m.contentHash === null) throw new Error('A transmission carries its version');
      await repo.insertIncoming(uow.tx, {
        request_id: m.requestId,
        agency_id: m.recipientAgencyId,
        version: m.version,
        content_hash: m.contentHash,
        delivered_at: m.at,
        retrieved_at: null,
        retrieved_by: null,
      });
    }
    return { carrier: 'local', envelopeId: null, deliveredAt: m.at };
  }
}
