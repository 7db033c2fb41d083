/**
 * 委派 as the engine decides it, pure (src/engine/delegate.ts, src/engine/delegation.ts): no
 * database, no clock. A countersign variant whose signing and sign-off steps are delegable shows
 * the two cases the letter does not: a named leader's own step (a person relation the delegate
 * satisfies while the delegation stands), and a delegation that ends because its party is no
 * longer awaited though the state stays.
 */
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { documentCountersign } from '../../machines/documentCountersign/documentCountersign.definition';
import { CalendarProvider } from '../../src/calendar/provider';
import { computeDelegate, computeUndelegate, type DelegateLookup } from '../../src/engine/delegate';
import { actingAs, standingDelegation } from '../../src/engine/delegation';
import type { WorkflowRecord } from '../../src/engine/ports';
import { computeEvent, computeStart, type StepContext } from '../../src/engine/step';
import { WorkflowError } from '../../src/kernel/errors';
import { machinePeople } from '../helpers/cast';

const { development: lead, finance, justice, housing } = machinePeople;
const signOffLeader: Actor = { id: 'evm-sun', name: '孙常务副市长', roles: ['EXECUTIVE_VICE_MAYOR'], unit: '市政府' };
// a colleague of the leader's unit, whose own roles could never sign off
const secretary: Actor = { id: 'evm-secretary', name: '常务副市长秘书', roles: ['OFFICE'], unit: '市政府' };
const financeColleague: Actor = { id: 'czj-zhou', name: 'czj-zhou', roles: ['DEPARTMENT'], unit: '市财政局' };

const def: WorkflowDefinition = {
  ...documentCountersign,
  states: {
    ...documentCountersign.states,
    countersigning: { ...documentCountersign.states.countersigning, delegable: true },
    awaitingSignOff: { ...documentCountersign.states.awaitingSignOff, delegable: true },
  },
};

const calendar = new CalendarProvider();
const at = (iso: string): StepContext => ({ now: new Date(iso), calendar });
const found = (who: Actor): DelegateLookup => ({ inUse: true, person: { name: who.name, active: true, unit: who.unit } });

const input = {
  title: '关于加快推进老旧小区改造的实施意见',
  kind: '文件',
  leadUnit: '市发改局',
  signers: ['市财政局', '市司法局', '市住建局'],
  contentRef: 'docs/2026/oldtown-v1.docx',
  contentHash: 'a'.repeat(64),
  signOffLeader: { id: 'evm-sun', name: '孙常务副市长' },
};

const send = (record: WorkflowRecord, type: string, payload: unknown, actor: Actor, iso: string) =>
  computeEvent(def, record, { type, payload, actor }, null, at(iso));

function sentDocument(): WorkflowRecord {
  const started = computeStart(def, '11111111-1111-4111-8111-111111111111', input, lead, null, at('2026-11-06T01:00:00.000Z')).record;
  return send(started, 'SEND', {}, lead, '2026-11-06T01:00:00.000Z').record;
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (error) {
    if (error instanceof WorkflowError) return error.code;
    throw error;
  }
};

test('a signing unit delegates; its colleague signs for it; the delegation ends as the unit is no longer awaited', () => {
  const sent = sentDocument();
  const delegated = computeDelegate(def, sent, finance, { to: financeColleague.id, note: '请代为会签' }, found(financeColleague), at('2026-11-06T02:00:00.000Z'));
  expect(delegated.record.snapshot.delegation).toMatchObject({ state: 'countersigning', party: 'unit:市财政局', to: { id: 'czj-zhou' } });
  expect(delegated.record.awaiting).toContain('person:czj-zhou');
  expect(delegated.record.people).toContain('czj-zhou');
  // the version grows by one, the machine's snapshot and deadlines are unchanged
  expect(delegated.record.version).toBe(sent.version + 1);
  expect(delegated.record.snapshot.context).toEqual(sent.snapshot.context);
  expect(delegated.record.deadlines).toEqual(sent.deadlines);
  expect(delegated.transition).toMatchObject({ eventType: 'DELEGATE', stateBefore: 'countersigning', stateAfter: 'countersigning' });

  const signed = send(delegated.record, 'AGREE', { comments: '无意见' }, financeColleague, '2026-11-06T03:00:00.000Z');
  expect(signed.record.state).toBe('countersigning');
  // the machine records the signature as the unit's, made for the delegator; the history, the real actor
  expect(signed.record.snapshot.context.signatures).toMatchObject({ 市财政局: { actorId: finance.id } });
  expect(signed.transition.actor.id).toBe('czj-zhou');
  expect(signed.transition.payload.onBehalfOf).toEqual({ id: finance.id, name: finance.name, unit: '市财政局' });
  // 市财政局 has signed: no longer awaited, so its delegation is over though the state stays
  expect(signed.record.snapshot.delegation).toBeUndefined();
  expect(signed.record.awaiting).not.toContain('person:czj-zhou');
  expect(signed.record.people).not.toContain('czj-zhou');
});

