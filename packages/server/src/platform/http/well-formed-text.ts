import type { FastifyInstance } from 'fastify';
import { validationFailed } from './errors.ts';

/** A UTF-16 surrogate without its other half: JSON may carry one (`"\ud800"`), Unicode text may not. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * C0 control characters other than tab, line feed and carriage return. PostgreSQL cannot store
 * U+0000 in text at all (the write would fail deep inside, on one engine only); the others are never
 * typed by a person and break CSV exports, PDFs and terminals that display them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Why `text` cannot be stored and shown as it is, or undefined when it can. */
function problemOf(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'Not well-formed Unicode text (a lone UTF-16 surrogate).';
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `Text may not contain the control character U+${code} (only tab and line breaks).`;
  }
  return undefined;
}

/**
 * The path of the first string (value or key) in `value` that is not text this node stores, with
 * the reason. Walked with a stack of its own, not by recursion: a body nested a hundred thousand
 * levels deep is small and valid JSON, and must not exhaust the call stack.
 */
export function illFormedTextPath(
  value: unknown,
  path: string,
): { path: string; message: string } | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      const message = problemOf(v);
      if (message) return { path: at, message };
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
    for (const [k] of entries) {
      const message = problemOf(k);
      if (message) return { path: at, message };
    }
    for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${at}.${entries[i]![0]}`]);
  }
  return undefined;
}

/**
 * Refuses, before validation, a JSON body, query string or path parameter holding text that is not
 * well-formed Unicode or holds a control character: such text cannot be hashed as RFC 8785
 * canonical JSON (drafts' hashes, signed envelopes), stored faithfully on both engines, nor shown.
 * 422 naming the field, instead of a failure deep inside.
 */
export function refuseIllFormedText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    // The router and the query parser make objects of their own prototype: copied to plain ones.
    const found =
      illFormedTextPath({ ...(req.params as object) }, 'params') ??
      illFormedTextPath({ ...(req.query as object) }, 'querystring') ??
      illFormedTextPath(req.body, 'body');
    if (!found) return;
    // A path through a deeply nested body is named by its start.
    const path = found.path.length > 200 ? `${found.path.slice(0, 200)}…` : found.path;
    throw validationFailed([{ path, message: found.message }]);
  });
}
