/**
 * 请销假 (clause 3) as a pure machine: the engine's own pure steps (start, event, timer) on a
 * calendar, no database. 2026-11-02 is a Monday; November 2026 has no holidays.
 */
import { machinePeople } from '../helpers/cast';
import { act } from '../helpers/machine';
import type { Actor } from '../../machines/definition';
import { leaveRequest as def } from '../../machines/leaveRequest/leaveRequest.definition';
import { FORMALITIES_WORKING_DAYS, RETURN_WORKING_DAYS } from '../../machines/leaveRequest/leaveRequest.types';
import { CalendarProvider } from '../../src/calendar/provider';
import type { Change } from '../../src/engine/ports';
import { computeEvent, computeStart, computeTimer, restore } from '../../src/engine/step';
import { WorkflowError } from '../../src/kernel/errors';

const { viceMayor: member, otherViceMayor: cover, mayor, executiveViceMayor: evm, office, housing } = machinePeople;
const calendar = new CalendarProvider();
const ID = '00000000-0000-4000-8000-0000000000aa';
const MONDAY = '2026-11-02T01:00:00.000Z'; // 09:00 Shanghai

const input = (extra: Record<string, unknown> = {}) => ({
  applicant: { id: member.id, name: '李副市长' },
  applicantRole: 'VICE_MAYOR',
  destination: '北京',
  reason: '参加全国农业工作会议',
  departure: '2026-11-05',
  return: '2026-11-06',
  cover: { id: cover.id, name: '赵副市长' },
  ...extra,
});

const start = (extra?: Record<string, unknown>, who: Actor = member, at = MONDAY): Change =>
  computeStart(def, ID, input(extra), who, null, { now: new Date(at), calendar });

const send = (change: Change, type: string, payload: unknown, who: Actor, at: string): Change =>
  computeEvent(def, change.record, { type, payload, actor: who }, null, { now: new Date(at), calendar });

/** Moves the clock to `at`: the timers due by then fire in order, as the timer worker would. */
function timePasses(change: Change, at: string): Change {
  let current = change;
  for (;;) {
    const due = current.timers.filter((t) => t.dueAt <= new Date(at)).sort((a, b) => +a.dueAt - +b.dueAt)[0];
    if (!due) return current;
    const next = computeTimer(def, current.record, { ...due, id: 't', workflowId: ID }, { now: new Date(at), calendar });
    if (!next) throw new Error(`timer ${due.kind} no longer matches`);
    current = next;
  }
}

/** The refusal's code and invalid fields, or OK. */
function refusal(run: () => unknown): { code: string; paths?: string[]; messages?: string[] } {
  try {
    run();
    return { code: 'OK' };
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    const fields = error.details.invalidFields as { path: string; message: string }[] | undefined;
    return fields ? { code: error.code, paths: fields.map((f) => f.path), messages: fields.map((f) => f.message) } : { code: error.code };
  }
}

const approvedAway = () => {
  const approved = send(start(), 'APPROVE', { comment: '同意' }, mayor, '2026-11-02T03:00:00.000Z');
  return timePasses(approved, '2026-11-04T16:00:00.000Z'); // 00:00 Thursday, the departure day
};

test('clause 3: a member applies 3 days ahead, the mayor approves, the leave turns to away on the departure day, 销假 ends it', () => {
  const applied = start();
  expect(applied.record).toMatchObject({ state: 'pendingApproval', status: 'ACTIVE', awaiting: ['role:MAYOR'] });
  const approved = send(applied, 'APPROVE', { comment: '同意' }, mayor, '2026-11-02T03:00:00.000Z');
  expect(approved.record).toMatchObject({ state: 'approved', alertLevel: 'BLUE', awaiting: [] });
  expect(approved.record.snapshot.context.approval).toMatchObject({ comment: '同意', by: { id: mayor.id } });
  // the day before: still at home
  expect(timePasses(approved, '2026-11-04T15:59:59.000Z').record.state).toBe('approved');
  const away = timePasses(approved, '2026-11-04T16:00:00.000Z');
  expect(away.record).toMatchObject({ state: 'away', alertLevel: 'BLUE', awaiting: [`person:${member.id}`], escalatedTo: [] });
  expect(away.record.snapshot.context.departedAt).toBe('2026-11-04T16:00:00.000Z');
  const back = send(away, 'RETURN', { note: '已返招' }, member, '2026-11-06T10:00:00.000Z');
  expect(back.record).toMatchObject({ state: 'returned', status: 'DONE' });
  expect(back.record.snapshot.context.returned).toMatchObject({ note: '已返招', by: { id: member.id } });
});

