import type { JsonValue } from './protocol/canonical.ts';
import type { Envelope } from './protocol/envelope.ts';

/** What the inbox learnt about an envelope it stored: the verified envelope and its payload in clear. */
export interface Opened {
  envelope: Envelope;
  payload: JsonValue;
}

/**
 * Envelopes the inbox just verified, parsed and (trial-)decrypted, kept for the processor, which
 * usually runs moments later: each envelope is then parsed and decrypted once, not twice. Bounded;
 * after a restart, or once evicted, the processor simply parses and decrypts the stored text again.
 */
export class PlaintextCache {
  private readonly entries = new Map<string, Opened>();

  constructor(private readonly max = 5_000) {}

  set(envelopeId: string, opened: Opened): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(envelopeId, opened);
  }

  take(envelopeId: string): Opened | undefined {
    const opened = this.entries.get(envelopeId);
    this.entries.delete(envelopeId);
    return opened;
  }
}
