import type { FastifyInstance } from 'fastify';
import { validationFailed } from './errors.ts';

/** A UTF-16 surrogate without its other half: JSON may carry one (`"\ud800"`), Unicode text may not. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (value or key) in `value` that is not well-formed Unicode. */
export function illFormedTextPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedTextPath(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  // Parsed JSON only: a raw body (a Buffer, for the federation inbox, verified over its exact
  // bytes) is not text to walk.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (LONE_SURROGATE.test(k)) return path;
    const found = illFormedTextPath(v, `${path}.${k}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, before validation, a JSON body holding text that is not well-formed Unicode: such text
 * cannot be hashed as RFC 8785 canonical JSON (drafts' hashes, signed envelopes), stored faithfully
 * in PostgreSQL, nor shown. 422 naming the field, instead of a failure deep inside.
 */
export function refuseIllFormedText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const path = illFormedTextPath(req.body, 'body');
    if (path)
      throw validationFailed([{ path, message: 'Not well-formed Unicode text (a lone UTF-16 surrogate).' }]);
  });
}
