import { HotInsert } from '../../platform/db/hot-query.ts';
import type { EnvelopeHandler } from './envelope-handlers.ts';

/**
 * `ping`: a test envelope every node processes. It carries a small encrypted payload through the
 * whole path (outbox, delivery, inbox, ordered processing, receipts) and leaves one row per
 * processing in `federation_ping`, which is what the fault test's checker counts: exactly one row
 * per envelope, in sequence order per conversation.
 */
export const PING_TYPE = 'ping';

// Run once per ping processed (the benchmark's and the fault test's traffic): compiled once per engine.
const INSERT = new HotInsert('federation_ping', [
  'envelope_id',
  'sender_node',
  'conversation_id',
  'sequence',
  'processed_at',
]);

export const pingHandler: EnvelopeHandler = async (uow, envelope) => {
  await INSERT.run(uow.tx, [
    {
      envelope_id: envelope.id,
      sender_node: envelope.sender.node,
      conversation_id: envelope.conversationId,
      sequence: envelope.sequence,
      processed_at: new Date().toISOString(),
    },
  ]);
  return undefined;
};
