import type { Refusal } from './request-lifecycle.ts';

/**
 * A transition not taken, thrown inside the transaction so it rolls back and turned into the
 * answer outside (404, or 409 with the current state) — for this node's requests and for those
 * received from a partner node alike, so both are refused and audited the same way.
 */
export class Outcome extends Error {
  constructor(
    readonly result: { kind: 'stale'; version: number } | ({ kind: 'refused'; state: string } & Refusal),
  ) {
    super('transition not taken');
  }
}
