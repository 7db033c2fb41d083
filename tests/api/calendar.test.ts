/**
 * The working-day calendar over real HTTP on a real PostgreSQL: reading it, an office loading
 * next year's State Council notice, refusals that write nothing, and the readiness warning.
 * Tests run in order: 2027 is unknown until the "loads 2027" test.
 */
import { Client } from 'pg';
import pino from 'pino';
import { createApp } from '../../src/app';
import { codeOf, gql, startTestApp, testConfig, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
const clock = new TestClock('2026-12-05T02:00:00Z'); // Saturday 5 December 2026, 10:00 in Zhaoyuan
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ clock });
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
});
afterAll(() => t.stop());

const DAYS = `query Days($from: String!, $to: String!) {
  calendarDays(from: $from, to: $to) { date working name note source provisional createdBy { id } } }`;
const IS_WORKING = `query IsWorking($date: String!) { isWorkingDay(date: $date) }`;
const ADD = `query Add($date: String!, $days: Int!) { addWorkingDays(date: $date, days: $days) { date provisional } }`;
const YEARS = `{ calendarYears { year known source overrideDays loadedBy { id } note } }`;
const SET_DAYS = `mutation Set($input: SetCalendarDaysInput!) {
  setCalendarDays(input: $input) { date working name note source provisional createdBy { id name } } }`;
const REMOVE = `mutation Remove($date: String!) { removeCalendarDay(date: $date) }`;
const SET_YEAR = `mutation Year($year: Int!, $loaded: Boolean!, $note: String) {
  setCalendarYearLoaded(year: $year, loaded: $loaded, note: $note) { year known source overrideDays loadedBy { id } note } }`;