test('a named leader delegates the sign-off; the delegate satisfies the leader relation while it stands, and only then', () => {
  let record = sentDocument();
  for (const [who, iso] of [[finance, '2026-11-06T03:00:00.000Z'], [justice, '2026-11-09T03:00:00.000Z'], [housing, '2026-11-10T03:00:00.000Z']] as const) {
    record = send(record, 'AGREE', {}, who, iso).record;
  }
  expect(record.state).toBe('awaitingSignOff');
  // before any delegation the secretary may not sign off
  expect(codeOf(() => send(record, 'SIGN_OFF', { comments: '同意' }, secretary, '2026-11-11T01:00:00.000Z'))).toBe('FORBIDDEN');
  // the leader is awaited by name; the lead unit is not awaited here
  expect(codeOf(() => computeDelegate(def, record, lead, { to: 'fgj-li', note: '请处理' }, found(lead), at('2026-11-11T01:00:00.000Z')))).toBe('FORBIDDEN');
  const delegated = computeDelegate(def, record, signOffLeader, { to: secretary.id, note: '请代为签发' }, found(secretary), at('2026-11-11T01:00:00.000Z')).record;
  expect(delegated.snapshot.delegation?.party).toBe('person:evm-sun');

  const withdrawn = computeUndelegate(def, delegated, secretary, {}, at('2026-11-11T01:30:00.000Z'));
  expect(withdrawn.transition).toMatchObject({ eventType: 'UNDELEGATE', payload: { to: secretary.id, from: 'evm-sun' } });
  expect(codeOf(() => send(withdrawn.record, 'SIGN_OFF', {}, secretary, '2026-11-11T02:00:00.000Z'))).toBe('FORBIDDEN');

  const signedOff = send(delegated, 'SIGN_OFF', { comments: '同意印发' }, secretary, '2026-11-11T02:00:00.000Z');
  expect(signedOff.record.state).toBe('issued');
  expect(signedOff.record.snapshot.context.signOff).toMatchObject({ by: { id: 'evm-sun' } });
  expect(signedOff.transition.actor).toEqual(secretary);
  expect(signedOff.transition.payload.onBehalfOf).toEqual({ id: 'evm-sun', name: '孙常务副市长', unit: '市政府' });
  expect(signedOff.record.snapshot.delegation).toBeUndefined();
});

test('the delegate must be an active colleague of the same unit, and a state must allow it', () => {
  const sent = sentDocument();
  const ctx = at('2026-11-06T02:00:00.000Z');
  const fields = (fn: () => unknown): { path: string; message: string }[] | null => {
    try {
      fn();
    } catch (error) {
      return (error as WorkflowError).details.invalidFields as { path: string; message: string }[];
    }
    return null;
  };
  expect(fields(() => computeDelegate(def, sent, finance, { to: justice.id, note: '请' }, found(justice), ctx))).toEqual([
    { path: 'to', message: `${justice.id} (${justice.name}) is not of your unit 市财政局` },
  ]);
  expect(fields(() => computeDelegate(def, sent, finance, { to: 'x', note: '请' }, { inUse: true, person: { name: 'x', active: false, unit: '市财政局' } }, ctx))?.[0].path).toBe('to');
  expect(fields(() => computeDelegate(def, sent, finance, { to: 'x', note: '请' }, { inUse: false, person: null }, ctx))?.[0].path).toBe('to');
  // the countersign definition as registered has no delegable state
  expect(codeOf(() => computeDelegate(documentCountersign, sent, finance, { to: financeColleague.id, note: '请' }, found(financeColleague), ctx))).toBe('EVENT_NOT_ACCEPTED');
  // one delegation at a time: another awaited unit waits until it is withdrawn
  const delegated = computeDelegate(def, sent, finance, { to: financeColleague.id, note: '请' }, found(financeColleague), ctx).record;
  const justiceColleague: Actor = { id: 'sfj-wu', name: 'sfj-wu', roles: ['DEPARTMENT'], unit: '市司法局' };
  expect(codeOf(() => computeDelegate(def, delegated, justice, { to: justiceColleague.id, note: '请' }, found(justiceColleague), ctx))).toBe('EVENT_NOT_ACCEPTED');
  // and a unit not awaited may not withdraw another's
  expect(codeOf(() => computeUndelegate(def, delegated, lead, {}, ctx))).toBe('FORBIDDEN');
});

test('standing and acting rules', () => {
  const sent = sentDocument();
  const delegation = computeDelegate(def, sent, finance, { to: financeColleague.id, note: '请' }, found(financeColleague), at('2026-11-06T02:00:00.000Z')).record.snapshot.delegation!;
  const { context } = sent.snapshot;
  expect(standingDelegation(def, 'countersigning', context, true, delegation)).toBe(delegation);
  expect(standingDelegation(def, 'countersigning', context, false, delegation)).toBeUndefined();
  expect(standingDelegation(def, 'revising', context, true, delegation)).toBeUndefined();
  expect(actingAs(financeColleague, delegation).onBehalfOf).toEqual({ id: finance.id, name: finance.name, unit: '市财政局' });
  // the delegator acts as themselves; someone signed in with another unit is not the delegate
  expect(actingAs(finance, delegation).onBehalfOf).toBeNull();
  expect(actingAs({ ...financeColleague, unit: '市司法局' }, delegation).onBehalfOf).toBeNull();
});
