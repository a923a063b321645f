import type { FastifyInstance } from 'fastify';
import { validationFailed } from './errors.ts';

/** A UTF-16 surrogate without its other half: JSON may carry one (`"\ud800"`), Unicode text may not. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (value or key) in `value` that is not well-formed Unicode. Walked
 * with a stack of its own, not by recursion: a body nested a hundred thousand levels deep is small
 * and valid JSON, and must not exhaust the call stack.
 */
export function illFormedTextPath(value: unknown, path: string): string | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return at;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`]);
      continue;
    }
    // Parsed JSON only: a raw body (a Buffer, for the federation inbox, verified over its exact
    // bytes; a stream, for uploads) is not text to walk.
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) continue;
    const entries = Object.entries(v);
    for (const [k] of entries) if (LONE_SURROGATE.test(k)) return at;
    for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${at}.${entries[i]![0]}`]);
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
    const found = illFormedTextPath(req.body, 'body');
    // A path through a deeply nested body is named by its start.
    const path = found && found.length > 200 ? `${found.slice(0, 200)}…` : found;
    if (path)
      throw validationFailed([{ path, message: 'Not well-formed Unicode text (a lone UTF-16 surrogate).' }]);
  });
}
