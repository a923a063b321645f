import type { Readable } from 'node:stream';
import { z } from 'zod';

/**
 * Response schemas for answers that are not JSON objects, so that every route still documents
 * what it returns. Fastify does not run its serializer over strings, buffers or streams: these only
 * describe the body in the OpenAPI document.
 */

/**
 * A file or other bytes (PDF, ZIP, an evidence file), streamed or sent as a buffer: documented as a
 * binary string, typed as what a handler hands to Fastify.
 */
export const bytesBody = (description: string) =>
  z
    .custom<Buffer | Readable | Uint8Array>(() => true)
    .meta({ type: 'string', format: 'binary', description });

/** A text body in the given media type (an event stream, CSV). */
export const textBody = (description: string) => z.string().describe(description);

/** An answer without a body. */
export const noContent = (description: string) => z.null().describe(description);
