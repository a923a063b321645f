import {
  REQUEST_KINDS,
  REQUEST_STATES,
  type RequestKind,
  type RequestState,
  TRANSITION_ACTIONS,
} from '@comity/contracts';
import { describe, expect, it } from 'vitest';
import { type Permission, permissionsFor } from '../../../src/modules/access/permissions.ts';
import {
  allowedActions,
  decide,
  isOpen,
  type LifecycleActor,
  type LifecycleContext,
  OPEN_STATES,
  policiesOf,
  type Side,
  TRANSITIONS,
  TURN,
} from '../../../src/modules/requests/lifecycle/request-lifecycle.ts';

// The state machine is data: these tests walk every state × action × side × kind and check the
// table's promises — who may act, when, where it leads — and the guards (four eyes, tasks, EAW).

const ALL_PERMS = new Set<Permission>([
  'request.submit',
  'request.approve',
  'request.validate',
  'request.transmit',
  'request.receive',
  'request.execute',
]);
const SIDES: Side[] = ['requesting', 'validating', 'requested'];

const ctx = (o: Partial<LifecycleContext> = {}): LifecycleContext => ({
  state: 'draft',
  kind: 'eio',
  instrumentId: 'eio',
  resumeState: null,
  validationRequired: false,
  drafters: ['drafter'],
  submittedBy: null,
  openTasks: 0,
  consentRecorded: false,
  ...o,
});
const actor = (
  sides: Side[],
  perms: Iterable<Permission> = ALL_PERMS,
  userId = 'someone',
): LifecycleActor => ({
  userId,
  sides: new Set(sides),
  permissions: new Set(perms),
});
const instrumentFor = (k: RequestKind) => (k === 'eaw' ? 'eaw' : k === 'preservation' ? 'e-evidence' : 'eio');

