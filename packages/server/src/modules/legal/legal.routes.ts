import {
  AdviceRequest,
  AdviceResponse,
  CatalogueResponse,
  Instrument,
  InstrumentDetailResponse,
  InstrumentIdParams,
  InstrumentListResponse,
  InstrumentVersionsResponse,
  LanguageQuery,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { validationFailed } from '../../platform/http/errors.ts';
import { actorOf } from '../access/route-permission.ts';
import { type MessageLanguage, pickLanguage } from './findings-i18n.ts';
import type { LegalService } from './legal.service.ts';

/** As for findings: `?lang=`, else the Accept-Language header, else English. */
const languageOf = (lang: MessageLanguage | undefined, acceptLanguage: string | undefined): MessageLanguage =>
  lang ?? pickLanguage(acceptLanguage);

/** `If-Match: "3"` (or W/"3", or 3) → 3. */
function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw validationFailed([{ path: 'headers.if-match', message: 'Expected the version, e.g. "3".' }]);
  return Number(m[1]);
}

export async function legalRoutes(fastify: FastifyInstance, legal: LegalService): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['legal'];

  app.get(
    '/api/instruments',
    {
      config: { permission: 'legal.read' },
      schema: {
        tags,
        summary: 'Legal instruments in the registry',
        description:
          'Every instrument the advisor and validator know (EIO, EPOC/EPOC-PR, CoE 1959, EU 2000, Budapest and its Second Protocol, UNTOC, UNCAC, EAW, CoE 1957 extradition, US–UK MLAT, US–EU agreement), at its current registry version, with how many of its facts are verified against a source.',
        response: { 200: InstrumentListResponse },
      },
    },
    async () => ({ items: await legal.listInstruments() }),
  );

  app.get(
    '/api/instruments/:id',
    {
      config: { permission: 'legal.read' },
      schema: {
        tags,
        summary: 'One instrument, with every rule’s citation and verified mark',
        description:
          'The whole instrument as data (parties with periods and declarations, exceptions, measures, required contents, deadline rules, refusal grounds, channel rules) and, flattened in `rules`, every sourced fact with its citation and whether it was checked against the source text. `?version=` reads an earlier version. With `?lang=` (en, fr, de, es), `prose` gives the labels of required contents, refusal grounds, channel rules, exceptions and scope in that language, or the English original marked `lang: "en"` where no translation exists; `instrument` itself stays the English data an edit sends back. The `ETag` is the version, for `If-Match` on PUT.',
        params: InstrumentIdParams,
        querystring: z
          .object({
            version: z.coerce.number().int().min(1).optional(),
            lang: LanguageQuery.shape.lang,
          })
          .strict(),
        response: { 200: InstrumentDetailResponse },
      },
    },
    async (req, reply) => {
      const out = await legal.getInstrument(actorOf(req), req.params.id, req.query.version, req.query.lang);
      reply.header('etag', `"${out.data.version}"`);
      if (req.query.lang) reply.header('content-language', req.query.lang);
      return out;
    },
  );

  app.get(
    '/api/instruments/:id/versions',
    {
      config: { permission: 'legal.read' },
      schema: {
        tags,
        summary: 'Versions of an instrument, newest first',
        description: 'Shipped data (`seed`) and administrators’ edits (`admin`); older versions are kept.',
        params: InstrumentIdParams,
        response: { 200: InstrumentVersionsResponse },
      },
    },
    async (req) => ({ items: await legal.versions(req.params.id) }),
  );

  app.put(
    '/api/instruments/:id',
    {
      config: { permission: 'legal.manage' },
      schema: {
        tags,
        summary: 'Edit an instrument (administrators): a new version',
        description:
          'Send the whole instrument as GET returns it in `data.instrument`. It is checked against the schema and against the rest of the registry (known states, measures, replaced instruments…) and stored as the next version; the advisor and validator use it at once. Identical content makes no new version. Send `If-Match` with the version you edited to refuse a stale edit (409). Audited.',
        params: InstrumentIdParams,
        headers: z.looseObject({ 'if-match': z.string().max(40).optional() }),
        body: Instrument,
        response: { 200: InstrumentDetailResponse },
      },
    },
    async (req, reply) => {
      const out = await legal.updateInstrument(
        actorOf(req),
        req.meta,
        req.params.id,
        req.body,
        expectedVersion(req.headers['if-match']),
      );
      reply.header('etag', `"${out.data.version}"`);
      return out;
    },
  );

  app.post(
    '/api/legal/advice',
    {
      config: { permission: 'legal.read' },
      schema: {
        tags,
        summary: 'Legal-basis advice for a request between two states',
        description:
          'Ranks the instruments that can carry a request from the requesting to the requested state for the measures asked (EU instruments first where they bind both states, saying which conventions they replace), and for each says why it applies or not, the channel, the languages the requested state accepts, the deadlines that will run (ISO 8601 durations, with article), the dual-criminality position and known refusal risks. Unknown states, measures or offence categories: 422 naming the field. Contradictions (same state twice; surrender under an evidence instrument) are advisories or `applies: false` with the reason. `at` defaults to the node’s date. Sentences are in `lang` (en, fr, de, es), else the Accept-Language, else English (`language` says which); codes (`notAppliesCode`, advisory `code`, `reasonDetails[].key`) are the same in every language. Registry prose without a translation stays English and is marked `lang: "en"`.',
        querystring: LanguageQuery,
        body: AdviceRequest,
        response: { 200: AdviceResponse },
      },
    },
    async (req, reply) => {
      const language = languageOf(req.query.lang, req.headers['accept-language']);
      reply.header('content-language', language);
      const vary = reply.getHeader('vary');
      reply.header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
      return legal.advise(req.body, language);
    },
  );

  app.get(
    '/api/legal/catalogue',
    {
      config: { permission: 'legal.read' },
      schema: {
        tags,
        summary: 'States, measures, offence categories, request kinds and person roles',
        description: 'The code lists a drafting form offers; ids are stable slugs.',
        response: { 200: CatalogueResponse },
      },
    },
    async () => legal.catalogue(),
  );
}
