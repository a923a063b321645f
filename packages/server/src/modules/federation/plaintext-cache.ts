import type { JsonValue } from './protocol/canonical.ts';

/**
 * Payloads the inbox already decrypted (its trial decryption) kept for the processor, which usually
 * runs moments later: each envelope is then decrypted once, not twice. Bounded; after a restart,
 * or once evicted, the processor simply decrypts again.
 */
export class PlaintextCache {
  private readonly entries = new Map<string, JsonValue>();

  constructor(private readonly max = 5_000) {}

  set(envelopeId: string, payload: JsonValue): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(envelopeId, payload);
  }

  take(envelopeId: string): JsonValue | undefined {
    const payload = this.entries.get(envelopeId);
    this.entries.delete(envelopeId);
    return payload;
  }
}