describe('request lifecycle table', () => {
  it('every action and every state in the table exists in the contract, and each action has a row', () => {
    for (const r of TRANSITIONS) {
      expect(TRANSITION_ACTIONS).toContain(r.action);
      for (const s of r.from) expect(REQUEST_STATES).toContain(s);
      if (r.to !== 'previous' && r.to !== 'same') expect(REQUEST_STATES).toContain(r.to);
    }
    for (const a of TRANSITION_ACTIONS) expect(TRANSITIONS.some((r) => r.action === a)).toBe(true);
  });

  it('exhaustively: decide agrees with the table for every state × action × side × kind', () => {
    let checked = 0;
    for (const kind of REQUEST_KINDS) {
      for (const state of REQUEST_STATES) {
        for (const validationRequired of [false, true]) {
          const c = ctx({
            state,
            kind,
            instrumentId: instrumentFor(kind),
            validationRequired,
            consentRecorded: true,
            resumeState: 'under-assessment',
          });
          for (const side of SIDES) {
            for (const action of TRANSITION_ACTIONS) {
              const d = decide(c, actor([side]), action);
              const rows = TRANSITIONS.filter(
                (r) =>
                  r.action === action &&
                  r.side === side &&
                  r.from.includes(state) &&
                  (!r.kinds || r.kinds.includes(kind)) &&
                  !r.exceptKinds?.includes(kind) &&
                  (!r.instruments || r.instruments.includes(c.instrumentId ?? '')) &&
                  (r.when !== 'validation-required' || validationRequired) &&
                  (r.when !== 'validation-not-required' || !validationRequired),
              );
              expect(d.ok, `${kind} ${state} ${side} ${action}`).toBe(rows.length > 0);
              if (d.ok) {
                const r = rows[0]!;
                const to = r.to === 'same' ? state : r.to === 'previous' ? 'under-assessment' : r.to;
                expect(d.to).toBe(to);
              }
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(
      REQUEST_KINDS.length * REQUEST_STATES.length * 2 * SIDES.length * TRANSITION_ACTIONS.length,
    );
  });

  it('closed, withdrawn and cancelled are final: nobody may do anything', () => {
    for (const state of ['closed', 'withdrawn', 'cancelled'] as RequestState[]) {
      expect(isOpen(state)).toBe(false);
      expect(TURN[state]).toBeNull();
      for (const side of SIDES) expect(allowedActions(ctx({ state }), actor([side]))).toEqual([]);
    }
  });

  it('no dead ends: in every open state the side whose turn it is has an action', () => {
    for (const kind of REQUEST_KINDS) {
      for (const state of OPEN_STATES) {
        const c = ctx({
          state,
          kind,
          instrumentId: instrumentFor(kind),
          consentRecorded: true,
          validationRequired: true,
        });
        const turn = TURN[state]!;
        expect(allowedActions(c, actor([turn])).length, `${kind} ${state}`).toBeGreaterThan(0);
      }
    }
  });

  it('every state is reachable from draft for some kind, and closure is reachable from every open state', () => {
    const edges = new Map<RequestState, Set<RequestState>>();
    for (const r of TRANSITIONS)
      for (const f of r.from) {
        const to = r.to === 'same' ? f : r.to === 'previous' ? null : r.to;
        if (to) edges.set(f, new Set([...(edges.get(f) ?? []), to]));
      }
    edges.get('information-requested')!.add('under-assessment');
    edges.get('postponed')!.add('in-execution');
    const reach = (from: RequestState) => {
      const seen = new Set<RequestState>([from]);
      const stack = [from];
      while (stack.length)
        for (const n of edges.get(stack.pop()!) ?? []) {
          if (seen.has(n)) continue;
          seen.add(n);
          stack.push(n);
        }
      return seen;
    };
    expect([...reach('draft')].sort()).toEqual([...REQUEST_STATES].sort());
    for (const s of OPEN_STATES) {
      const r = reach(s);
      expect(r.has('closed') || r.has('withdrawn') || r.has('cancelled'), s).toBe(true);
    }
  });

  it('refusals: other side → not-your-side, missing permission → no-permission, wrong time → state', () => {
    const submitted = ctx({ state: 'submitted' });
    expect(decide(submitted, actor(['requested']), 'approve')).toMatchObject({
      ok: false,
      reason: 'not-your-side',
    });
    expect(decide(submitted, actor(['requesting'], ['request.submit']), 'approve')).toMatchObject({
      ok: false,
      reason: 'no-permission',
    });
    expect(decide(ctx({ state: 'draft' }), actor(['requesting']), 'approve')).toMatchObject({
      ok: false,
      reason: 'state',
    });
    expect(decide(ctx(), actor(['requesting']), 'fly')).toMatchObject({
      ok: false,
      reason: 'unknown-action',
    });
  });

  it('four eyes: whoever drafted, edited or submitted may not approve, return or validate', () => {
    const c = ctx({ state: 'submitted', drafters: ['anna', 'paul'], submittedBy: 'max' });
    for (const u of ['anna', 'paul', 'max'])
      expect(decide(c, actor(['requesting'], ALL_PERMS, u), 'approve')).toMatchObject({
        ok: false,
        reason: 'guard',
        guard: 'four-eyes',
      });
    expect(decide(c, actor(['requesting'], ALL_PERMS, 'jonas'), 'approve')).toMatchObject({
      ok: true,
      to: 'approved',
    });
    const v = ctx({ state: 'awaiting-validation', drafters: ['anna'], validationRequired: true });
    expect(decide(v, actor(['validating'], ALL_PERMS, 'anna'), 'validate').ok).toBe(false);
    expect(decide(v, actor(['validating'], ALL_PERMS, 'markus'), 'validate')).toMatchObject({
      ok: true,
      to: 'approved',
    });
  });

  it('approval leads to validation when a judicial authority must validate (EIO Art. 2(c)(ii))', () => {
    const c = ctx({ state: 'submitted', validationRequired: true });
    expect(decide(c, actor(['requesting']), 'approve')).toMatchObject({
      ok: true,
      to: 'awaiting-validation',
    });
    expect(decide(ctx({ state: 'awaiting-validation' }), actor(['requesting']), 'validate').ok).toBe(false);
  });

  it('withdraw cancels before transmission and withdraws after; close follows results or refusal', () => {
    for (const s of ['draft', 'submitted', 'awaiting-validation', 'approved'] as RequestState[])
      expect(decide(ctx({ state: s }), actor(['requesting']), 'withdraw')).toMatchObject({
        ok: true,
        to: 'cancelled',
      });
    for (const s of [
      'transmitted',
      'under-assessment',
      'accepted',
      'in-execution',
      'executed',
    ] as RequestState[])
      expect(decide(ctx({ state: s }), actor(['requesting']), 'withdraw')).toMatchObject({
        ok: true,
        to: 'withdrawn',
      });
    expect(decide(ctx({ state: 'refused' }), actor(['requesting']), 'close')).toMatchObject({
      ok: true,
      to: 'closed',
    });
    expect(decide(ctx({ state: 'results-returned' }), actor(['requesting']), 'close')).toMatchObject({
      ok: true,
      to: 'closed',
    });
  });

  it('more information and postponement return to the state they interrupted', () => {
    const c = ctx({ state: 'information-requested', resumeState: 'in-execution' });
    expect(decide(c, actor(['requesting']), 'provide-information')).toMatchObject({
      ok: true,
      to: 'in-execution',
    });
    const p = ctx({ state: 'postponed', resumeState: 'accepted' });
    expect(decide(p, actor(['requested']), 'resume')).toMatchObject({ ok: true, to: 'accepted' });
    expect(decide(ctx({ state: 'accepted' }), actor(['requested']), 'extend')).toMatchObject({
      ok: true,
      to: 'accepted',
    });
  });

  it('EAW: consent or no-consent before the decision (FD 2002/584/JHA Art. 13, 17); other kinds have neither', () => {
    const eaw = ctx({ kind: 'eaw', instrumentId: 'eaw', state: 'under-assessment' });
    expect(decide(eaw, actor(['requested']), 'accept')).toMatchObject({ ok: false, reason: 'state' });
    expect(decide(eaw, actor(['requested']), 'consent')).toMatchObject({
      ok: true,
      to: 'surrender-consented',
    });
    expect(decide(eaw, actor(['requested']), 'no-consent')).toMatchObject({
      ok: true,
      to: 'surrender-contested',
    });
    const consented = { ...eaw, state: 'surrender-consented' as const };
    expect(decide(consented, actor(['requested']), 'accept')).toMatchObject({
      ok: false,
      reason: 'guard',
      guard: 'consent-recorded',
    });
    expect(decide({ ...consented, consentRecorded: true }, actor(['requested']), 'accept')).toMatchObject({
      ok: true,
      to: 'accepted',
    });
    expect(decide(ctx({ state: 'under-assessment' }), actor(['requested']), 'consent').ok).toBe(false);
  });

  it('e-evidence: a production order follows a preservation (Reg. 2023/1543 Art. 11); not for Budapest preservation', () => {
    const pr = ctx({ kind: 'preservation', instrumentId: 'e-evidence', state: 'in-execution' });
    expect(decide(pr, actor(['requesting']), 'request-production')).toMatchObject({
      ok: true,
      to: 'in-execution',
    });
    expect(decide({ ...pr, instrumentId: 'budapest' }, actor(['requesting']), 'request-production').ok).toBe(
      false,
    );
    expect(decide(pr, actor(['requesting']), 'extend')).toMatchObject({ ok: true });
  });

  it('execution completes only when every task is done or cancelled', () => {
    const c = ctx({ state: 'partially-executed', openTasks: 1 });
    expect(decide(c, actor(['requested']), 'complete')).toMatchObject({ ok: false, guard: 'tasks-finished' });
    expect(decide({ ...c, openTasks: 0 }, actor(['requested']), 'complete')).toMatchObject({
      ok: true,
      to: 'executed',
    });
    expect(decide(ctx({ state: 'in-execution' }), actor(['requested']), 'return-results')).toMatchObject({
      ok: true,
      to: 'partially-executed',
    });
    expect(decide(ctx({ state: 'executed' }), actor(['requested']), 'return-results')).toMatchObject({
      ok: true,
      to: 'results-returned',
    });
  });

  it('roles: an investigator submits and transmits but never approves; a caseworker receives; policies list every action', () => {
    const inv = actor(['requesting'], permissionsFor(['investigator']));
    expect(decide(ctx({ state: 'submitted' }), inv, 'approve')).toMatchObject({ reason: 'no-permission' });
    expect(decide(ctx({ state: 'approved' }), inv, 'transmit').ok).toBe(true);
    const cw = actor(['requested'], permissionsFor(['central-authority-caseworker']));
    expect(allowedActions(ctx({ state: 'transmitted' }), cw)).toEqual(['acknowledge']);
    const p = policiesOf(ctx({ state: 'transmitted' }), cw);
    expect(Object.keys(p).sort()).toEqual(['read', ...TRANSITION_ACTIONS].sort());
    expect(p.acknowledge).toBe(true);
    expect(p.refuse).toBe(false);
  });
});
