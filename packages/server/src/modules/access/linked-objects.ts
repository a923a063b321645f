import type { Queryable } from '../../platform/db/database.ts';
import { type FieldError, validationFailed } from '../../platform/http/errors.ts';
import type { AccessGate } from './access-gate.ts';
import type { Actor } from './actor.ts';

/** Which of the requests the actor may read, this node's and received ones (RequestsService.readableIds). */
export type RequestReaders = (actor: Actor, ids: readonly string[]) => Promise<Set<string>>;

/** What a new thread or evidence item says it is about. */
export interface Links {
  requestId?: string | null | undefined;
  caseId?: string | null | undefined;
  /** Execution tasks, of `requestId`. */
  taskIds?: readonly string[] | undefined;
}

/**
 * A thread or an evidence item is about a request, a case or tasks its author may read. A link to
 * anything else — another agency's request, a case above the author's clearance, an id that names
 * nothing — would attach the author's words to someone else's file and list them there: refused,
 * unknown and forbidden alike (the answer does not tell which), naming the field.
 */
export async function requireReadableLinks(
  d: { gate: AccessGate; requests: RequestReaders; db: Queryable },
  actor: Actor,
  links: Links,
): Promise<void> {
  const errors: FieldError[] = [];
  if (links.requestId && !(await d.requests(actor, [links.requestId])).has(links.requestId))
    errors.push({ path: 'body.requestId', message: 'No such request of yours.' });
  if (links.caseId && !(await d.gate.filter(actor, 'case.read', [links.caseId])).has(links.caseId))
    errors.push({ path: 'body.caseId', message: 'No such case file of yours.' });
  const taskIds = [...new Set(links.taskIds ?? [])];
  if (taskIds.length > 0) {
    if (!links.requestId)
      errors.push({ path: 'body.taskIds', message: 'Tasks belong to the request named.' });
    else if (!errors.some((e) => e.path === 'body.requestId')) {
      const ofRequest = new Set(
        (
          await d.db
            .selectFrom('execution_task')
            .select('id')
            .where('request_id', '=', links.requestId)
            .where('id', 'in', taskIds)
            .execute()
        ).map((t) => t.id),
      );
      const bad = (links.taskIds ?? []).findIndex((t) => !ofRequest.has(t));
      if (bad >= 0) errors.push({ path: `body.taskIds.${bad}`, message: 'Not a task of this request.' });
    }
  }
  if (errors.length > 0) throw validationFailed(errors);
}
