/**
 * 常态化履职 recurring duties (clauses 2, 6, 7, 8, 10, 12, 14) as a pure machine: no database, no
 * clock; time only from `at`, the period's end as the engine's DEADLINE_PASSED.
 */
import { machinePeople } from '../helpers/cast';
import { act } from '../helpers/machine';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { SYSTEM_ACTOR, type Actor } from '../../machines/definition';
import { recurringDuty as def } from '../../machines/recurringDuty/recurringDuty.definition';
import { DUTY_CATALOGUE, dutyInputFor, findDutyTemplate } from '../../machines/recurringDuty/recurringDuty.catalogue';
import { countingWindow, firstOpenPeriodFrom, periodEndOf, periodLabel, periodStartContaining } from '../../machines/recurringDuty/recurringDuty.periods';
import { WorkingCalendar } from '../../src/calendar/calendar';
import { resolveDeadline } from '../../src/calendar/deadlines';

const { office, viceMayor, otherViceMayor, housing, housingColleague, development } = machinePeople;
const VM = { person: { id: viceMayor.id, name: '李副市长' } };
const HOUSING = { unit: housing.unit };

/** 09:00 Shanghai on a date, as the engine stamps an act. */
const on = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`).toISOString();

function must(s: AnyMachineSnapshot, type: string, payload: unknown, actor: Actor, at: string): AnyMachineSnapshot {
  const out = act(def, s, type, payload, actor, at);
  if (out.code !== 'OK') throw new Error(`${type} by ${actor.id}: ${out.code} ${JSON.stringify((out as any).issues ?? '')}`);
  return (out as { snapshot: AnyMachineSnapshot }).snapshot;
}

function start(id: string, owner: typeof VM | typeof HOUSING, periodStart: string, extra: Record<string, unknown> = {}) {
  const input = def.start.input.parse({ ...dutyInputFor(findDutyTemplate(id)!, owner, periodStart), ...extra });
  return initialTransition(def.machine, input)[0];
}

/** The engine's DEADLINE_PASSED for the current period's end, at 24:00 of its due date. */
function periodEnds(s: AnyMachineSnapshot, kind = `period:${s.context.periodStart}`): AnyMachineSnapshot {
  const due = new Date(`${s.context.dueDate}T24:00:00+08:00`).toISOString();
  return transition(def.machine, s, { type: 'DEADLINE_PASSED', payload: { kind, label: '期限', due }, actor: SYSTEM_ACTOR, at: due } as any)[0];
}

const deadlinesOf = (s: AnyMachineSnapshot) => def.states[s.value as string].deadlines?.(s.context) ?? [];
const resolved = (s: AnyMachineSnapshot) => deadlinesOf(s).map((d) => resolveDeadline(d, new WorkingCalendar()));
const visit = (date: string, extra: Record<string, unknown> = {}) => ({ date, evidence: '走访调研并形成记录', ...extra });

test('clause 14: a month with one day of 接待群众来访 is met; at its end it closes as met and the next month opens', () => {
  let s = start('petitionReception', VM, '2026-11-01');
  expect(s.value).toBe('pending');
  expect(s.context).toMatchObject({ periodStart: '2026-11-01', periodEnd: '2026-11-30', done: 0, required: 1, periodLabel: '2026年11月' });
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-11-10', { evidence: '在信访接待中心接待群众来访12批次', attachmentRef: 'files/petition-1110.pdf' }), viceMayor, on('2026-11-10', '17:00'));
  expect(s.value).toBe('met');
  expect(s.context).toMatchObject({ done: 1, required: 1 });
  expect(s.context.occurrences).toMatchObject([
    { seq: 1, date: '2026-11-10', days: 1, kind: null, attachmentRef: 'files/petition-1110.pdf', by: { id: 'vm-li' } },
  ]);
  s = periodEnds(s);
  expect(s.value).toBe('pending');
  expect(s.context).toMatchObject({ periodStart: '2026-12-01', periodEnd: '2026-12-31', done: 0, occurrences: [] });
  expect(s.context.periods).toMatchObject([{ periodStart: '2026-11-01', outcome: 'MET', done: 1, required: 1, acknowledged: null }]);
  expect(s.context.periods[0].occurrences).toHaveLength(1);
});

test('clause 8: a month without its 调度 of key investment projects is recorded as missed when it ends; the next month opens', () => {
  let s = start('investmentProjects', VM, '2026-11-01');
  s = periodEnds(s);
  expect(s.value).toBe('pending');
  expect(s.context.periodStart).toBe('2026-12-01');
  expect(s.context.periods).toMatchObject([{ periodStart: '2026-11-01', outcome: 'MISSED', done: 0, required: 1 }]);
});

test('an occurrence dated outside the current period is refused as BAD_USER_INPUT citing the clause', () => {
  const s = start('petitionReception', VM, '2026-11-01');
  const before = act(def, s, 'RECORD_OCCURRENCE', visit('2026-10-30'), viceMayor, on('2026-11-10'));
  expect(before).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'date' }] });
  expect((before as any).issues[0].message).toContain('第14条“市政府领导班子成员每月至少安排1天接待群众来访”');
  expect((before as any).issues[0].message).toContain('2026-11-01至2026-11-30');
  // a next-month date is outside too, even once that month has come (the period has not rolled yet)
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-12-01'), viceMayor, on('2026-12-01')).code).toBe('BAD_USER_INPUT');
});

test('an occurrence may not be dated after today', () => {
  const s = start('petitionReception', VM, '2026-11-01');
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-11-11'), viceMayor, on('2026-11-10'))).toMatchObject({
    code: 'BAD_USER_INPUT', issues: [{ path: 'date', message: 'must not be after today (2026-11-10)' }],
  });
  // a days duty: the last day counts, not the first
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-11-09', { days: 2 }), viceMayor, on('2026-11-09')).code).toBe('BAD_USER_INPUT');
});

test('only the owner records: the owner person, or any member of the owner unit', () => {
  const person = start('investmentProjects', VM, '2026-11-01');
  expect(act(def, person, 'RECORD_OCCURRENCE', visit('2026-11-02'), otherViceMayor, on('2026-11-02')).code).toBe('FORBIDDEN');
  expect(act(def, person, 'RECORD_OCCURRENCE', visit('2026-11-02'), office, on('2026-11-02')).code).toBe('FORBIDDEN');
  expect(act(def, person, 'RECORD_OCCURRENCE', visit('2026-11-02'), viceMayor, on('2026-11-02')).code).toBe('OK');
  const unit = start('theoryStudy', HOUSING, '2026-11-01');
  expect(act(def, unit, 'RECORD_OCCURRENCE', visit('2026-11-02'), housingColleague, on('2026-11-02')).code).toBe('OK');
  expect(act(def, unit, 'RECORD_OCCURRENCE', visit('2026-11-02'), development, on('2026-11-02')).code).toBe('FORBIDDEN');
  // an administrator runs the system, not duties
  expect(act(def, unit, 'RECORD_OCCURRENCE', visit('2026-11-02'), { ...housing, roles: ['ADMIN'] }, on('2026-11-02')).code).toBe('FORBIDDEN');
});

test('clause 6: 每月20日左右 — only the 17th to the 23rd count, and the period is due on the 23rd', () => {
  let s = start('economicAnalysis', HOUSING, '2026-11-01');
  expect(s.context).toMatchObject({ windowStart: '2026-11-17', dueDate: '2026-11-23', periodEnd: '2026-11-30' });
  const early = act(def, s, 'RECORD_OCCURRENCE', visit('2026-11-05'), housing, on('2026-11-05'));
  expect(early).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'date' }] });
  expect((early as any).issues[0].message).toMatch(/2026-11-17至2026-11-23，20日前后3天.*第6条“市政府每月20日左右对经济形势进行1次分析研判”/);
  expect(resolved(s)[0].due.toISOString()).toBe('2026-11-23T16:00:00.000Z');
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-11-19', { evidence: '召开经济运行分析会' }), housing, on('2026-11-19'));
  expect(s.value).toBe('met');
  // the window closes on the 23rd: the month is closed then, and December's window is its 17th to 23rd
  s = periodEnds(s);
  expect(s.context).toMatchObject({ periodStart: '2026-12-01', windowStart: '2026-12-17', dueDate: '2026-12-23' });
  expect(s.context.periods).toMatchObject([{ outcome: 'MET', dueDate: '2026-11-23', periodEnd: '2026-11-30' }]);
});

test('clause 12: 全年到基层调研走访不少于2个月 counts days, and 四不两直 must be at least half of them', () => {
  let s = start('grassrootsResearch', VM, '2026-01-01', { minimum: 4 });
  expect(s.context).toMatchObject({ periodEnd: '2026-12-31', required: 4, shareDone: 0 });
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-03-02', { days: 2, kind: '常规调研' }), viceMayor, on('2026-11-02'));
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-04-07', { days: 1, kind: '四不两直' }), viceMayor, on('2026-11-02'));
  expect(s.context).toMatchObject({ done: 3, shareDone: 1 });
  expect(s.value).toBe('pending');
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-05-11', { kind: '四不两直' }), viceMayor, on('2026-11-02'));
  expect(s.context).toMatchObject({ done: 4, shareDone: 2 });
  expect(s.value).toBe('met'); // 4 days, 2 of them 四不两直: 50%
  // a later ordinary visit brings the share below half: not met again
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-06-01', { kind: '常规调研' }), viceMayor, on('2026-11-02'));
  expect(s.context).toMatchObject({ done: 5, shareDone: 2 });
  expect(s.value).toBe('pending');
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-06-02', { kind: '四不两直' }), viceMayor, on('2026-11-02'));
  expect(s.value).toBe('met');
});

test('clause 12: an occurrence of a duty with kinds names one of them; other duties name none', () => {
  const s = start('grassrootsResearch', VM, '2026-01-01');
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-03-02'), viceMayor, on('2026-11-02'))).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'kind' }] });
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-03-02', { kind: '座谈' }), viceMayor, on('2026-11-02'))).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'kind' }] });
  const plain = start('investmentProjects', VM, '2026-11-01');
  expect(act(def, plain, 'RECORD_OCCURRENCE', visit('2026-11-02', { kind: '四不两直' }), viceMayor, on('2026-11-02'))).toMatchObject({ issues: [{ path: 'kind' }] });
  expect(act(def, plain, 'RECORD_OCCURRENCE', visit('2026-11-02', { days: 2 }), viceMayor, on('2026-11-03'))).toMatchObject({ issues: [{ path: 'days' }] });
});

test('clause 2: an absentee from 学习研讨 owes a 补学, which settles the absence and does not count towards the month', () => {
  const absentee = { id: housingColleague.id, name: '马科长' };
  let s = start('theoryStudy', HOUSING, '2026-11-01');
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-11-05', { evidence: '学习研讨，党组成员作重点发言', absentees: [absentee] }), housing, on('2026-11-05'));
  expect(s.value).toBe('met');
  expect(s.context.makeUpsOwed).toEqual([{ person: absentee, sessionSeq: 1, sessionDate: '2026-11-05' }]);
  // the absentee must act: the duty is among their tasks, and they may read it
  expect(def.states.met.awaiting!(s.context)).toEqual({ people: ['housing-ma'] });
  expect(def.describe(s.context).people).toEqual(['housing-ma']);
  // a make-up before the session, or for someone who owes none, is refused
  expect(act(def, s, 'RECORD_MAKE_UP', { date: '2026-11-04', person: absentee, evidence: '补学' }, housing, on('2026-11-06'))).toMatchObject({ issues: [{ path: 'date' }] });
  expect(act(def, s, 'RECORD_MAKE_UP', { date: '2026-11-06', person: { id: 'x', name: 'x' }, evidence: '补学' }, housing, on('2026-11-06'))).toMatchObject({ issues: [{ path: 'person' }] });
  s = must(s, 'RECORD_MAKE_UP', { date: '2026-11-06', person: absentee, evidence: '自学会议精神并撰写心得' }, housingColleague, on('2026-11-06'));
  expect(s.context).toMatchObject({ done: 1, makeUpsOwed: [] });
  expect(s.context.occurrences.at(-1)).toMatchObject({ kind: '补学', makeUp: { person: absentee, sessionSeq: 1 }, by: { id: 'housing-ma' } });
  // nothing owed: no make-up is accepted
  expect(act(def, s, 'RECORD_MAKE_UP', { date: '2026-11-06', person: absentee, evidence: '补学' }, housing, on('2026-11-06')).code).toBe('EVENT_NOT_ACCEPTED');
});

test('clause 2: a 补学 alone does not meet the month; one still owed carries into the next month', () => {
  const absentee = { id: 'dz-zhou', name: '周成员' };
  const member: Actor = { id: 'dz-zhou', name: '周成员', roles: ['DEPARTMENT'], unit: '市规划局' };
  let s = start('theoryStudy', HOUSING, '2026-11-01');
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-11-30', { absentees: [absentee] }), housing, on('2026-11-30'));
  s = periodEnds(s);
  expect(s.context.periods).toMatchObject([{ outcome: 'MET', makeUpsOwed: 1 }]);
  expect(s.context).toMatchObject({ periodStart: '2026-12-01', makeUpsOwed: [{ person: absentee, sessionDate: '2026-11-30' }] });
  // an absentee outside the owner unit records their own make-up, and only their own
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-12-02'), member, on('2026-12-02')).code).toBe('FORBIDDEN');
  expect(act(def, s, 'RECORD_MAKE_UP', { date: '2026-12-02', person: { id: 'other', name: 'o' }, evidence: '补学' }, member, on('2026-12-02')).code).toBe('EVENT_NOT_ACCEPTED');
  s = must(s, 'RECORD_MAKE_UP', { date: '2026-12-02', person: absentee, evidence: '补学' }, member, on('2026-12-02'));
  expect(s.value).toBe('pending');
  expect(s.context).toMatchObject({ done: 0, makeUpsOwed: [] });
});

test('clause 2: absentees are only for duties with 补学, each listed once', () => {
  const plain = start('investmentProjects', VM, '2026-11-01');
  const someone = { id: 'a', name: 'a' };
  expect(act(def, plain, 'RECORD_OCCURRENCE', visit('2026-11-02', { absentees: [someone] }), viceMayor, on('2026-11-02'))).toMatchObject({ issues: [{ path: 'absentees' }] });
  const study = start('theoryStudy', HOUSING, '2026-11-01');
  expect(act(def, study, 'RECORD_OCCURRENCE', visit('2026-11-02', { absentees: [someone, someone] }), housing, on('2026-11-02'))).toMatchObject({ issues: [{ path: 'absentees' }] });
});

test('clause 7: a municipal leader visits enterprises once a quarter, a town or department leader once a month', () => {
  const city = start('enterpriseVisitCityLeader', VM, '2026-10-01');
  expect(city.context).toMatchObject({ period: 'QUARTER', periodEnd: '2026-12-31', periodLabel: '2026年第4季度' });
  const town = start('enterpriseVisitTownDepartment', { person: { id: 'luofeng-liu', name: '刘主任' } }, '2026-11-01');
  expect(town.context).toMatchObject({ period: 'MONTH', periodEnd: '2026-11-30' });
  expect(periodEnds(city).context).toMatchObject({ periodStart: '2027-01-01', periodEnd: '2027-03-31', periodLabel: '2027年第1季度' });
});

test('YELLOW from the period’s last N working days while the quota is unmet, escalating to the office; none once met', () => {
  let s = start('investmentProjects', VM, '2026-11-01');
  // 30 November is a Monday: the last 3 working days are 26, 27 and 30 November
  expect(resolved(s)).toMatchObject([
    { kind: 'period:2026-11-01', due: new Date('2026-11-30T16:00:00.000Z'), warnAt: new Date('2026-11-25T16:00:00.000Z'), escalateTo: ['role:OFFICE'] },
  ]);
  expect(resolved(start('investmentProjects', VM, '2026-11-01', { warnWorkingDays: 1 }))[0].warnAt.toISOString()).toBe('2026-11-27T16:00:00.000Z');
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-11-26'), viceMayor, on('2026-11-26'));
  const [met] = resolved(s);
  expect(met).toMatchObject({ kind: 'period:2026-11-01', escalateTo: [] });
  expect(met.warnAt).toEqual(met.due);
});

test('a missed period stays RED (a deadline of the next period’s state) until the office handles it', () => {
  let s = periodEnds(start('investmentProjects', VM, '2026-11-01'));
  expect(resolved(s)).toMatchObject([
    { kind: 'period:2026-12-01', due: new Date('2026-12-31T16:00:00.000Z') },
    { kind: 'period:2026-11-01', label: '2026年11月调度分管领域重点招商项目未达标', due: new Date('2026-11-30T16:00:00.000Z'), escalateTo: ['role:OFFICE'] },
  ]);
  // it stays through a met period too
  s = must(s, 'RECORD_OCCURRENCE', visit('2026-12-03'), viceMayor, on('2026-12-03'));
  expect(s.value).toBe('met');
  expect(deadlinesOf(s).map((d) => d.kind)).toEqual(['period:2026-12-01', 'period:2026-11-01']);
  expect(act(def, s, 'ACKNOWLEDGE_MISSES', { note: '已通报' }, viceMayor, on('2026-12-03')).code).toBe('FORBIDDEN');
  expect(act(def, s, 'ACKNOWLEDGE_MISSES', {}, office, on('2026-12-03')).code).toBe('BAD_USER_INPUT');
  s = must(s, 'ACKNOWLEDGE_MISSES', { note: '已通报并督促按月调度' }, office, on('2026-12-04'));
  expect(deadlinesOf(s).map((d) => d.kind)).toEqual(['period:2026-12-01']);
  expect(s.context.periods[0].acknowledged).toMatchObject({ note: '已通报并督促按月调度', by: { id: 'office-wang' } });
  // nothing left to handle
  expect(act(def, s, 'ACKNOWLEDGE_MISSES', { note: 'again' }, office, on('2026-12-04')).code).toBe('EVENT_NOT_ACCEPTED');
});

test('a DEADLINE_PASSED for anything but the current period’s end changes nothing', () => {
  const s = periodEnds(start('investmentProjects', VM, '2026-11-01'));
  const again = periodEnds(s, 'period:2026-11-01');
  expect(again.context.periods).toHaveLength(1);
  expect(again.context.periodStart).toBe('2026-12-01');
});

test('the office suspends a duty with a reason and resumes it: the same period goes on while its window is open', () => {
  let s = start('investmentProjects', VM, '2026-11-01');
  expect(act(def, s, 'SUSPEND', {}, office, on('2026-11-03')).code).toBe('BAD_USER_INPUT');
  expect(act(def, s, 'SUSPEND', { reason: 'x' }, viceMayor, on('2026-11-03')).code).toBe('FORBIDDEN');
  s = must(s, 'SUSPEND', { reason: '赴省委党校学习一个月' }, office, on('2026-11-03'));
  expect(s.value).toBe('suspended');
  expect(deadlinesOf(s)).toEqual([]);
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-11-03'), viceMayor, on('2026-11-03')).code).toBe('EVENT_NOT_ACCEPTED');
  s = must(s, 'RESUME', {}, office, on('2026-11-20'));
  expect(s.value).toBe('pending');
  expect(s.context).toMatchObject({ periodStart: '2026-11-01', suspension: null, periods: [] });
});

test('a duty resumed after its period is over records that period as suspended and opens the current one', () => {
  let s = must(start('investmentProjects', VM, '2026-11-01'), 'SUSPEND', { reason: '赴省委党校学习' }, office, on('2026-11-03'));
  s = must(s, 'RESUME', { note: '学习结束' }, office, on('2027-01-12'));
  expect(s.context).toMatchObject({ periodStart: '2027-01-01', periodLabel: '2027年1月' });
  expect(s.context.periods).toMatchObject([{ periodStart: '2026-11-01', outcome: 'SUSPENDED', note: '赴省委党校学习' }]);
  // a target window already closed: the next month
  expect(firstOpenPeriodFrom({ period: 'MONTH', target: { day: 20, toleranceDays: 3 } }, '2026-11-25')).toBe('2026-12-01');
});

test('the office ends a duty with a reason: the current period is recorded as ended and nothing more is accepted', () => {
  let s = must(start('investmentProjects', VM, '2026-11-01'), 'RECORD_OCCURRENCE', visit('2026-11-02'), viceMayor, on('2026-11-02'));
  expect(act(def, s, 'END', {}, office, on('2026-11-05')).code).toBe('BAD_USER_INPUT');
  s = must(s, 'END', { reason: '职务调整，分管领域变更' }, office, on('2026-11-05'));
  expect(s.value).toBe('ended');
  expect(s.status).toBe('done');
  expect(def.states.ended.finalStatus).toBe('CANCELLED');
  expect(s.context.periods).toMatchObject([{ outcome: 'ENDED', done: 1, note: '职务调整，分管领域变更' }]);
  expect(act(def, s, 'RECORD_OCCURRENCE', visit('2026-11-05'), viceMayor, on('2026-11-05')).code).toBe('EVENT_NOT_ACCEPTED');
});

test('the list shows the duty, its owner and the current period; units and people include the owner', () => {
  const person = start('petitionReception', VM, '2026-11-01');
  expect(def.describe(person.context)).toEqual({ title: '接待群众来访（李副市长）2026年11月', units: [], people: ['vm-li'] });
  expect(def.states.pending.awaiting!(person.context)).toEqual({ units: [], people: ['vm-li'] });
  const unit = start('deputiesForum', HOUSING, '2026-10-01');
  expect(def.describe(unit.context)).toEqual({ title: '人大代表、政协委员座谈交流会（市住建局）2026年第4季度', units: ['市住建局'], people: [] });
  expect(def.describe(periodEnds(unit).context).title).toBe('人大代表、政协委员座谈交流会（市住建局）2027年第1季度');
});

test('a duty is started by the office, on a period’s first day, with exactly one owner, before its first period is over', () => {
  const issues = (raw: Record<string, unknown>, today = '2026-11-02') => def.start.check!(def.start.input.parse(raw), today, office);
  const base = dutyInputFor(findDutyTemplate('investmentProjects')!, VM, '2026-11-01');
  expect(issues(base)).toEqual([]);
  expect(issues({ ...base, periodStart: '2026-11-02' })).toMatchObject([{ path: 'periodStart' }]);
  expect(issues({ ...base, periodStart: '2026-10-01' })).toMatchObject([{ path: 'periodStart', message: expect.stringContaining('already over') }]);
  expect(issues({ ...base, ownerUnit: '市住建局' })).toMatchObject([{ path: 'ownerPerson' }]);
  expect(issues({ ...base, ownerPerson: undefined })).toMatchObject([{ path: 'ownerPerson' }]);
  expect(issues({ ...base, period: 'WEEK', periodStart: '2026-11-02' })).toEqual([]); // a Monday
  expect(issues({ ...base, period: 'QUARTER', periodStart: '2026-11-01' })).toMatchObject([{ path: 'periodStart' }]);
  expect(issues({ ...base, target: { day: 20 }, period: 'QUARTER', periodStart: '2026-10-01' })).toMatchObject([{ path: 'target' }]);
  expect(issues({ ...base, share: { kind: '四不两直', atLeast: 0.5 } })).toMatchObject([{ path: 'share.kind' }]);
  expect(issues({ ...base, kinds: ['补学'] })).toMatchObject([{ path: 'kinds' }]);
  expect(issues({ ...base, measure: 'DAYS', minimum: 31 })).toMatchObject([{ path: 'minimum' }]);
  expect(def.start.allow).toEqual([{ roles: ['OFFICE'] }]);
});

test('periods: weeks run Monday to Sunday, quarters end with their third month, February has 28 or 29 days, a 31st target falls on the 30th', () => {
  expect(periodStartContaining('WEEK', '2026-11-08')).toBe('2026-11-02');
  expect(periodEndOf('WEEK', '2026-11-02')).toBe('2026-11-08');
  expect(periodLabel('WEEK', '2026-11-02')).toBe('2026-11-02起当周');
  expect(periodStartContaining('QUARTER', '2026-08-15')).toBe('2026-07-01');
  expect(periodEndOf('QUARTER', '2026-07-01')).toBe('2026-09-30');
  expect(periodEndOf('MONTH', '2026-02-01')).toBe('2026-02-28');
  expect(periodEndOf('MONTH', '2028-02-01')).toBe('2028-02-29');
  expect(periodEndOf('YEAR', '2026-01-01')).toBe('2026-12-31');
  expect(countingWindow({ period: 'MONTH', target: { day: 31, toleranceDays: 2 } }, '2026-04-01')).toEqual({ start: '2026-04-28', end: '2026-04-30' });
  expect(countingWindow({ period: 'MONTH', target: { day: 1, toleranceDays: 3 } }, '2026-04-01')).toEqual({ start: '2026-04-01', end: '2026-04-04' });
  // clause 6's weekly 调度: a week
  const weekly = start('economicIndicatorsWeekly', HOUSING, '2026-11-02');
  expect(weekly.context).toMatchObject({ periodEnd: '2026-11-08', warnWorkingDays: 1 });
  expect(periodEnds(weekly).context.periodStart).toBe('2026-11-09');
});

test('the catalogue: every duty of clauses 2, 6, 7, 8, 10, 12 and 14 cites its clause and starts as a valid input', () => {
  expect([...new Set(DUTY_CATALOGUE.map((t) => t.duty.clause.number))].sort((a, b) => a - b)).toEqual([2, 6, 7, 8, 10, 12, 14]);
  expect(new Set(DUTY_CATALOGUE.map((t) => t.id)).size).toBe(DUTY_CATALOGUE.length);
  for (const template of DUTY_CATALOGUE) {
    const owner = template.owner === 'PERSON' ? VM : HOUSING;
    const first = template.duty.period === 'WEEK' ? '2026-11-02' : template.duty.period === 'MONTH' ? '2026-11-01' : template.duty.period === 'QUARTER' ? '2026-10-01' : '2026-01-01';
    const input = def.start.input.parse(dutyInputFor(template, owner, first));
    expect({ id: template.id, issues: def.start.check!(input, '2026-11-02', office) }).toEqual({ id: template.id, issues: [] });
  }
  expect(findDutyTemplate('grassrootsResearch')!.duty).toMatchObject({ measure: 'DAYS', minimum: 60, share: { kind: '四不两直', atLeast: 0.5 } });
  expect(findDutyTemplate('economicAnalysis')!.duty.target).toEqual({ day: 20, toleranceDays: 3 });
  expect(findDutyTemplate('theoryStudy')!.duty.makeUp).toBe(true);
});