/** Illustrative 2027 days (the real notice is published in autumn 2026): 元旦, 春节 and one 补班. */
const DAYS_2027 = [
  { date: '2027-01-01', working: false, name: '元旦', note: '国务院办公厅通知（示例）' },
  ...['2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({ date, working: false, name: '春节' })),
  { date: '2027-02-20', working: true, name: '调休补班' },
];

/** A digest of the calendar tables, which tests/helpers/fingerprint.ts does not cover. */
async function calendarFingerprint(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT
      (SELECT count(*) || ':' || coalesce(md5(string_agg(d::text, '|' ORDER BY date)), '') FROM calendar_day d) AS days,
      (SELECT count(*) || ':' || coalesce(md5(string_agg(y::text, '|' ORDER BY year)), '') FROM calendar_year y) AS years`);
    return `calendar_day:${rows[0].days} calendar_year:${rows[0].years}`;
  } finally {
    await client.end();
  }
}

const everything = async () => `${await fingerprint(t.db.url)} ${await calendarFingerprint(t.db.url)}`;

/** A request that must be refused with `code`, leaving every table as it was. */
async function refused(code: string, request: () => ReturnType<typeof gql>) {
  const before = await everything();
  const res = await request();
  expect(codeOf(res)).toBe(code);
  expect(await everything()).toBe(before);
  return res;
}

const fieldsOf = (res: Awaited<ReturnType<typeof gql>>) => res.errors![0].extensions.invalidFields;

const readyz = async () => {
  const res = await fetch(`${t.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { calendar: { knownYears: number[]; nextYearLoaded: boolean; warning: string | null } } };
};

test('the 2026 National Day holiday, with its adjusted working days, lists every date with its source', async () => {
  const res = await gql(t.url, tokens.housing, DAYS, { from: '2026-09-19', to: '2026-10-11' });
  expect(res.errors).toBeUndefined();
  const days = res.data.calendarDays;
  expect(days).toHaveLength(23);
  const byDate = Object.fromEntries(days.map((d: { date: string }) => [d.date, d]));
  expect(byDate['2026-09-19']).toEqual({ date: '2026-09-19', working: false, name: null, note: null, source: 'WEEKDAY_RULE', provisional: false, createdBy: null });
  expect(byDate['2026-09-20']).toMatchObject({ working: true, name: '国庆节调休补班', source: 'STATUTORY' });
  for (let d = 1; d <= 7; d++) {
    expect(byDate[`2026-10-0${d}`]).toMatchObject({ working: false, name: '国庆节', source: 'STATUTORY', provisional: false });
  }
  expect(byDate['2026-10-08']).toMatchObject({ working: true, source: 'WEEKDAY_RULE' });
  expect(byDate['2026-10-10']).toMatchObject({ working: true, name: '国庆节调休补班', source: 'STATUTORY' });
  expect(byDate['2026-10-11']).toMatchObject({ working: false, source: 'WEEKDAY_RULE' });
  expect(codeOf(await gql(t.url, null, DAYS, { from: '2026-10-01', to: '2026-10-07' }))).toBe('UNAUTHENTICATED');
});

test('isWorkingDay: the adjusted Saturday 2026-10-10 is a working day, the holiday and Sunday are not', async () => {
  const ask = async (date: string) => (await gql(t.url, tokens.town, IS_WORKING, { date })).data.isWorkingDay;
  expect(await ask('2026-10-10')).toBe(true);
  expect(await ask('2026-10-01')).toBe(false);
  expect(await ask('2026-10-11')).toBe(false);
});

test('addWorkingDays skips the holiday and counts the adjusted Saturday, both ways', async () => {
  const add = async (date: string, days: number) => (await gql(t.url, tokens.town, ADD, { date, days })).data.addWorkingDays;
  expect(await add('2026-09-30', 3)).toEqual({ date: '2026-10-10', provisional: false });
  expect(await add('2026-10-08', -1)).toEqual({ date: '2026-09-30', provisional: false });
  expect(await add('2026-10-08', 0)).toEqual({ date: '2026-10-08', provisional: false });
  // 2027 is not published yet: Monday–Friday, flagged
  expect(await add('2026-12-29', 3)).toEqual({ date: '2027-01-01', provisional: true });
});

test('calendarYears lists the statutory years; 2027 is unknown', async () => {
  const years = (await gql(t.url, tokens.housing, YEARS)).data.calendarYears;
  expect(years.find((y: { year: number }) => y.year === 2026)).toEqual({ year: 2026, known: true, source: 'STATUTORY', overrideDays: 0, loadedBy: null, note: null });
  expect(years.find((y: { year: number }) => y.year === 2027)).toBeUndefined();
});

test('bad dates, ranges and counts are BAD_USER_INPUT naming the field, and write nothing', async () => {
  let res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.housing, IS_WORKING, { date: '2027-02-30' }));
  expect(fieldsOf(res)).toEqual([{ path: 'date', message: 'not a real calendar date' }]);
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.housing, ADD, { date: 'abc', days: 1 }));
  expect(fieldsOf(res)[0].path).toBe('date');
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.housing, ADD, { date: '2026-10-01', days: 367 }));
  expect(fieldsOf(res)[0].path).toBe('days');
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.housing, DAYS, { from: '2026-01-01', to: '2027-02-05' }));
  expect(fieldsOf(res)[0].path).toBe('to');
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.housing, DAYS, { from: '2026-10-02', to: '2026-10-01' }));
  expect(fieldsOf(res)[0].path).toBe('to');

  const days = [{ date: '2027-01-01', working: false }, { date: 'abc', working: false }, { date: '2027-02-30', working: true }, { date: '2027-01-01', working: true }];
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.admin, SET_DAYS, { input: { days } }));
  expect(fieldsOf(res).map((f: { path: string }) => f.path).sort()).toEqual(['days.1.date', 'days.2.date', 'days.3.date']);
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.admin, REMOVE, { date: 'abc' }));
  expect(fieldsOf(res)[0].path).toBe('date');
  // marking a year loaded before any of its days would make Monday–Friday look authoritative
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.admin, SET_YEAR, { year: 2027, loaded: true }));
  expect(fieldsOf(res)[0].path).toBe('year');
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.admin, SET_DAYS, { input: { days: [], markYearLoaded: 2027 } }));
  expect(fieldsOf(res)[0].path).toBe('markYearLoaded');
  res = await refused('BAD_USER_INPUT', () => gql(t.url, tokens.admin, SET_YEAR, { year: 1999, loaded: true }));
  expect(fieldsOf(res)[0].path).toBe('year');
});

