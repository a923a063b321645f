import type { EnvelopeHandler } from './envelope-handlers.ts';

/**
 * `ping`: a test envelope every node processes. It carries a small encrypted payload through the
 * whole path (outbox, delivery, inbox, ordered processing, receipts) and leaves one row per
 * processing in `federation_ping`, which is what the fault test's checker counts: exactly one row
 * per envelope, in sequence order per conversation.
 */
export const PING_TYPE = 'ping';

export const pingHandler: EnvelopeHandler = async (uow, envelope) => {
  await uow.tx
    .insertInto('federation_ping')
    .values({
      envelope_id: envelope.id,
      sender_node: envelope.sender.node,
      conversation_id: envelope.conversationId,
      sequence: envelope.sequence,
      processed_at: new Date().toISOString(),
    })
    .execute();
  return undefined;
};
