/**
 * 89000 民生服务热线 (clause 13: 对群众诉求即接即办、一办到底) as a pure machine, and through the
 * engine's pure steps where a rule is the engine's reading of the definition (deadlines, the
 * answer, who sees the citizen). No database, no clock.
 */
import { machinePeople } from '../helpers/cast';
import { act } from '../helpers/machine';
import { initialTransition, type AnyMachineSnapshot } from 'xstate';
import type { Actor } from '../../machines/definition';
import { hotlineRequest as def, REPLY_LIMITS } from '../../machines/hotlineRequest/hotlineRequest.definition';
import { CATEGORIES } from '../../machines/hotlineRequest/hotlineRequest.types';
import { WorkingCalendar } from '../../src/calendar/calendar';
import { resolveDeadline } from '../../src/calendar/deadlines';
import { CalendarProvider } from '../../src/calendar/provider';
import type { Change } from '../../src/engine/ports';
import { streamPayload, visibleContext, visiblePayload, REDACTED } from '../../src/engine/redaction';
import { computeEvent, computeStart, computeTimer, START_EVENT } from '../../src/engine/step';
import { canRead } from '../../src/engine/visibility';

const { office, housing, finance, town, viceMayor, mayor } = machinePeople;
const admin: Actor = { id: 'admin-1', name: 'admin-1', roles: ['ADMIN'], unit: '信息中心' };

function must(s: AnyMachineSnapshot, type: string, payload: unknown, actor: Actor, at: string): AnyMachineSnapshot {
  const out = act(def, s, type, payload, actor, at);
  if (out.code !== 'OK') throw new Error(`${type} by ${actor.id}: ${out.code} ${JSON.stringify((out as any).issues ?? '')}`);
  return (out as { snapshot: AnyMachineSnapshot }).snapshot;
}

const CITIZEN = { name: '刘秀英', phone: '13905351234' };
const raw = (extra: Record<string, unknown> = {}) => ({
  channel: '电话',
  category: 'ORDINARY',
  content: '金城小区3号楼楼道灯损坏一个月无人维修',
  citizen: CITIZEN,
  ...extra,
});
const start = (extra?: Record<string, unknown>) => initialTransition(def.machine, def.start.input.parse(raw(extra)))[0];
// Monday 2 November 2026, 09:00 Shanghai
const MON = '2026-11-02T01:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(MON) + minutes * 60_000).toISOString();
const assigned = (extra?: Record<string, unknown>, unit = '市住建局') => must(start(extra), 'ASSIGN', { unit }, office, MON);
const handling = (extra?: Record<string, unknown>) => must(assigned(extra), 'ACCEPT', {}, housing, later(10));
const replied = () => must(handling(), 'REPLY', { content: '已更换楼道灯' }, housing, later(60));
const dueOf = (s: AnyMachineSnapshot) => {
  const [spec] = def.states[s.value as string].deadlines!(s.context);
  const d = resolveDeadline(spec, new WorkingCalendar());
  return { kind: d.kind, due: d.due.toISOString(), warnAt: d.warnAt.toISOString(), escalateTo: d.escalateTo };
};

test('第13条 即接即办: the hotline office receives a request (channel, category, text, the citizen) and assigns it to a unit', () => {
  const s = start();
  expect(s.value).toBe('received');
  expect(s.context).toMatchObject({ channel: '电话', category: 'ORDINARY', citizen: CITIZEN, unit: null, reopenCount: 0, satisfaction: null });
  expect(def.states.received.awaiting!(s.context)).toEqual({ roles: ['OFFICE'] });
  const a = must(s, 'ASSIGN', { unit: '市住建局', note: '请尽快处理' }, office, MON);
  expect(a.value).toBe('assigned');
  expect(a.context).toMatchObject({ unit: '市住建局', replyClockFrom: MON, assignments: [{ unit: '市住建局', note: '请尽快处理', at: MON, by: { id: 'office-wang' } }] });
  expect(def.states.assigned.awaiting!(a.context)).toEqual({ units: ['市住建局'] });
});

