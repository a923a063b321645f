import {
  DeadlinesResponse,
  DeliveriesResponse,
  IdParams,
  LifecycleResponse,
  ProblemDetails,
  RequestResponse,
  SupplementaryBody,
  TimelineResponse,
  TransitionBody,
} from '@comity/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { toProblem } from '../../../platform/http/problem.ts';
import { actorOf } from '../../access/route-permission.ts';
import { type LifecycleService, TransitionConflict } from './lifecycle.service.ts';
import type { LifecycleReads } from './lifecycle-reads.ts';

export interface LifecycleRouteDeps {
  lifecycle: LifecycleService;
  reads: LifecycleReads;
  supplementary: (
    actor: ReturnType<typeof actorOf>,
    meta: import('../../access/actor.ts').RequestMeta,
    parentId: string,
    title: string | undefined,
  ) => Promise<unknown>;
}

const STATES = `States: draft → submitted → (awaiting-validation →) approved → transmitted → under-assessment (acknowledged, EIO Annex B) → [EAW: surrender-consented | surrender-contested] → accepted | refused | postponed | information-requested → in-execution → partially-executed → executed → results-returned → closed; withdrawn (after transmission) or cancelled (before) from any open state.`;

export async function lifecycleRoutes(fastify: FastifyInstance, d: LifecycleRouteDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['lifecycle'];

  app.post(
    '/api/requests/:id/transitions',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Move a request to its next state (the only way to change state)',
        description: `${STATES}\n\nActions and who takes them: submit, amend, provide-information (requesting side, request.submit); approve, return (supervisor or prosecutor, never whoever drafted, edited or submitted it: four eyes); validate (a prosecutor of the judicial authority named at approval, EIO Art. 2(c)(ii), Reg. (EU) 2023/1543 Art. 4); transmit, withdraw, close, request-production (requesting side, request.transmit); acknowledge, request-information, accept, refuse (grounds from the instrument’s list), postpone (reason, until-date), resume, consent / no-consent (EAW), extend (once, with reasons, where the rule allows) (requested side, request.receive); start-execution, return-results (partial while executing, final once executed), complete (requested side, request.execute). Submitting checks the validator’s blocking findings (422 naming the fields). Transmission sends exactly the approved version (SHA-256 over RFC 8785 JSON) through a carrier and may answer \`warnings\` (translations missing), or refuse with 409 where the instrument requires the translation. \`expectedVersion\` is the lifecycle \`version\`: when someone acted first, 409 with the current state in \`current\`. An action of the other side, or one your roles do not allow: 404; one the state does not allow, or a failed guard: 409. Every attempt is audited.`,
        params: IdParams,
        body: TransitionBody,
        response: {
          200: LifecycleResponse,
          409: ProblemDetails.extend({ current: LifecycleResponse }).describe(
            'Not possible now: the current state',
          ),
        },
      },
    },
    async (req, reply) => {
      try {
        return await d.lifecycle.transition(actorOf(req), req.meta, req.params.id, req.body);
      } catch (e) {
        if (!(e instanceof TransitionConflict)) throw e;
        const problem = toProblem(e, req);
        return reply
          .code(409)
          .type('application/problem+json')
          .send({ ...problem.body, current: e.current as never });
      }
    },
  );

  app.get(
    '/api/requests/:id/lifecycle',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'State, parties, clocks and the actions I may take now',
        description: `The request as my side sees it: \`side\` (requesting = outgoing view, requested = incoming view, validating, executing), \`state\`, \`turn\` (whose move), the frozen (approved) and sent versions with their hashes, the parties, validation, the next deadline, and \`policies\` / \`allowedActions\`. Send \`version\` back as \`expectedVersion\` in a transition. Opening it as the recipient agency records the \`retrieved\` receipt. ${STATES}`,
        params: IdParams,
        response: { 200: LifecycleResponse },
      },
    },
    async (req) => d.reads.read(actorOf(req), req.meta, req.params.id),
  );

  app.get(
    '/api/requests/:id/deliveries',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Transmissions and formal communications with their receipts',
        description:
          'Every message between the two sides (the transmission of the frozen version, then acknowledgement, requests for information, decisions, results…), the carrier that took it (local: an agency on this node; remote: a partner node) and its e-CODEX receipts: submitted, delivered, retrieved.',
        params: IdParams,
        response: { 200: DeliveriesResponse },
      },
    },
    async (req) => ({ items: (await d.reads.deliveries(actorOf(req), req.meta, req.params.id)) as never }),
  );

  app.get(
    '/api/requests/:id/deadlines',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Clocks the law runs on this request, each with its citation',
        description:
          'Started by trigger events (receipt, decision, consent, arrest…) from the instrument’s deadline rules in the legal registry, each with its citation and verified mark, due time, extension (applied or available), pauses (more information awaited, postponement: the paused time is added on resume) and status (running, paused, met, stopped). Also the requesting side’s own date (urgency.deadline). `untracked` lists the instrument’s rules that have no clock here, and why. Working days skip weekends; public holidays are not modelled.',
        params: IdParams,
        response: { 200: DeadlinesResponse },
      },
    },
    async (req) => d.reads.deadlines(actorOf(req), req.meta, req.params.id),
  );

  app.get(
    '/api/requests/:id/timeline',
    {
      config: { permission: 'request.read' },
      schema: {
        tags,
        summary: 'Every transition (who, which agency, what) and every receipt, in time order',
        params: IdParams,
        response: { 200: TimelineResponse },
      },
    },
    async (req) => ({ items: await d.reads.timeline(actorOf(req), req.meta, req.params.id) }),
  );

  app.post(
    '/api/requests/:id/supplementary',
    {
      config: { permission: 'request.draft' },
      schema: {
        tags,
        summary: 'Start a supplementary request following a transmitted one',
        description:
          'A new draft (version 1) copying the content of the transmitted request, linked to it as `parentId` in its lifecycle. A request that was not transmitted yet is amended instead (transition `amend`).',
        params: IdParams,
        body: SupplementaryBody,
        response: { 201: RequestResponse },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send((await d.supplementary(actorOf(req), req.meta, req.params.id, req.body.title)) as never),
  );
}