test('in December, /readyz warns (still 200) that next year is not loaded', async () => {
  const { status, body } = await readyz();
  expect(status).toBe(200);
  expect(body.calendar.knownYears).toContain(2026);
  expect(body.calendar.knownYears).not.toContain(2027);
  expect(body.calendar.nextYearLoaded).toBe(false);
  expect(body.calendar.warning).toMatch(/2027/);
  clock.set('2026-11-30T02:00:00Z'); // not December yet: no warning
  expect((await readyz()).body.calendar.warning).toBeNull();
  clock.set('2026-12-05T02:00:00Z');
});

test('a letter issued on 2026-12-29 whose feedback falls in unpublished 2027 has a provisional deadline', async () => {
  clock.set('2026-12-29T01:00:00Z'); // Tuesday 09:00
  const started = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const issued = await gql(t.url, tokens.office, SEND, { input: { workflowId: started.data.startWorkflow.id, type: 'ISSUE' } });
  expect(issued.errors).toBeUndefined();
  const letter = issued.data.sendEvent;
  expect(letter.deadlineProvisional).toBe(true);
  // Wed 30, Thu 31, Fri 1 January (guessed a working day): 24:00 on 1 January 2027
  expect(letter.deadlines[0]).toMatchObject({ kind: 'feedback', due: '2027-01-01T16:00:00.000Z', provisional: true });
  clock.set('2026-12-05T02:00:00Z');
});

test('only ADMIN and OFFICE may change the calendar: others get FORBIDDEN and nothing is written', async () => {
  for (const who of ['housing', 'town', 'viceMayor', 'mayor']) {
    await refused('FORBIDDEN', () => gql(t.url, tokens[who], SET_DAYS, { input: { days: DAYS_2027, markYearLoaded: 2027 } }));
    await refused('FORBIDDEN', () => gql(t.url, tokens[who], REMOVE, { date: '2026-10-10' }));
    await refused('FORBIDDEN', () => gql(t.url, tokens[who], SET_YEAR, { year: 2026, loaded: true }));
    // refused before the input is even looked at
    await refused('FORBIDDEN', () => gql(t.url, tokens[who], SET_DAYS, { input: { days: [{ date: 'abc', working: true }] } }));
  }
  await refused('UNAUTHENTICATED', () => gql(t.url, null, SET_DAYS, { input: { days: DAYS_2027 } }));
});