test('第13条: only the hotline office (modelled as OFFICE) receives and assigns; units and leaders may not', () => {
  expect(def.start.allow).toEqual([{ roles: ['OFFICE'] }]);
  for (const who of [housing, town, viceMayor]) expect(act(def, start(), 'ASSIGN', { unit: '市住建局' }, who, MON).code).toBe('FORBIDDEN');
});

test('第13条: a request with an unknown channel or category, a malformed phone or no citizen is BAD_USER_INPUT naming the field', () => {
  const issues = (input: unknown) => def.start.input.safeParse(input).error?.issues.map((i) => i.path.join('.'));
  expect(issues(raw({ channel: '信件' }))).toEqual(['channel']);
  expect(issues(raw({ category: 'VIP' }))).toEqual(['category']);
  for (const phone of ['12345', '2026-02-30', '1390535123', 'abc']) expect(issues(raw({ citizen: { name: '刘', phone } }))).toEqual(['citizen.phone']);
  for (const phone of ['13905351234', '+86 13905351234', '0535-8212345', '05358212345', '0535-8212345-801'])
    expect(issues(raw({ citizen: { name: '刘', phone } }))).toBeUndefined();
  expect(issues(raw({ citizen: undefined }))).toEqual(['citizen']);
  expect(act(def, start(), 'ASSIGN', { unit: ' ' }, office, MON)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'unit' }] });
});

test('第13条: the assigned unit accepts; another unit may not accept, return or reply (FORBIDDEN)', () => {
  const a = assigned();
  for (const type of ['ACCEPT', 'RETURN', 'REPLY']) expect(act(def, a, type, { reason: 'x', content: 'x' }, finance, later(5)).code).toBe('FORBIDDEN');
  const h = must(a, 'ACCEPT', {}, housing, later(5));
  expect(h.value).toBe('handling');
  expect(h.context.acceptedAt).toBe(later(5));
  // a reply before accepting is not accepted: the unit signs for it first
  expect(act(def, a, 'REPLY', { content: '已处理' }, housing, later(5)).code).toBe('EVENT_NOT_ACCEPTED');
});

test('第13条: a unit that is not responsible sends it back with a reason; the office reassigns it to another unit, not the same one', () => {
  expect(act(def, assigned(), 'RETURN', {}, housing, later(5))).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  const r = must(assigned(), 'RETURN', { reason: '属于供电公司职责' }, housing, later(5));
  expect(r.value).toBe('returned');
  expect(r.context).toMatchObject({ unit: null, formerUnits: ['市住建局'], replyClockFrom: null, returns: [{ unit: '市住建局', reason: '属于供电公司职责' }] });
  expect(def.states.returned.awaiting!(r.context)).toEqual({ roles: ['OFFICE'] });
  // the returning unit no longer holds the request
  expect(act(def, r, 'ACCEPT', {}, housing, later(6)).code).toBe('FORBIDDEN');
  expect(act(def, r, 'ASSIGN', { unit: '市住建局' }, office, later(6))).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'unit' }] });
  const again = must(r, 'ASSIGN', { unit: '罗峰街道' }, office, later(30));
  expect(again.context).toMatchObject({ unit: '罗峰街道', replyClockFrom: later(30), formerUnits: ['市住建局'] });
  expect(def.describe(again.context).units).toEqual(['罗峰街道', '市住建局']);
  expect(must(again, 'ACCEPT', {}, town, later(31)).value).toBe('handling');
  // once accepted there is no sending it back
  expect(act(def, must(again, 'ACCEPT', {}, town, later(31)), 'RETURN', { reason: 'x' }, town, later(32)).code).toBe('EVENT_NOT_ACCEPTED');
});

