import {
  CreateRequest,
  DocumentQuery,
  FindingsResponse,
  IdParams,
  LanguageQuery,
  ProblemDetails,
  RequestGetQuery,
  RequestListQuery,
  RequestListResponse,
  RequestResponse,
  RequestVersionsResponse,
  UpdateRequest,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toProblem } from '../../platform/http/problem.ts';
import { bytesBody } from '../../platform/http/response-docs.ts';
import { actorOf } from '../access/route-permission.ts';
import { pickLanguage } from '../legal/findings-i18n.ts';
import { type RequestsService, StaleVersionError } from './requests.service.ts';

const PurposeHeader = z.looseObject({
  'x-comity-purpose': z
    .string()
    .max(500)
    .optional()
    .describe('Why the data is read (LED Art. 25); required when the request names persons'),
});

const personalData =
  'A request naming persons concerned is personal data: send `x-comity-purpose` saying why you read it (LED Art. 25), else 422 `purpose-required`. The read is audited with that purpose before it is answered.';

export async function requestsRoutes(fastify: FastifyInstance, requests: RequestsService): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['requests'];

  app.post(
    '/api/requests',
    {
      config: { permission: 'request.draft' },
      schema: {
        tags,
        summary: 'Start a request draft',
        description:
          'Creates a draft (version 1) in my agency. Only `kind` is required: a draft is work in progress and `GET /api/requests/{id}/findings` says what the chosen instrument still needs. Unknown states or offence categories: 422 naming the field. The requesting state defaults to my jurisdiction. Audited.',
        body: CreateRequest,
        response: { 201: RequestResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await requests.create(actorOf(req), req.meta, req.body)),
  );

  app.get(
    '/api/requests',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Requests I may read: outgoing (drafted by my agency) and incoming',
        description:
          'The requests the access gate lets me read, newest first: `outgoing` ones my agency drafted, `incoming` ones it is another party to (received by it, awaiting or past its validation, with execution tasks for it), or both (`direction`, default `all`); `mine=true`: only those I created. Summaries without persons concerned, with the actions I may take. Requests I may not read are simply absent.',
        querystring: RequestListQuery,
        response: { 200: RequestListResponse },
      },
    },
    async (req) => ({
      items: await requests.list(actorOf(req), req.meta, {
        mine: req.query.mine === 'true',
        direction: req.query.direction,
        limit: req.query.limit,
      }),
    }),
  );

  app.get(
    '/api/requests/:id',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'One request draft',
        description: `The whole draft with its current version (send it back as \`expectedVersion\`) and a summary of the findings. \`?version=\` reads an earlier version. Another party reads only the version it was sent or approved — a request received from a partner node, exactly the version the partner sent. ${personalData} Unknown ids and requests the reader is no party to both answer 404.`,
        params: IdParams,
        querystring: RequestGetQuery,
        headers: PurposeHeader,
        response: { 200: RequestResponse },
      },
    },
    async (req) => requests.get(actorOf(req), req.meta, req.params.id, req.query.version),
  );

  app.patch(
    '/api/requests/:id',
    {
      config: { permission: 'request.update' },
      schema: {
        tags,
        summary: 'Save changes to a draft (a new version)',
        description: `The fields given replace the stored ones (arrays as a whole); \`null\` clears a field; fields left out are kept. \`expectedVersion\` is the version the edit started from: if someone saved since, 409 with the current state in \`current\` (nothing is saved). Only a draft is edited: a request one may read that has left the draft stage answers 409 without \`current\` (amend it before transmission, a supplementary request after), one may not read 404. Every save is a new version and is audited in the same transaction. Both answers carry the whole draft, so the rule of GET applies: ${personalData} (On a save, the 422 comes before anything is saved: send it again with the purpose.)`,
        params: IdParams,
        body: UpdateRequest,
        headers: PurposeHeader,
        response: {
          200: RequestResponse,
          409: ProblemDetails.extend({ current: RequestResponse.optional() }).describe(
            'Stale version (with the current state in `current`), or the request is no longer a draft',
          ),
        },
      },
    },
    async (req, reply) => {
      try {
        return await requests.update(actorOf(req), req.meta, req.params.id, req.body);
      } catch (e) {
        if (!(e instanceof StaleVersionError)) throw e;
        const problem = toProblem(e, req);
        return reply
          .code(409)
          .type('application/problem+json')
          .send({ ...problem.body, current: e.current });
      }
    },
  );

  app.get(
    '/api/requests/:id/versions',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Saved versions of a draft, newest first',
        params: IdParams,
        response: { 200: RequestVersionsResponse },
      },
    },
    async (req) => ({ items: await requests.versions(actorOf(req), req.meta, req.params.id) }),
  );

  app.get(
    '/api/requests/:id/findings',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Completeness and legality findings on the current version',
        description:
          'The validator’s findings for the chosen instrument, field by field: missing mandatory contents, measures not covered, language not accepted, dual-criminality risk, urgency without reasons, person data missing… each with severity (`blocking` / `warning`), field path, message (in `lang`, else the Accept-Language, else English) and citation with its verified mark. `submittable` is false while any finding blocks: such a draft cannot be submitted for approval. Other parties than the drafting agency (validator, recipient, executing agencies) get the findings on the version they were sent or approved, and 404 before that.',
        params: IdParams,
        querystring: LanguageQuery,
        response: { 200: FindingsResponse },
      },
    },
    async (req) =>
      requests.findings(
        actorOf(req),
        req.meta,
        req.params.id,
        req.query.lang ?? pickLanguage(req.headers['accept-language']),
      ),
  );

  app.get(
    '/api/requests/:id/document.pdf',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'The draft as a PDF laid out like its instrument’s form',
        description: `EIOs follow Annex A (sections A–L); other requests a structured letter of request. Field labels appear side by side in the drafting language and the requested state's language (\`lang\` chooses the second); free text is marked "translation required" until a translation is attached; section headers cite the rules they rest on and mark unverified ones. Ends with the findings at generation time. The drafting agency gets the current version; other parties (validator, recipient, executing agencies) the version they were sent or approved, and 404 before that. ${personalData} 503 \`not-ready\` when the node lacks its PDF fonts (scripts/ensure-fonts.sh).`,
        params: IdParams,
        querystring: DocumentQuery,
        headers: PurposeHeader,
        produces: ['application/pdf'],
        response: { 200: bytesBody('The request as a PDF (A4)') },
      },
    },
    async (req, reply) => {
      const out = await requests.document(actorOf(req), req.meta, req.params.id, req.query.lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="request-${req.params.id}-v${out.version}.pdf"`)
        .header('cache-control', 'no-store')
        .send(out.pdf);
    },
  );
}