test('an admin loads 2027 in one call: deadlines into 2027 are final and respect the notice', async () => {
  const res = await gql(t.url, tokens.admin, SET_DAYS, { input: { days: DAYS_2027, markYearLoaded: 2027 } });
  expect(res.errors).toBeUndefined();
  const set = res.data.setCalendarDays;
  expect(set.map((d: { date: string }) => d.date)).toEqual(DAYS_2027.map((d) => d.date));
  expect(set[0]).toEqual({
    date: '2027-01-01', working: false, name: '元旦', note: '国务院办公厅通知（示例）', source: 'OVERRIDE', provisional: false,
    createdBy: { id: 'admin-1', name: '管理员' },
  });

  const add = await gql(t.url, tokens.housing, ADD, { date: '2026-12-29', days: 3 });
  expect(add.data.addWorkingDays).toEqual({ date: '2027-01-04', provisional: false });
  expect((await gql(t.url, tokens.housing, IS_WORKING, { date: '2027-02-20' })).data.isWorkingDay).toBe(true);
  const years = (await gql(t.url, tokens.housing, YEARS)).data.calendarYears;
  expect(years.find((y: { year: number }) => y.year === 2027)).toEqual({ year: 2027, known: true, source: 'OVERRIDE', overrideDays: 7, loadedBy: { id: 'admin-1' }, note: null });

  const db = new Client({ connectionString: t.db.url });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT date::text, working, name, created_by->>'id' AS by FROM calendar_day ORDER BY date LIMIT 1`);
    expect(rows).toEqual([{ date: '2027-01-01', working: false, name: '元旦', by: 'admin-1' }]);
    expect((await db.query(`SELECT year, loaded_by->>'id' AS by FROM calendar_year`)).rows).toEqual([{ year: 2027, by: 'admin-1' }]);
  } finally {
    await db.end();
  }

  // a letter issued now gets the final deadline
  clock.set('2026-12-29T01:00:00Z');
  const started = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const issued = await gql(t.url, tokens.office, SEND, { input: { workflowId: started.data.startWorkflow.id, type: 'ISSUE' } });
  expect(issued.data.sendEvent.deadlineProvisional).toBe(false);
  expect(issued.data.sendEvent.deadlines[0]).toMatchObject({ due: '2027-01-04T16:00:00.000Z', provisional: false });
  clock.set('2026-12-05T02:00:00Z');
});

test('once 2027 is loaded, /readyz in December no longer warns', async () => {
  const { status, body } = await readyz();
  expect(status).toBe(200);
  expect(body.calendar).toMatchObject({ nextYearLoaded: true, warning: null });
  expect(body.calendar.knownYears).toContain(2027);
});

test('the office maintains the calendar too: remove a day, annotate and unmark a year', async () => {
  expect((await gql(t.url, tokens.office, REMOVE, { date: '2027-02-20' })).data.removeCalendarDay).toBe(true);
  expect((await gql(t.url, tokens.office, REMOVE, { date: '2027-02-20' })).data.removeCalendarDay).toBe(false);
  expect((await gql(t.url, tokens.office, IS_WORKING, { date: '2027-02-20' })).data.isWorkingDay).toBe(false);

  const noted = await gql(t.url, tokens.office, SET_YEAR, { year: 2027, loaded: true, note: '已核对' });
  expect(noted.data.setCalendarYearLoaded).toEqual({ year: 2027, known: true, source: 'OVERRIDE', overrideDays: 6, loadedBy: { id: 'office-wang' }, note: '已核对' });
  const unmarked = await gql(t.url, tokens.office, SET_YEAR, { year: 2027, loaded: false });
  expect(unmarked.data.setCalendarYearLoaded).toMatchObject({ year: 2027, known: false, source: null, overrideDays: 6 });
  // the override still applies, but the year is a guess again
  const add = await gql(t.url, tokens.office, ADD, { date: '2026-12-29', days: 3 });
  expect(add.data.addWorkingDays).toEqual({ date: '2027-01-04', provisional: true });
  expect((await readyz()).body.calendar.warning).toMatch(/2027/);
  // a year chinese-days knows needs no days of its own
  const statutory = await gql(t.url, tokens.office, SET_YEAR, { year: 2026, loaded: true });
  expect(statutory.data.setCalendarYearLoaded).toMatchObject({ year: 2026, known: true, source: 'STATUTORY', loadedBy: { id: 'office-wang' } });
  await gql(t.url, tokens.office, SET_YEAR, { year: 2027, loaded: true });
});

test('a server started after the change (a restart) loads the calendar from the database before serving', async () => {
  const other = await createApp({ config: testConfig(), logger: pino({ level: 'silent' }), databaseUrl: t.db.url, clock });
  try {
    const add = await gql(other.url, tokens.housing, ADD, { date: '2026-12-29', days: 3 });
    expect(add.data.addWorkingDays).toEqual({ date: '2027-01-04', provisional: false });
    const res = await fetch(`${other.url}/readyz`);
    expect(((await res.json()) as { calendar: { nextYearLoaded: boolean } }).calendar.nextYearLoaded).toBe(true);
  } finally {
    await other.close();
  }
});
