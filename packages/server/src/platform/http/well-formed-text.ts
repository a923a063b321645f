import type { FastifyInstance } from 'fastify';
import { AppError, validationFailed } from './errors.ts';

/** A UTF-16 surrogate without its other half: JSON may carry one (`"\ud800"`), Unicode text may not. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * C0 control characters other than tab, line feed and carriage return. PostgreSQL cannot store
 * U+0000 in text at all (the write would fail deep inside, on one engine only); the others are never
 * typed by a person and break CSV exports, PDFs and terminals that display them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * Line breaks as other programs write them: Word copies a manual line break (Shift+Enter) as a
 * vertical tab, text taken from a PDF keeps its page breaks as form feeds. Pasted into a form, they
 * are the line breaks the person sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters replaced.
const PASTED_BREAK = /[\u000B\u000C]/;

/** Fields never stored or shown as text (hashed, compared): any character a person typed is theirs. */
const SECRET_KEY = /password$/i;

/** Why `text` cannot be stored and shown as it is, or undefined when it can. */
function problemOf(text: string, secret: boolean): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'Not well-formed Unicode text (a lone UTF-16 surrogate).';
  const control = secret ? null : CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `Text may not contain the control character U+${code} (only tab and line breaks).`;
  }
  return undefined;
}

/** Only what JSON.parse makes is walked: plain objects and arrays, never a raw body or a stream. */
const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * The path of the first string (value or key) in `value` that is not text this node stores, with
 * the reason. Walked with a stack of its own, not by recursion: a body nested a hundred thousand
 * levels deep is small and valid JSON, and must not exhaust the call stack. With `normalise`,
 * pasted line breaks (vertical tab, form feed) in string values become line feeds first, in place.
 */
export function illFormedTextPath(
  value: unknown,
  path: string,
  o: { normalise?: boolean } = {},
): { path: string; message: string } | undefined {
  // Each entry: the value, its path, whether it sits under a secret's key, and where it is held.
  const stack: [
    unknown,
    string,
    boolean,
    Record<string, unknown> | unknown[] | undefined,
    string | number,
  ][] = [[value, path, false, undefined, '']];
  while (stack.length > 0) {
    const [v, at, secret, holder, key] = stack.pop()!;
    if (typeof v === 'string') {
      let text = v;
      if (o.normalise && holder && PASTED_BREAK.test(text)) {
        text = text.replaceAll('\u000B', '\n').replaceAll('\u000C', '\n');
        (holder as Record<string | number, unknown>)[key] = text;
      }
      const message = problemOf(text, secret);
      if (message) return { path: at, message };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`, secret, v, i]);
      continue;
    }
    if (!isPlainObject(v)) continue;
    const object = v as Record<string, unknown>;
    const entries = Object.entries(object);
    for (const [k] of entries) {
      const message = problemOf(k, false);
      if (message) return { path: at, message };
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i]!;
      stack.push([child, `${at}.${k}`, secret || SECRET_KEY.test(k), object, k]);
    }
  }
  return undefined;
}

/**
 * Refuses, before validation, a JSON body, query string or path parameter holding text that is not
 * well-formed Unicode or holds a control character: such text cannot be hashed as RFC 8785
 * canonical JSON (drafts' hashes, signed envelopes), stored faithfully on both engines, nor shown.
 * 422 naming the field, instead of a failure deep inside. Line breaks pasted from other programs
 * are taken as line breaks; passwords are not text and are left as typed.
 */
export function refuseIllFormedText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    // The router and the query parser make objects of their own prototype: copied to plain ones.
    const found =
      illFormedTextPath({ ...(req.params as object) }, 'params') ??
      illFormedTextPath({ ...(req.query as object) }, 'querystring') ??
      illFormedTextPath(req.body, 'body', { normalise: true });
    if (!found) return;
    // A path through a deeply nested body is named by its start.
    const path = found.path.length > 200 ? `${found.path.slice(0, 200)}…` : found.path;
    throw validationFailed([{ path, message: found.message }]);
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies are read as bytes and decoded as strict UTF-8: a byte sequence that is not UTF-8
 * (`a\xFF\xFE`) is refused, where the default parser stored U+FFFD in its place — a title or a
 * name the person never wrote. The text is then parsed by Fastify's own JSON parser (which refuses
 * `__proto__` keys).
 */
export function refuseMalformedUtf8(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(new AppError('malformed-request', 'The body is not UTF-8 text.'), undefined);
      return;
    }
    parseJson(req, text, done);
  });
}
