import { z } from 'zod';
import { problemCodes } from './errors.ts';

/** UUIDv7 ids everywhere (sortable, unique across nodes). */
export const Id = z.uuid().describe('UUIDv7 identifier');
export const IdParams = z.object({ id: Id }).strict();

/** ISO 3166-1 alpha-2; the UK is GB. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code in capitals, e.g. FR')
  .describe('ISO 3166-1 alpha-2 code');
export const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'ISO 639-1 code in lower case, e.g. fr');
export const Timestamp = z.iso.datetime({ offset: false }).describe('UTC timestamp, ISO 8601');

export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(problemCodes) as [keyof typeof problemCodes, ...(keyof typeof problemCodes)[]]),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export const PageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** Allowed actions travel with every object so clients hide what the server would refuse. */
export const Policies = z
  .record(z.string(), z.boolean())
  .describe('Actions the caller may take on this object');

export const withPolicies = <T extends z.ZodType>(data: T) => z.object({ data, policies: Policies });

export const Ok = z.object({ ok: z.literal(true) });
