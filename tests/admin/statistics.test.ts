/**
 * 通报 statistics per lead unit, checked against a scenario built by hand with a test clock:
 * letters answered on time and late, one never answered, one outside the period, and a
 * countersigned document. Also the CSV, by query and by HTTP.
 */
import { codeOf, gql } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { adminFixture, type AdminFixture } from './admin-helpers';

const clock = new TestClock('2026-10-20T01:00:00Z');
let f: AdminFixture;

const STATS = `query($from: String!, $to: String!, $machineId: String) { unitStatistics(from: $from, to: $to, machineId: $machineId) {
  unit received answered answeredOnTime late overdueNow avgDaysToFeedback countersignAvgHours } }`;
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

beforeAll(async () => {
  f = await adminFixture(clock);
  await f.issuedLetter(); // October: outside the period
  clock.set('2026-11-02T01:00:00Z'); // Monday 09:00
  const onTime = await f.issuedLetter();
  const late = await f.issuedLetter();
  await f.issuedLetter({ leadUnit: '市交通局' }); // never answered
  const doc = await f.start(
    {
      title: '老旧小区改造实施方案',
      kind: '文件',
      leadUnit: '市住建局',
      signers: ['市交通局'],
      contentRef: 'docs/2026/plan-v1.docx',
      contentHash: 'a'.repeat(64),
      signOffLeader: { id: 'vm-li', name: '李副市长' },
    },
    'documentCountersign',
    'housing',
  );
  await f.send('housing', doc, 'SEND');
  clock.set('2026-11-02T07:00:00Z');
  await f.send('transport', doc, 'AGREE'); // countersigned in 6 hours
  clock.set('2026-11-03T01:00:00Z');
  await f.send('viceMayor', doc, 'SIGN_OFF');
  clock.set('2026-11-04T01:00:00Z');
  await f.send('housing', onTime, 'SUBMIT_FEEDBACK', { content: '两天内反馈' }); // 2.0 days
  clock.set('2026-11-05T16:00:01Z'); // the feedback deadline passes for the other two
  await f.t.app.timers.runDue();
  clock.set('2026-11-09T01:00:00Z');
  await f.send('housing', late, 'SUBMIT_FEEDBACK', { content: '逾期后反馈' }); // 7.0 days
  clock.set('2026-11-10T01:00:00Z');
});
afterAll(() => f.t.stop());

test('letters per lead unit: received, answered on time, late, overdue now, average days to feedback', async () => {
  const res = await gql(f.t.url, f.tokens.office, STATS, { ...NOVEMBER, machineId: 'supervisionLetter' });
  expect(res.errors).toBeUndefined();
  expect(res.data.unitStatistics).toEqual([
    { unit: '市交通局', received: 1, answered: 0, answeredOnTime: 0, late: 1, overdueNow: 1, avgDaysToFeedback: null, countersignAvgHours: null },
    { unit: '市住建局', received: 2, answered: 2, answeredOnTime: 1, late: 1, overdueNow: 0, avgDaysToFeedback: 4.5, countersignAvgHours: null },
  ]);
});

test('all machines together: the countersigned document counts for its lead unit, with its turnaround', async () => {
  const res = await gql(f.t.url, f.tokens.admin, STATS, NOVEMBER);
  expect(res.data.unitStatistics).toContainEqual({
    unit: '市住建局',
    received: 3,
    answered: 3,
    answeredOnTime: 2,
    late: 1,
    overdueNow: 0,
    avgDaysToFeedback: 3.1, // (2 + 7 + 0.25) / 3
    countersignAvgHours: 6,
  });
  const october = await gql(f.t.url, f.tokens.admin, STATS, { from: '2026-10-01', to: '2026-10-31' });
  expect(october.data.unitStatistics).toEqual([expect.objectContaining({ unit: '市住建局', received: 1, answered: 0, late: 1 })]);
});

test('only the office and administrators may read them; bad periods are refused', async () => {
  for (const who of ['housing', 'viceMayor'] as const) {
    expect(codeOf(await gql(f.t.url, f.tokens[who], STATS, NOVEMBER))).toBe('FORBIDDEN');
  }
  const reversed = await gql(f.t.url, f.tokens.office, STATS, { from: '2026-11-30', to: '2026-11-01' });
  expect(reversed.errors![0].extensions.invalidFields).toEqual([{ path: 'to', message: 'must not be before from' }]);
  const bad = await gql(f.t.url, f.tokens.office, STATS, { from: '2026-11-31', to: '2026-12-01' });
  expect(bad.errors![0].extensions.invalidFields).toEqual([{ path: 'from', message: 'not a real calendar date' }]);
});

test('the CSV has a byte order mark and Chinese headers, by query and over HTTP with a bearer token', async () => {
  const res = await gql(f.t.url, f.tokens.office, `query($from: String!, $to: String!) { unitStatisticsCsv(from: $from, to: $to, machineId: "supervisionLetter") }`, NOVEMBER);
  const csv: string = res.data.unitStatisticsCsv;
  expect(csv.split('\r\n')).toEqual([
    '\uFEFF承办单位,收到件数,已反馈,按期反馈,发生逾期,当前超期,平均反馈用时（天）,会签平均用时（小时）',
    '市交通局,1,0,0,1,1,,',
    '市住建局,2,2,1,1,0,4.5,',
    '',
  ]);

  const url = `${f.t.url}/admin/statistics.csv?from=2026-11-01&to=2026-11-30&machineId=supervisionLetter`;
  const http = await fetch(url, { headers: { authorization: `Bearer ${f.tokens.admin}` } });
  expect(http.status).toBe(200);
  expect(http.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = Buffer.from(await http.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toBe(csv);

  expect((await fetch(url)).status).toBe(401);
  expect((await fetch(url, { headers: { authorization: `Bearer ${f.tokens.housing}` } })).status).toBe(403);
  const badPeriod = await fetch(`${f.t.url}/admin/statistics.csv?from=x&to=2026-11-30`, { headers: { authorization: `Bearer ${f.tokens.office}` } });
  expect(badPeriod.status).toBe(400);
});

test('an answer after its due time is late even when the overdue timer never fired, and one before it on time', async () => {
  // no timer runs here: the worker is off, as when it lags or a node is down
  clock.set('2026-12-01T01:00:00Z'); // Tuesday: feedback due 24:00 Friday 4 December
  const answeredLate = await f.issuedLetter({ leadUnit: '市交通局' });
  const answeredInTime = await f.issuedLetter({ leadUnit: '市交通局' });
  const unanswered = await f.issuedLetter({ leadUnit: '市交通局' });
  clock.set('2026-12-03T01:00:00Z');
  await f.send('transport', answeredInTime, 'SUBMIT_FEEDBACK', { content: '按期反馈' });
  clock.set('2026-12-07T01:00:00Z');
  await f.send('transport', answeredLate, 'SUBMIT_FEEDBACK', { content: '逾期反馈' });
  const workflow = await gql(f.t.url, f.tokens.office, `{ workflow(id: "${unanswered}") { history { eventType } } }`);
  expect(workflow.data.workflow.history.map((h: any) => h.eventType)).toEqual(['START', 'ISSUE']); // no timer fired
  const res = await gql(f.t.url, f.tokens.office, STATS, { from: '2026-12-01', to: '2026-12-31', machineId: 'supervisionLetter' });
  expect(res.data.unitStatistics).toEqual([
    { unit: '市交通局', received: 3, answered: 2, answeredOnTime: 1, late: 2, overdueNow: 1, avgDaysToFeedback: 4, countersignAvgHours: null },
  ]);
});
