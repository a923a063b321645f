import { type ProblemCode, type ProblemDetails, problemCodes, problemTypeUri } from '@comity/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from './errors.ts';

/** Fastify's own client-error codes mapped to ours, so every 4xx names what is wrong. */
const fastifyCodes: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported-media-type',
  FST_ERR_VALIDATION: 'validation-failed',
  FST_ERR_NOT_FOUND: 'not-found',
};

export interface Problem {
  code: ProblemCode;
  body: ProblemDetails;
  headers?: Record<string, string>;
}

export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const make = (code: ProblemCode, detail?: string, errors?: FieldError[]): ProblemDetails => ({
    type: problemTypeUri(code),
    title: problemCodes[code].title,
    status: problemCodes[code].status,
    code,
    ...(detail ? { detail } : {}),
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(errors?.length ? { errors } : {}),
  });

  if (error instanceof AppError) {
    return { code: error.code, body: make(error.code, error.detail, error.errors), headers: error.headers };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    const errors = error.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return {
      code: 'validation-failed',
      body: make('validation-failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors),
    };
  }
  if (isResponseSerializationError(error)) {
    return { code: 'internal', body: make('internal') };
  }
  const fe = error as Partial<FastifyError> & { statusCode?: number };
  if (fe.statusCode === 429) {
    return {
      code: 'rate-limited',
      body: make('rate-limited', 'Too many attempts; wait before trying again.'),
    };
  }
  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped === 'unsupported-media-type')
    return {
      code: mapped,
      body: make(mapped, `${fe.message}. Send the body as JSON (Content-Type: application/json).`),
    };
  if (mapped) return { code: mapped, body: make(mapped, fe.message) };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { code: 'malformed-request', body: make('malformed-request', fe.message) };
  }
  return { code: 'internal', body: make('internal') };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.headers) reply.headers(problem.headers);
  return reply.code(problem.body.status).type('application/problem+json').send(problem.body);
}