test('第13条: the reply limit follows the category — 紧急 2 hours, 一般 3 working days, 咨询 1 working day — counted from the assignment', () => {
  expect(REPLY_LIMITS).toEqual({ URGENT: { minutes: 120 }, ORDINARY: { workingDays: 3 }, CONSULT: { workingDays: 1 } });
  expect(dueOf(assigned({ category: 'URGENT' }))).toEqual({
    kind: 'reply', due: later(120), warnAt: later(90), escalateTo: ['role:OFFICE'],
  });
  // Monday + 3 working days: 24:00 Thursday; warned at 24:00 Wednesday
  expect(dueOf(assigned())).toMatchObject({ due: '2026-11-05T16:00:00.000Z', warnAt: '2026-11-04T16:00:00.000Z' });
  expect(dueOf(assigned({ category: 'CONSULT' }))).toMatchObject({ due: '2026-11-03T16:00:00.000Z', warnAt: '2026-11-02T16:00:00.000Z' });
  // a consultation assigned on a Friday is due at the end of Monday: weekends are not working days
  const friday = must(start({ category: 'CONSULT' }), 'ASSIGN', { unit: '市住建局' }, office, '2026-11-06T02:00:00.000Z');
  expect(dueOf(friday).due).toBe('2026-11-09T16:00:00.000Z');
  expect(Object.keys(REPLY_LIMITS).sort()).toEqual([...CATEGORIES].sort());
  // waiting for the office to assign is not the unit's time
  expect(def.states.received.deadlines).toBeUndefined();
});

test('第13条 即接即办: accepting does not restart the clock; a reassignment gives the new unit its own limit', () => {
  expect(dueOf(handling({ category: 'URGENT' })).due).toBe(later(120));
  const r = must(assigned({ category: 'URGENT' }), 'RETURN', { reason: '非本单位职责' }, housing, later(20));
  expect(def.states.returned.deadlines).toBeUndefined();
  expect(dueOf(must(r, 'ASSIGN', { unit: '罗峰街道' }, office, later(40))).due).toBe(later(160));
});

test('第13条: satisfaction is recorded only after a reply — EVENT_NOT_ACCEPTED before, BAD_USER_INPUT for a value that is not one of the three', () => {
  for (const s of [start(), assigned(), handling()]) {
    expect(act(def, s, 'RECORD_SATISFACTION', { satisfaction: 'SATISFIED' }, office, later(70)).code).toBe('EVENT_NOT_ACCEPTED');
  }
  const r = replied();
  expect(act(def, r, 'RECORD_SATISFACTION', { satisfaction: '满意' }, office, later(70))).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'satisfaction' }] });
  expect(act(def, r, 'RECORD_SATISFACTION', {}, office, later(70))).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'satisfaction' }] });
  // the unit does not rate its own reply
  expect(act(def, r, 'RECORD_SATISFACTION', { satisfaction: 'SATISFIED' }, housing, later(70)).code).toBe('FORBIDDEN');
});

test('第13条: 满意 or 基本满意 closes the request', () => {
  for (const satisfaction of ['SATISFIED', 'BASICALLY_SATISFIED']) {
    const s = must(replied(), 'RECORD_SATISFACTION', { satisfaction, note: '回访' }, office, later(120));
    expect(s.value).toBe('resolved');
    expect(s.status).toBe('done');
    expect(s.context).toMatchObject({ satisfaction, reopenCount: 0, visits: [{ satisfaction, note: '回访', round: 1, unit: '市住建局' }] });
  }
});

test('第13条 一办到底: 不满意 reopens it with the same unit, a new limit from the reopening and the reopen counter', () => {
  let s = must(replied(), 'RECORD_SATISFACTION', { satisfaction: 'DISSATISFIED', note: '灯仍不亮' }, office, '2026-11-03T02:00:00.000Z');
  expect(s.value).toBe('handling');
  expect(s.context).toMatchObject({ unit: '市住建局', reopenCount: 1, satisfaction: 'DISSATISFIED', replyClockFrom: '2026-11-03T02:00:00.000Z' });
  // Tuesday + 3 working days
  expect(dueOf(s).due).toBe('2026-11-06T16:00:00.000Z');
  s = must(s, 'REPLY', { content: '已更换线路' }, housing, '2026-11-04T02:00:00.000Z');
  s = must(s, 'RECORD_SATISFACTION', { satisfaction: 'DISSATISFIED' }, office, '2026-11-04T03:00:00.000Z');
  expect(s.context.reopenCount).toBe(2);
  s = must(s, 'REPLY', { content: '已彻底维修' }, housing, '2026-11-05T02:00:00.000Z');
  s = must(s, 'RECORD_SATISFACTION', { satisfaction: 'BASICALLY_SATISFIED' }, office, '2026-11-05T03:00:00.000Z');
  expect(s.value).toBe('resolved');
  expect(s.context.replies.map((r: { round: number }) => r.round)).toEqual([1, 2, 3]);
  expect(s.context.visits.map((v: { satisfaction: string }) => v.satisfaction)).toEqual(['DISSATISFIED', 'DISSATISFIED', 'BASICALLY_SATISFIED']);
  expect(s.context).toMatchObject({ reopenCount: 2, satisfaction: 'BASICALLY_SATISFIED' });
});

