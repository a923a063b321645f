import type { RequestDraft } from '@comity/contracts';
import { fromBool } from '../../../platform/db/schema.ts';
import { AppError, notFound } from '../../../platform/http/errors.ts';
import type { Actor, RequestMeta } from '../../access/actor.ts';
import { worldRefusal } from '../../access/exercise-world.ts';
import { requestsRepository } from '../requests.repository.ts';
import { lifecycleRepository as repo } from './lifecycle.repository.ts';
import type { LifecycleDeps } from './lifecycle.service.ts';
import { initialLifecycle } from './lifecycle-context.ts';

/** A supplementary request: a new draft that follows a transmitted one, linked to it as its parent. */
export async function createSupplementary(
  d: Pick<LifecycleDeps, 'database' | 'gate' | 'audit' | 'requests'>,
  actor: Actor,
  meta: RequestMeta,
  parentId: string,
  title: string | undefined,
) {
  await d.gate.require(actor, 'request.read', [parentId]);
  const db = d.database.db;
  const parent = await requestsRepository.byId(db, parentId);
  const life = await repo.byId(db, parentId);
  if (!parent || parent.agency_id !== actor.agencyId) throw notFound();
  // The supplementary request copies its parent's content: it stays in its parent's world.
  const mixes = worldRefusal(actor, { exercise: fromBool(parent.exercise) });
  if (mixes) throw new AppError('forbidden', `${mixes} A supplementary request is of its parent's world.`);
  if (!life?.transmitted_at)
    throw new AppError(
      'conflict',
      'Only a transmitted request has supplementary requests; amend a request that was not sent.',
    );
  const stored = await requestsRepository.version(db, parentId, parent.current_version);
  const content = JSON.parse(stored!.content) as RequestDraft;
  // The draft and its link to the parent commit together: never a supplementary request without it.
  return d.requests.create(
    actor,
    meta,
    { ...content, title: title ?? `Supplementary to ${parent.title ?? parentId}`.slice(0, 200) },
    async (uow, child) => {
      await repo.insertIfMissing(uow.tx, { ...initialLifecycle(child), parent_request_id: parentId });
      await d.audit.append(
        uow,
        { actor, meta },
        {
          action: 'request.supplementary',
          objectType: 'request',
          objectId: child.id,
          details: { parentId },
        },
      );
    },
  );
}