test('clause 3: 提前3天 — an application later than 3 days before departure is refused, naming departure', () => {
  // Monday for Thursday is 3 days ahead; Monday for Wednesday is not
  expect(refusal(() => start({ departure: '2026-11-05' })).code).toBe('OK');
  const late = refusal(() => start({ departure: '2026-11-04', return: '2026-11-06' }));
  expect(late).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['departure'] });
  expect(late.messages![0]).toMatch(/第3条.*提前3天/);
  expect(late.messages![0]).toContain('2026-11-01');
  expect(refusal(() => start({ departure: '2026-11-01', return: '2026-11-06' }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['departure'] });
});

test('clause 3: the return date must not be before the departure', () => {
  expect(refusal(() => start({ return: '2026-11-04' }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['return'] });
  expect(refusal(() => start({ return: '2026-11-05' })).code).toBe('OK'); // a day trip
  expect(refusal(() => start({ return: 'next week' }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['return'] });
});

test('clause 3: a member applies for their own leave, in a post they hold, with someone else covering (代岗)', () => {
  expect(refusal(() => start({}, cover))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['applicant.id'] });
  expect(refusal(() => start({ applicantRole: 'MAYOR' }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['applicantRole'] });
  expect(refusal(() => start({ cover: { id: member.id, name: '李副市长' } }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['cover.id'] });
  expect(refusal(() => start({ cover: undefined }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['cover'] });
  // members of the government apply; the office and administrators are not among them
  expect(refusal(() => start({ applicant: { id: office.id, name: '王督查' } }, office)).code).toBe('FORBIDDEN');
  const head = { ...housing, id: 'zjj-head' };
  expect(refusal(() => start({ applicant: { id: head.id, name: '住建局局长' }, applicantRole: 'DEPARTMENT' }, head)).code).toBe('OK');
});

test('clause 3: 报主要负责同志批准 — the mayor approves; the mayor’s own leave goes to the executive vice-mayor', () => {
  const s = restore(def, start().record);
  for (const who of [evm, cover, office, member]) expect(act(def, s, 'APPROVE', {}, who, MONDAY).code).toBe('FORBIDDEN');
  expect(act(def, s, 'APPROVE', {}, mayor, MONDAY).code).toBe('OK');

  const mayorsLeave = start({ applicant: { id: mayor.id, name: '陈市长' }, applicantRole: 'MAYOR' }, mayor);
  expect(mayorsLeave.record.awaiting).toEqual(['role:EXECUTIVE_VICE_MAYOR']);
  const m = restore(def, mayorsLeave.record);
  // nobody approves their own leave, whatever roles they hold
  expect(act(def, m, 'APPROVE', {}, mayor, MONDAY).code).toBe('FORBIDDEN');
  expect(act(def, m, 'APPROVE', {}, { ...mayor, roles: ['MAYOR', 'EXECUTIVE_VICE_MAYOR'] }, MONDAY).code).toBe('FORBIDDEN');
  expect(act(def, m, 'APPROVE', {}, evm, MONDAY).code).toBe('OK');
});

test('clause 3: not approving needs a reason and ends an application made before leaving', () => {
  const s = restore(def, start().record);
  expect(act(def, s, 'REJECT', {}, mayor, MONDAY)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  const rejected = send(start(), 'REJECT', { reason: '会期与常务会议冲突' }, mayor, MONDAY);
  expect(rejected.record).toMatchObject({ state: 'rejected', status: 'DONE', awaiting: [] });
  expect(rejected.record.snapshot.context.rejection).toMatchObject({ reason: '会期与常务会议冲突' });
});

test('clause 3: the applicant may withdraw before approval, nobody else, and not once approved', () => {
  const s = restore(def, start().record);
  expect(act(def, s, 'WITHDRAW', {}, cover, MONDAY).code).toBe('FORBIDDEN');
  expect(send(start(), 'WITHDRAW', {}, member, MONDAY).record).toMatchObject({ state: 'withdrawn', status: 'CANCELLED' });
  const approved = send(start(), 'APPROVE', {}, mayor, MONDAY);
  expect(act(def, restore(def, approved.record), 'WITHDRAW', {}, member, MONDAY).code).toBe('EVENT_NOT_ACCEPTED');
});

test('clause 3: an application still undecided on the eve of departure turns RED and is escalated to the office', () => {
  const applied = start();
  expect(applied.record.deadlines).toMatchObject([{ kind: 'approval', due: new Date('2026-11-04T16:00:00.000Z'), warnAt: new Date('2026-11-03T16:00:00.000Z') }]);
  expect(timePasses(applied, '2026-11-03T16:00:00.000Z').record.alertLevel).toBe('YELLOW');
  const late = timePasses(applied, '2026-11-04T16:00:00.000Z');
  expect(late.record).toMatchObject({ state: 'pendingApproval', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  // approved on the departure day itself: away at once
  const approved = send(late, 'APPROVE', {}, mayor, '2026-11-05T01:00:00.000Z');
  expect(approved.record).toMatchObject({ state: 'away', alertLevel: 'BLUE', escalatedTo: [] });
  expect(approved.record.snapshot.context.departedAt).toBe('2026-11-05T01:00:00.000Z');
});

test('clause 3: 紧急外出 — reported when leaving, away at once, the written application due within 1 working day, then escalated to the office', () => {
  expect(FORMALITIES_WORKING_DAYS).toBe(1);
  const emergency = { emergency: true, departure: '2026-11-02', return: '2026-11-04' };
  // the report is made at the moment of leaving: the departure is today
  expect(refusal(() => start({ ...emergency, departure: '2026-11-03' }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['departure'] });
  const reported = start(emergency);
  expect(reported.record).toMatchObject({ state: 'awayFormalities', alertLevel: 'BLUE', awaiting: [`person:${member.id}`] });
  // due at the end of Tuesday, the first working day after the day of leaving; YELLOW from Monday's end
  expect(reported.record.deadlines.find((d) => d.kind === 'formalities')).toMatchObject({
    due: new Date('2026-11-03T16:00:00.000Z'),
    warnAt: new Date('2026-11-02T16:00:00.000Z'),
    escalateTo: ['role:OFFICE'],
  });
  expect(timePasses(reported, '2026-11-02T16:00:00.000Z').record.alertLevel).toBe('YELLOW');
  const late = timePasses(reported, '2026-11-03T16:00:00.000Z');
  expect(late.record).toMatchObject({ state: 'awayFormalities', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  expect(late.transition).toMatchObject({ eventType: 'DEADLINE_PASSED', payload: { kind: 'formalities' } });
  // the written application, late: the escalation is over and the approval is as normal
  const done = send(late, 'COMPLETE_FORMALITIES', { statement: '因家中急事赴济南，特此补办请假手续' }, member, '2026-11-04T01:00:00.000Z');
  expect(done.record).toMatchObject({ state: 'awayPendingApproval', awaiting: ['role:MAYOR'], escalatedTo: [] });
  const approved = send(done, 'APPROVE', {}, mayor, '2026-11-04T02:00:00.000Z');
  expect(approved.record.state).toBe('away');
});

test('clause 3: an emergency cannot be withdrawn, and 销假 waits for the formalities and the decision', () => {
  const reported = start({ emergency: true, departure: '2026-11-02' });
  const s = restore(def, reported.record);
  expect(act(def, s, 'WITHDRAW', {}, member, MONDAY).code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, s, 'RETURN', {}, member, MONDAY).code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, s, 'APPROVE', {}, mayor, MONDAY).code).toBe('EVENT_NOT_ACCEPTED');
  const done = send(reported, 'COMPLETE_FORMALITIES', { statement: '补办' }, member, MONDAY);
  expect(act(def, restore(def, done.record), 'RETURN', {}, member, MONDAY).code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, restore(def, done.record), 'WITHDRAW', {}, member, MONDAY).code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, restore(def, reported.record), 'COMPLETE_FORMALITIES', { statement: '补办' }, cover, MONDAY).code).toBe('FORBIDDEN');
});

test('clause 3: an emergency not approved — the member must return and cancel the leave within 1 working day', () => {
  const done = send(start({ emergency: true, departure: '2026-11-02' }), 'COMPLETE_FORMALITIES', { statement: '补办' }, member, MONDAY);
  const recalled = send(done, 'REJECT', { reason: '当前防汛任务重，请即返岗' }, mayor, '2026-11-02T05:00:00.000Z');
  expect(recalled.record).toMatchObject({ state: 'awayRecalled', status: 'ACTIVE', awaiting: [`person:${member.id}`] });
  expect(recalled.record.deadlines).toMatchObject([{ kind: 'return', due: new Date('2026-11-03T16:00:00.000Z') }]);
  const late = timePasses(recalled, '2026-11-03T16:00:00.000Z');
  expect(late.record).toMatchObject({ alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  expect(send(late, 'RETURN', {}, member, '2026-11-04T01:00:00.000Z').record).toMatchObject({ state: 'returned', status: 'DONE' });
});

test('clause 3: a member with a leave pending or approved who must leave earlier reports the urgent departure and completes the formalities', () => {
  for (const before of [start(), send(start(), 'APPROVE', {}, mayor, MONDAY)]) {
    const urgent = send(before, 'REPORT_URGENT_DEPARTURE', { reason: '工地突发险情' }, member, '2026-11-03T01:00:00.000Z');
    expect(urgent.record.state).toBe('awayFormalities');
    expect(urgent.record.snapshot.context).toMatchObject({
      emergency: true,
      departure: '2026-11-03',
      urgentDeparture: { reason: '工地突发险情', plannedDeparture: '2026-11-05', plannedReturn: '2026-11-06' },
    });
    expect(urgent.record.deadlines.find((d) => d.kind === 'formalities')!.due).toEqual(new Date('2026-11-04T16:00:00.000Z'));
  }
  const s = restore(def, start().record);
  expect(act(def, s, 'REPORT_URGENT_DEPARTURE', { reason: 'x', return: '2026-11-01' }, member, MONDAY)).toMatchObject({
    code: 'BAD_USER_INPUT', issues: [{ path: 'return' }],
  });
  expect(act(def, s, 'REPORT_URGENT_DEPARTURE', { reason: 'x' }, cover, MONDAY).code).toBe('FORBIDDEN');
});

test('clause 3: an extension while away goes back to approval with a new return date; not approved, the approved date holds', () => {
  const away = approvedAway();
  expect(act(def, restore(def, away.record), 'EXTEND', { return: '2026-11-06', reason: '会期延长' }, member, '2026-11-05T01:00:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT', issues: [{ path: 'return' }],
  });
  const asked = send(away, 'EXTEND', { return: '2026-11-10', reason: '会期延长' }, member, '2026-11-05T01:00:00.000Z');
  expect(asked.record).toMatchObject({ state: 'awayPendingApproval', awaiting: ['role:MAYOR'] });
  // until decided, the approved return date counts
  expect(asked.record.deadlines).toMatchObject([{ kind: 'return', due: new Date('2026-11-09T16:00:00.000Z') }]);
  const extended = send(asked, 'APPROVE', { comment: '同意续假' }, mayor, '2026-11-05T03:00:00.000Z');
  expect(extended.record).toMatchObject({ state: 'away', deadlines: [{ kind: 'return', due: new Date('2026-11-11T16:00:00.000Z') }] });
  expect(extended.record.snapshot.context).toMatchObject({
    return: '2026-11-10',
    extensions: [{ return: '2026-11-10', previousReturn: '2026-11-06', outcome: 'APPROVED', decision: { comment: '同意续假' } }],
  });
  expect(extended.record.title).toContain('2026-11-10');

  const refused = send(asked, 'REJECT', { reason: '按期返岗' }, mayor, '2026-11-05T03:00:00.000Z');
  expect(refused.record).toMatchObject({ state: 'away' });
  expect(refused.record.snapshot.context).toMatchObject({ return: '2026-11-06', extensions: [{ outcome: 'REJECTED' }] });
  const withdrawn = send(asked, 'WITHDRAW', {}, member, '2026-11-05T03:00:00.000Z');
  expect(withdrawn.record.snapshot.context).toMatchObject({ return: '2026-11-06', extensions: [{ outcome: 'WITHDRAWN' }] });
  // back before the decision: the extension lapses, the leave is cancelled
  const back = send(asked, 'RETURN', {}, member, '2026-11-06T09:00:00.000Z');
  expect(back.record).toMatchObject({ state: 'returned' });
  expect(back.record.snapshot.context.extensions).toMatchObject([{ outcome: 'LAPSED' }]);
});

test('clause 3: 返招后及时销假 — YELLOW once the return day ends, RED after the first working day after it, escalated to the office', () => {
  expect(RETURN_WORKING_DAYS).toBe(1);
  const away = approvedAway();
  // return Friday 6: due at the end of Monday 9 (the weekend does not count)
  expect(away.record.deadlines).toMatchObject([
    { kind: 'return', label: '销假期限', due: new Date('2026-11-09T16:00:00.000Z'), warnAt: new Date('2026-11-06T16:00:00.000Z'), escalateTo: ['role:OFFICE'] },
  ]);
  expect(timePasses(away, '2026-11-06T15:59:59.000Z').record.alertLevel).toBe('BLUE');
  expect(timePasses(away, '2026-11-06T16:00:00.000Z').record.alertLevel).toBe('YELLOW');
  const late = timePasses(away, '2026-11-09T16:00:00.000Z');
  expect(late.record).toMatchObject({ state: 'away', alertLevel: 'RED', escalatedTo: ['role:OFFICE'] });
  const back = send(late, 'RETURN', {}, member, '2026-11-10T01:00:00.000Z');
  expect(back.record).toMatchObject({ state: 'returned', escalatedTo: [] });
  // 通报: the return was answered after its due time
  expect(back.record.answeredAt! > back.record.answerDue!).toBe(true);
});

test('clause 3: only the applicant cancels the leave (销假) or asks for an extension', () => {
  const s = restore(def, approvedAway().record);
  for (const who of [cover, mayor, office]) {
    expect(act(def, s, 'RETURN', {}, who, '2026-11-06T01:00:00.000Z').code).toBe('FORBIDDEN');
    expect(act(def, s, 'EXTEND', { return: '2026-11-10', reason: 'x' }, who, '2026-11-06T01:00:00.000Z').code).toBe('FORBIDDEN');
  }
});

test('the office may cancel an open leave with a reason; nobody else', () => {
  const away = approvedAway();
  const s = restore(def, away.record);
  expect(act(def, s, 'CANCEL', {}, office, MONDAY)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
  for (const who of [member, mayor]) expect(act(def, s, 'CANCEL', { reason: 'x' }, who, MONDAY).code).toBe('FORBIDDEN');
  const cancelled = send(away, 'CANCEL', { reason: '重复登记' }, office, '2026-11-05T01:00:00.000Z');
  expect(cancelled.record).toMatchObject({ state: 'cancelled', status: 'CANCELLED' });
  expect(act(def, restore(def, cancelled.record), 'CANCEL', { reason: 'x' }, office, MONDAY).code).toBe('EVENT_NOT_ACCEPTED');
});

test('who is away and who covers: the states beginning with away, the dates in the context, the applicant and the cover person named', () => {
  const { record } = approvedAway();
  expect(record.state).toBe('away');
  const awayStates = Object.keys(def.states).filter((s) => s.startsWith('away'));
  expect(awayStates).toEqual(['awayFormalities', 'awayPendingApproval', 'away', 'awayRecalled']);
  expect(record.people).toEqual([member.id, cover.id]);
  expect(record.title).toBe('请假：李副市长 赴北京（2026-11-05至2026-11-06，赵副市长代岗）');
  expect(record.snapshot.context).toMatchObject({ departure: '2026-11-05', return: '2026-11-06', cover: { id: cover.id } });
});