test('第13条 一办到底: the office may close an open request with a reason, never without one, and nothing is accepted after', () => {
  for (const s of [start(), assigned(), handling(), replied(), must(assigned(), 'RETURN', { reason: 'x' }, housing, later(5))]) {
    expect(act(def, s, 'CLOSE', {}, office, later(200))).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
    expect(act(def, s, 'CLOSE', { reason: '群众撤回诉求' }, housing, later(200)).code).toBe('FORBIDDEN');
    const c = must(s, 'CLOSE', { reason: '群众撤回诉求' }, office, later(200));
    expect(c.value).toBe('closed');
    expect(c.context.closure).toMatchObject({ reason: '群众撤回诉求', by: { id: 'office-wang' } });
    expect(act(def, c, 'ASSIGN', { unit: '市住建局' }, office, later(201)).code).toBe('EVENT_NOT_ACCEPTED');
  }
});

// the engine's pure steps: the record as it would be stored, with its alert level and timers
const calendar = new CalendarProvider();
const ID = '00000000-0000-4000-8000-0000000000aa';
const begin = (at: string, extra?: Record<string, unknown>) => computeStart(def, ID, raw(extra), office, null, { now: new Date(at), calendar });
const step = (c: Change, type: string, payload: Record<string, unknown>, actor: Actor, at: string) =>
  computeEvent(def, c.record, { type, payload, actor }, null, { now: new Date(at), calendar });
const fire = (c: Change, action: 'WARN' | 'DUE', at: string) => {
  const timer = c.timers.find((t) => t.action === action)!;
  return computeTimer(def, c.record, { ...timer, id: 't', workflowId: ID }, { now: new Date(at), calendar })!;
};

