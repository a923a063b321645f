/**
 * A partner node's `extend` names the extended clock by its rule: the requesting node finds its own
 * copy — the one running or paused requested-side clock of that rule for that request — or says
 * why there is none, so that the move is recorded either way (EIO Art. 12(5), EAW Art. 17(4)).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerExtension } from '../../src/modules/requests/lifecycle/transmission/received-requests.ts';
import { newId } from '../../src/platform/ids.ts';
import { buildAgency } from '../support/factories.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
});
afterAll(() => t.close());

const requestId = newId();
const extend = (body: Record<string, unknown>) => ({ action: 'extend', body });

async function clock(o: {
  rule: string;
  side?: 'requesting' | 'requested';
  status?: string;
  request?: string;
}) {
  const id = newId();
  const at = new Date().toISOString();
  await t.node.database.db
    .insertInto('request_deadline')
    .values({
      id,
      request_id: o.request ?? requestId,
      rule_id: o.rule,
      instrument_id: 'eio',
      basis: 'law',
      owner_side: o.side ?? 'requested',
      owner_agency_id: (await t.node.database.db.selectFrom('agency').select('id').executeTakeFirstOrThrow())
        .id,
      event: 'received',
      action: 'decide',
      duration: 'P30D',
      day_kind: 'calendar',
      citation: 'Directive 2014/41/EU Art. 12(3)',
      verified: 1,
      note: null,
      ext_duration: 'P30D',
      ext_condition: null,
      ext_citation: 'Art. 12(5)',
      ext_verified: 1,
      ext_applied: 0,
      ext_reasons: null,
      started_at: at,
      base_due_at: at,
      due_at: at,
      paused_ms: 0,
      paused_at: null,
      pause_reason: null,
      status: (o.status ?? 'running') as 'running',
      ended_at: null,
      ended_reason: null,
      created_at: at,
    })
    .execute();
  return id;
}

describe('a partner’s extension on the requesting node', () => {
  it('names this node’s one live copy of the rule’s requested-side clock, never the partner’s id', async () => {
    await buildAgency(t.node, { jurisdiction: 'DE', kind: 'prosecution', name: 'StA' });
    const mine = await clock({ rule: 'eio-recognition-decision' });
    await clock({ rule: 'eio-recognition-decision', status: 'met' });
    await clock({ rule: 'eio-recognition-decision', side: 'requesting' });
    await clock({ rule: 'eio-recognition-decision', request: newId() });
    const theirs = newId();
    const x = await partnerExtension(
      t.node.database.db,
      requestId,
      extend({ ruleId: 'eio-recognition-decision', deadlineId: theirs, reasons: 'Court order first.' }),
    );
    expect(x).toMatchObject({ deadlineId: mine, ruleId: 'eio-recognition-decision' });
    expect(x.notExtended).toBeUndefined();
    expect(x.payload).toEqual(extend({ deadlineId: mine, reasons: 'Court order first.' }));
  });

  it('says why when the rule has no live copy here, or several, or none is named; the move still parses', async () => {
    const none = await partnerExtension(
      t.node.database.db,
      requestId,
      extend({ ruleId: 'eaw-decision', reasons: 'r' }),
    );
    expect(none.deadlineId).toBeUndefined();
    expect(none.notExtended).toMatch(/No running or paused clock of rule eaw-decision/);
    expect((none.payload as { body: { deadlineId: string } }).body.deadlineId).toMatch(/^[0-9a-f-]{36}$/);
    await clock({ rule: 'eio-execution' });
    await clock({ rule: 'eio-execution', status: 'paused' });
    const several = await partnerExtension(
      t.node.database.db,
      requestId,
      extend({ ruleId: 'eio-execution', reasons: 'r' }),
    );
    expect(several.notExtended).toMatch(/Several/);
    const unnamed = await partnerExtension(t.node.database.db, requestId, extend({ reasons: 'r' }));
    expect(unnamed.notExtended).toMatch(/named no clock rule/);
  });

  it('leaves every other communication as it is', async () => {
    const payload = { action: 'accept', body: {} };
    expect(await partnerExtension(t.node.database.db, requestId, payload)).toEqual({ payload });
  });
});
