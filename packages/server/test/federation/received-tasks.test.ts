import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDocumentFonts } from '../../src/modules/requests/document/fonts.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { pdfText } from '../support/pdf.ts';
import { buildEioRequest } from '../support/request-factories.ts';
import { engineName } from '../support/test-database.ts';
import { type FederatedTestNode, partner, startFederatedNode, waitFor } from './support.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

interface Officer {
  id: string;
  client: TestClient;
}

/**
 * A request drafted in Germany (DE node) and received by the French central authority (FR node) is
 * executed in France as a request between two agencies of one node is: the central authority splits
 * it into execution tasks for executing agencies of its node, which see and finish their own; partial
 * results go back while a task continues; completion waits for every task; the requesting node sees
 * no task; its withdrawal cancels the tasks still open.
 */
describe(`execution tasks of a request received from a partner node, on ${engineName()}`, () => {
  let de: FederatedTestNode;
  let fr: FederatedTestNode;
  let anna: Officer;
  let jonas: Officer;
  let ines: Officer;
  let louis: Officer;
  let claire: Officer;
  let outsider: Officer;
  let agencies: { sta: string; parquet: string; pj: string };
  let police: string;
  let id: string;
  const tasks: string[] = [];
  const DAY = 86_400_000;
  const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();
  const purpose = { 'x-comity-purpose': 'Assessing the request' };

  /** A request's form as `who` downloads it from `node`. */
  const form = async (node: FederatedTestNode, who: Officer, requestId: string) => {
    try {
      findDocumentFonts();
    } catch {
      execFileSync('sh', [path.join(root, 'scripts/ensure-fonts.sh')], { stdio: 'inherit' });
    }
    return node.app.inject({
      method: 'GET',
      url: `/api/requests/${requestId}/document.pdf`,
      headers: { cookie: who.client.cookie ?? '', ...purpose },
    });
  };

  const officer = async (
    node: FederatedTestNode,
    agencyId: string,
    role: 'prosecutor' | 'supervisor' | 'central-authority-caseworker' | 'investigator',
  ): Promise<Officer> => {
    const u = await buildUser(node.node, { agencyId, roles: [role], clearance: 2 });
    const client = new TestClient(node.app);
    await client.signInWithMfa(u.email);
    return { id: u.id, client };
  };

  beforeAll(async () => {
    de = await startFederatedNode('Comity DE', { jurisdiction: 'DE' });
    fr = await startFederatedNode('Comity FR', { jurisdiction: 'FR' });
    // Every agency exists before partnering: each node's document lists them.
    const sta = await buildAgency(de.node, { jurisdiction: 'DE', kind: 'prosecution', name: 'StA Köln' });
    const parquet = await buildAgency(fr.node, {
      jurisdiction: 'FR',
      kind: 'prosecution',
      name: 'Parquet de Paris',
    });
    const pj = await buildAgency(fr.node, { jurisdiction: 'FR', kind: 'police', name: 'PJ Paris' });
    const other = await buildAgency(fr.node, { jurisdiction: 'FR', kind: 'police', name: 'PJ Lyon' });
    police = (
      await buildAgency(de.node, { jurisdiction: 'DE', kind: 'police', name: 'Polizeipräsidium Köln' })
    ).id;
    agencies = { sta: sta.id, parquet: parquet.id, pj: pj.id };
    await partner(de, fr);
    await partner(fr, de);
    anna = await officer(de, sta.id, 'prosecutor');
    jonas = await officer(de, sta.id, 'supervisor');
    ines = await officer(fr, fr.agencyId, 'central-authority-caseworker');
    // A prosecutor may assess requests sent to her office (request.receive): not this one.
    louis = await officer(fr, parquet.id, 'prosecutor');
    claire = await officer(fr, pj.id, 'investigator');
    outsider = await officer(fr, other.id, 'investigator');
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
  });

  const life = async (o: Officer, requestId = id) => {
    const r = await o.client.get(`/api/requests/${requestId}/lifecycle`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const act = async (o: Officer, body: Record<string, unknown>, requestId = id) =>
    o.client.post(`/api/requests/${requestId}/transitions`, {
      expectedVersion: (await life(o, requestId)).data.version,
      ...body,
    });
  const step = async (o: Officer, body: Record<string, unknown>, requestId = id) => {
    const r = await act(o, body, requestId);
    expect(r.status, `${String(body.action)}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const stateOn = (o: Officer, state: string, requestId = id) =>
    waitFor(`state ${state}`, async () => (await life(o, requestId)).data.state === state);
  const assign = (o: Officer, body: Record<string, unknown>, requestId = id) =>
    o.client.post(`/api/requests/${requestId}/tasks`, body);
  const taskIds = async (o: Officer, path: string) => {
    const r = await o.client.get(path);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.items as { data: { id: string } }[]).map((x) => x.data.id);
  };

  /** DE drafts, approves (four eyes) and transmits an EIO to FR's central authority; FR has it. */
  const transmitted = async (title: string): Promise<string> => {
    const created = await anna.client.post(
      '/api/requests',
      buildEioRequest({
        title,
        classification: 1,
        language: 'de',
        requestedAuthority: { name: 'FR central authority', agencyId: fr.agencyId },
        measures: [
          { id: 'banking-information', details: 'Kontoinhaber und Auszüge 2026.' },
          { id: 'hearing-witness', details: 'Vernehmung der Zeugin Lefèvre.' },
        ],
        attachments: [{ name: 'EEA-fr.pdf', kind: 'translation', language: 'fr' }],
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const requestId: string = created.body.data.id;
    await step(anna, { action: 'submit' }, requestId);
    await step(jonas, { action: 'approve' }, requestId);
    await step(anna, { action: 'transmit' }, requestId);
    await waitFor(
      'received on FR',
      async () => (await ines.client.get(`/api/requests/${requestId}/lifecycle`)).status === 200,
    );
    return requestId;
  };

  it('the receiving central authority assigns execution tasks to executing agencies of its node, once the request is acknowledged', async () => {
    id = await transmitted('Nordlicht II: bank records and a witness in Paris');
    // Before the acknowledgement nothing is assigned, as for a request of this node.
    const early = await assign(ines, { title: 'Too early', ownerAgencyId: agencies.pj });
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    await step(ines, { action: 'acknowledge' });
    await step(ines, { action: 'accept' });
    await stateOn(anna, 'accepted');
    for (const [agency, title, measure] of [
      [agencies.parquet, 'Hear witness Camille Lefèvre', 'hearing-witness'],
      [agencies.pj, 'Obtain records of account FR76 0001', 'banking-information'],
    ] as const) {
      const r = await assign(ines, { title, measure, ownerAgencyId: agency, dueAt: inDays(30) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.data).toMatchObject({ requestId: id, status: 'open', ownerAgency: { id: agency } });
      tasks.push(r.body.data.id);
    }
    // The same rules as for a request of this node: an executing agency of this node and of the
    // requested state, a due date still to come.
    const requesting = await assign(ines, { title: 'To Germany?', ownerAgencyId: agencies.sta });
    expect(requesting.status).toBe(422);
    expect(requesting.body.errors[0].path).toBe('body.ownerAgencyId');
    const past = await assign(ines, { title: 'Late', ownerAgencyId: agencies.pj, dueAt: inDays(-1) });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].path).toBe('body.dueAt');
    // Only the recipient agency assigns: an executing agency's prosecutor, who may assign tasks on
    // requests sent to her office, is told nothing of this one; an investigator assigns none at all.
    expect((await assign(louis, { title: 'Mine', ownerAgencyId: agencies.parquet })).status).toBe(404);
    expect((await assign(outsider, { title: 'Mine', ownerAgencyId: agencies.pj })).status).toBe(403);
    // The executing agency's officers are told of their task.
    const told = (await louis.client.get('/api/me/notifications')).body.items as { kind: string }[];
    expect(told.map((n) => n.kind)).toContain('task');
    await step(ines, { action: 'start-execution' });
  });

  it('each executing agency sees its own tasks, on the request and on its board; the requesting node none', async () => {
    expect(await taskIds(ines, `/api/requests/${id}/tasks`)).toEqual(tasks);
    expect(await taskIds(louis, `/api/requests/${id}/tasks`)).toEqual([tasks[0]]);
    expect(await taskIds(claire, `/api/requests/${id}/tasks`)).toEqual([tasks[1]]);
    expect(await taskIds(louis, '/api/tasks')).toEqual([tasks[0]]);
    expect(await taskIds(claire, '/api/tasks')).toEqual([tasks[1]]);
    expect((await outsider.client.get(`/api/requests/${id}/tasks`)).status).toBe(404);
    expect(await taskIds(outsider, '/api/tasks')).toEqual([]);
    // The requesting node: no task there, none shown (the split is the requested state's business).
    expect((await anna.client.get(`/api/requests/${id}/tasks`)).status).toBe(404);
    expect(await de.node.database.db.selectFrom('execution_task').select('id').execute()).toEqual([]);
    // An executing agency reads the request it has a task on, as executing side, and takes none of
    // the requested side's actions; an agency without a task does not read it.
    const seen = await life(louis);
    expect(seen.data).toMatchObject({ side: 'executing', state: 'in-execution' });
    expect(seen.allowedActions).toEqual([]);
    expect((await act(louis, { action: 'complete' })).status).toBe(404);
    expect((await outsider.client.get(`/api/requests/${id}/lifecycle`)).status).toBe(404);
    expect((await outsider.client.get(`/api/requests/${id}/timeline`)).status).toBe(404);
    // Its worklist shows the request with its own open task; the central authority's, both.
    const inbox = async (o: Officer) =>
      ((await o.client.get('/api/inbox?view=needs-my-action')).body.items as { requestId: string }[]).find(
        (x) => x.requestId === id,
      );
    expect(await inbox(claire)).toMatchObject({
      side: 'executing',
      openTasks: 1,
      allowedActions: [],
      nextDue: { action: 'execute', deadlineId: tasks[1] },
    });
    expect(await inbox(outsider)).toBeUndefined();
    const all = (await ines.client.get('/api/inbox?view=waiting-on-partner')).body.items as {
      requestId: string;
    }[];
    const caEntry = [
      ...all,
      ...((await ines.client.get('/api/inbox?view=needs-my-action')).body.items ?? []),
    ].find((x: { requestId: string }) => x.requestId === id);
    expect(caEntry).toMatchObject({ side: 'requested', openTasks: 2 });
    // And in its request list, among the incoming ones.
    const listed = (await claire.client.get('/api/requests?direction=incoming')).body.items as {
      data: { id: string };
    }[];
    expect(listed.map((x) => x.data.id)).toContain(id);
  });

  it('a police authority’s request arrives with the judicial validation it went through (EIO Art. 2(c)(ii))', async () => {
    const officerOf = (role: 'investigator' | 'supervisor') => officer(de, police, role);
    const drafter = await officerOf('investigator');
    const chief = await officerOf('supervisor');
    const created = await drafter.client.post(
      '/api/requests',
      buildEioRequest({
        title: 'Kurier: Kontounterlagen',
        requestedAuthority: { name: 'FR central authority', agencyId: fr.agencyId },
        validatingAuthority: { name: 'StA Köln', agencyId: agencies.sta },
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const requestId: string = created.body.data.id;
    await step(drafter, { action: 'submit' }, requestId);
    await step(chief, { action: 'approve' }, requestId);
    await step(anna, { action: 'validate' }, requestId);
    await step(drafter, { action: 'transmit' }, requestId);
    const sent = (await life(drafter, requestId)).data.validation;
    await waitFor(
      'received on FR',
      async () => (await ines.client.get(`/api/requests/${requestId}/lifecycle`)).status === 200,
    );
    const seen = (await life(ines, requestId)).data.validation;
    expect(sent).toMatchObject({ required: true, agency: { name: 'StA Köln' } });
    expect(seen).toMatchObject({
      required: true,
      agency: { id: agencies.sta, name: 'StA Köln' },
      validatedAt: sent.validatedAt,
      validatedBy: null,
    });
    expect(seen.validatedAt).toEqual(expect.any(String));
    // Section L of the form names who validated and when, on both nodes — also where the draft
    // named no validating authority of its own.
    const at = (sent.validatedAt as string).slice(0, 16).replace('T', ' ');
    for (const [node, who] of [
      [de, drafter],
      [fr, ines],
    ] as const) {
      const pdf = await form(node, who, requestId);
      expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
      const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
      expect(text).toMatch(/Validated by|Validée par|Validiert durch|Validada por/);
      expect(text).toContain('StA Köln');
      expect(text).toContain(at);
    }
  });

  it('the receiving node reads the content and the form exactly as sent; other agencies of its node do not', async () => {
    const sent = (await anna.client.get(`/api/requests/${id}`, purpose)).body.data;
    for (const o of [ines, claire]) {
      const r = await o.client.get(`/api/requests/${id}`, purpose);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.data).toMatchObject({ id, version: sent.version, kind: 'eio', draft: sent.draft });
      expect(r.body.policies).toEqual({ read: true, update: false, document: true });
      expect((await o.client.get(`/api/requests/${id}?version=${sent.version}`, purpose)).status).toBe(200);
      expect((await o.client.get(`/api/requests/${id}?version=${sent.version + 1}`, purpose)).status).toBe(
        404,
      );
    }
    // Persons concerned: a purpose, as for a request of this node.
    expect((await ines.client.get(`/api/requests/${id}`)).body.type).toMatch(/purpose-required$/);
    expect((await outsider.client.get(`/api/requests/${id}`, purpose)).status).toBe(404);
    const reads = await fr.node.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'object_id'])
      .where('action', '=', 'request.read')
      .execute();
    expect(reads).toContainEqual({ actor_user_id: ines.id, object_id: id });
    // The form, laid out from the content sent.
    const pdf = await form(fr, ines, id);
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The version the partner sent, named by its content's SHA-256 — not a draft.
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
    expect(text).toMatch(/WIE ÜBERMITTELT|AS TRANSMITTED/);
    expect(text).not.toMatch(/ENTWURF|DRAFT/);
    const denied = await form(fr, outsider, id);
    expect(denied.statusCode).toBe(404);
  });

  it('a finished task’s results go back while the other continues; completion waits for it', async () => {
    const other = await louis.client.patch(`/api/tasks/${tasks[1]}`, { expectedVersion: 1, status: 'done' });
    expect(other.status).toBe(404);
    const noResult = await louis.client.patch(`/api/tasks/${tasks[0]}`, {
      expectedVersion: 1,
      status: 'done',
    });
    expect(noResult.status).toBe(422);
    const done = await louis.client.patch(`/api/tasks/${tasks[0]}`, {
      expectedVersion: 1,
      status: 'done',
      result: 'Witness heard; minutes with the evidence.',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.data).toMatchObject({ status: 'done', version: 2 });
    const stale = await louis.client.patch(`/api/tasks/${tasks[0]}`, { expectedVersion: 1, status: 'open' });
    expect(stale.status).toBe(409);
    expect(stale.body.current.data).toMatchObject({ id: tasks[0], version: 2 });
    // Inès, who assigned it, learns it is done.
    const mine = (await ines.client.get('/api/me/notifications')).body.items as {
      kind: string;
      requestId: string;
    }[];
    expect(mine.filter((n) => n.kind === 'task-done').map((n) => n.requestId)).toEqual([id]);
    // Only finished tasks of this request are named with results.
    const unfinished = await act(ines, { action: 'return-results', summary: 'x', taskIds: [tasks[1]] });
    expect(unfinished.status).toBe(422);
    const partial = await step(ines, {
      action: 'return-results',
      summary: 'Hearing minutes.',
      taskIds: [tasks[0]],
    });
    expect(partial.data.state).toBe('partially-executed');
    await stateOn(anna, 'partially-executed');
    const early = await act(ines, { action: 'complete' });
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.current.data.state).toBe('partially-executed');
    expect(JSON.stringify(early.body)).toContain('tasks are still open');
    expect(
      (
        await claire.client.patch(`/api/tasks/${tasks[1]}`, {
          expectedVersion: 1,
          status: 'done',
          result: 'Statements obtained.',
        })
      ).status,
    ).toBe(200);
    expect((await step(ines, { action: 'complete' })).data.state).toBe('executed');
    // Executed: a task is not reopened behind the request's back.
    expect(
      (await claire.client.patch(`/api/tasks/${tasks[1]}`, { expectedVersion: 2, status: 'open' })).status,
    ).toBe(409);
    await step(ines, { action: 'return-results', summary: 'Bank statements.' });
    await stateOn(anna, 'results-returned');
  });

  it('the receiving node’s timeline shows what happened to the tasks, each agency its own; the requesting node’s none', async () => {
    type Entry = {
      kind: string;
      action: string;
      by: { id: string } | null;
      details: Record<string, unknown>;
    };
    const entries = async (o: Officer) => {
      const r = await o.client.get(`/api/requests/${id}/timeline`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.items as Entry[]).filter((e) => e.kind === 'task');
    };
    const names = (items: Entry[]) => items.map((e) => `${e.action} ${e.details.task}`);
    const france = await entries(ines);
    expect(names(france)).toEqual([
      'task-assigned Hear witness Camille Lefèvre',
      'task-assigned Obtain records of account FR76 0001',
      'task-done Hear witness Camille Lefèvre',
      'task-done Obtain records of account FR76 0001',
    ]);
    expect(france[0]).toMatchObject({ by: { id: ines.id }, details: { ownerAgency: 'Parquet de Paris' } });
    expect(names(await entries(louis))).toEqual([
      'task-assigned Hear witness Camille Lefèvre',
      'task-done Hear witness Camille Lefèvre',
    ]);
    expect(await entries(anna)).toEqual([]);
  });

  it('a withdrawal by the requesting node cancels the open tasks on the receiving node', async () => {
    const second = await transmitted('Nordlicht III: a second witness');
    await step(ines, { action: 'acknowledge' }, second);
    await step(ines, { action: 'accept' }, second);
    const open = await assign(
      ines,
      { title: 'Hear witness B', ownerAgencyId: agencies.parquet, dueAt: inDays(3) },
      second,
    );
    const started = await assign(ines, { title: 'Records of bank C', ownerAgencyId: agencies.pj }, second);
    expect([open.status, started.status]).toEqual([201, 201]);
    expect(
      (
        await claire.client.patch(`/api/tasks/${started.body.data.id}`, {
          expectedVersion: 1,
          status: 'in-progress',
        })
      ).status,
    ).toBe(200);
    // An executing agency keeps no clock of its own: its daily digest counts its task due this week.
    await fr.node.lifecycle.digest.run(new Date().toISOString().slice(0, 10));
    const digests = (
      (await louis.client.get('/api/me/notifications')).body.items as { kind: string }[]
    ).filter((n) => n.kind === 'digest');
    expect(digests).toHaveLength(1);
    await stateOn(anna, 'accepted', second);
    await step(anna, { action: 'withdraw', reason: 'The accused confessed.' }, second);
    await stateOn(ines, 'withdrawn', second);
    const left = await fr.node.database.db
      .selectFrom('execution_task')
      .select(['status', 'version'])
      .where('request_id', '=', second)
      .execute();
    expect(left.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    // Recorded in the audit event of the partner's move, as on a request of this node.
    await fr.node.audit.flush();
    const moved = await fr.node.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('object_id', '=', second)
      .where('action', '=', 'request.transition')
      .execute();
    expect(moved.map((m) => JSON.parse(m.details)).find((d) => d.transition === 'withdraw')).toMatchObject({
      to: 'withdrawn',
      tasksCancelled: 2,
    });
    // Closed with its request: nobody's move any more, not reopened.
    expect(
      (await louis.client.patch(`/api/tasks/${open.body.data.id}`, { expectedVersion: 2, status: 'open' }))
        .status,
    ).toBe(409);
    const board = (await louis.client.get('/api/tasks')).body.items as {
      data: { id: string; status: string };
    }[];
    expect(board.find((t) => t.data.id === open.body.data.id)?.data.status).toBe('cancelled');
  });
});