test('第13条: a late reply turns YELLOW then RED by itself, escalates to the office, and the reply records it as late', () => {
  let c = step(begin(MON, { category: 'URGENT' }), 'ASSIGN', { unit: '市住建局' }, office, MON);
  expect(c.timers.map((t) => [t.action, t.dueAt.toISOString()])).toEqual([['WARN', later(90)], ['DUE', later(120)]]);
  c = fire(c, 'WARN', later(90));
  expect(c.record).toMatchObject({ state: 'assigned', alertLevel: 'YELLOW', escalatedTo: [] });
  c = fire(c, 'DUE', later(120));
  expect(c.record).toMatchObject({ state: 'assigned', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  expect(c.transition).toMatchObject({ eventType: 'DEADLINE_PASSED', payload: { kind: 'reply', escalatedTo: ['role:OFFICE'] } });
  expect(c.record.snapshot.context.roundOverdue).toBe(true);
  c = step(c, 'ACCEPT', {}, housing, later(130));
  expect(c.record).toMatchObject({ state: 'handling', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  c = step(c, 'REPLY', { content: '已处理' }, housing, later(150));
  expect(c.record).toMatchObject({ state: 'replied', alertLevel: 'BLUE', escalatedTo: [] });
  expect(c.record.snapshot.context.replies).toMatchObject([{ round: 1, late: true }]);
  // the statistics' answer: late against the reply limit, the clock from the assignment
  expect(c.record).toMatchObject({ clockStartedAt: new Date(MON), answeredAt: new Date(later(150)), answerDue: new Date(later(120)) });
});

test('第13条: statistics count the first reply against its limit, from the first assignment even after a return', () => {
  let c = step(begin(MON), 'ASSIGN', { unit: '市交通局' }, office, MON);
  c = step(c, 'RETURN', { reason: '非本单位职责' }, { ...housing, unit: '市交通局' }, later(30));
  c = step(c, 'ASSIGN', { unit: '市住建局' }, office, '2026-11-03T01:00:00.000Z');
  c = step(c, 'ACCEPT', {}, housing, '2026-11-03T02:00:00.000Z');
  c = step(c, 'REPLY', { content: '已处理' }, housing, '2026-11-04T02:00:00.000Z');
  expect(c.record).toMatchObject({
    units: ['市住建局', '市交通局'],
    clockStartedAt: new Date(MON),
    answeredAt: new Date('2026-11-04T02:00:00.000Z'),
    // the new unit's own 3 working days from Tuesday
    answerDue: new Date('2026-11-06T16:00:00.000Z'),
  });
  expect(c.record.snapshot.context.replies).toMatchObject([{ late: false }]);
  // a reopened round does not answer again: the statistics keep the first reply
  c = step(c, 'RECORD_SATISFACTION', { satisfaction: 'DISSATISFIED' }, office, '2026-11-04T03:00:00.000Z');
  c = step(c, 'REPLY', { content: '再次处理' }, housing, '2026-11-05T03:00:00.000Z');
  expect(c.record.answeredAt).toEqual(new Date('2026-11-04T02:00:00.000Z'));
  expect(c.record.snapshot.context).toMatchObject({ reopenCount: 1, replies: [{ round: 1 }, { round: 2, late: false }] });
});

test('第13条: the citizen’s name and phone are seen by the office and the handling unit only, in every state, and never in the stream', () => {
  let c = begin(MON);
  const input = c.transition.payload;
  const seen = (who: Actor) => (visibleContext(def, c.record, who) as { citizen: unknown }).citizen;
  const start = (who: Actor) => visiblePayload(def, c.record, START_EVENT, input, who);
  expect(input).toMatchObject({ citizen: CITIZEN });
  expect(streamPayload(def, START_EVENT, input)).toEqual(REDACTED);
  expect(seen(office)).toEqual(CITIZEN);
  for (const who of [viceMayor, mayor, admin]) expect(seen(who)).toEqual(REDACTED);

  c = step(c, 'ASSIGN', { unit: '市交通局' }, office, MON);
  c = step(c, 'RETURN', { reason: '非本单位职责' }, { ...housing, id: 'jtj', unit: '市交通局' }, later(5));
  c = step(c, 'ASSIGN', { unit: '市住建局' }, office, later(10));
  const formerUnit: Actor = { ...finance, id: 'jtj', unit: '市交通局' };
  // the unit that sent it back still reads the request, not the citizen
  expect(canRead(formerUnit, c.record)).toBe(true);
  expect(seen(formerUnit)).toEqual(REDACTED);
  expect(start(formerUnit)).toEqual(REDACTED);
  expect(seen(housing)).toEqual(CITIZEN);
  expect(start(housing)).toMatchObject({ citizen: CITIZEN });
  expect((visibleContext(def, c.record, formerUnit) as { content: string }).content).toBe(raw().content);

  for (const [type, payload, who] of [
    ['ACCEPT', {}, housing],
    ['REPLY', { content: '已处理' }, housing],
    ['RECORD_SATISFACTION', { satisfaction: 'SATISFIED' }, office],
  ] as const) {
    c = step(c, type, payload, who, later(20));
    expect([c.record.state, seen(housing), seen(formerUnit), seen(viceMayor)]).toEqual([c.record.state, CITIZEN, REDACTED, REDACTED]);
  }
  // closed for good, still private
  expect(c.record).toMatchObject({ state: 'resolved', status: 'DONE' });
  expect(seen(office)).toEqual(CITIZEN);
  expect(JSON.stringify(def.describe(c.record.snapshot.context as never))).not.toMatch(/刘秀英|13905351234/);
});
