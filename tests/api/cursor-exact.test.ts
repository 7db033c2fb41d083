/**
 * Keyset cursors keep the exact timestamp. PostgreSQL stores created_at to the microsecond; rows
 * imported by hand (or by any writer finer than the engine's milliseconds) may differ only below
 * the millisecond, or not at all but by id. Every page size must still give every row exactly
 * once, newest first, whichever way the list is found (the workflow table for a reader who sees
 * everything; the party rows of workflow_reader for a department or a unit filter).
 */
import { Client } from 'pg';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { clerks } from '../helpers/cast';

interface Row {
  id: string;
  /** microseconds after 2026-03-14T05:00:00.123Z, may be negative or past the millisecond */
  micros: number;
}

const BASE_MS = Date.parse('2026-03-14T05:00:00.123Z');
const MICROS = [0, 1, 2, 499, 500, 500, 500, 998, 999, 999, -1, 1000, 0];
const rows: Row[] = MICROS.map((micros, i) => ({ id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, micros }));

/** The exact text of the instant, to the microsecond, as PostgreSQL reads it. */
function exactText(micros: number): string {
  const ms = BASE_MS + Math.floor(micros / 1000);
  const sub = ((micros % 1000) + 1000) % 1000;
  return new Date(ms).toISOString().replace('Z', `${String(sub).padStart(3, '0')}Z`);
}

const newestFirst = [...rows].sort((a, b) => b.micros - a.micros || (a.id < b.id ? 1 : -1)).map((r) => r.id);

let t: TestApp;
let db: Client;

beforeAll(async () => {
  t = await startTestApp();
  db = new Client({ connectionString: t.db.url });
  await db.connect();
  const { office } = clerks;
  for (const row of rows) {
    await db.query(
      `INSERT INTO workflow (id, machine_id, machine_version, state, state_value, snapshot, status, version, title, units, people,
         deadlines, alert_level, created_by, created_at, updated_at, confidential)
       VALUES ($1::uuid, 'supervisionLetter', 1, 'inProgress', '"inProgress"', '{"value": "x", "context": {}, "status": "active"}',
         'ACTIVE', 1, $1::text, ARRAY['市住建局'], '{}', '[]', 'BLUE', $2, $3::timestamptz, $3::timestamptz, false)`,
      [row.id, office, exactText(row.micros)],
    );
  }
  // the rows really differ below the millisecond, as written
  const { rows: stored } = await db.query(`SELECT count(DISTINCT created_at)::int AS n FROM workflow`);
  expect(stored[0].n).toBe(new Set(MICROS).size);
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

const LIST = `query($filter: WorkflowFilter, $first: Int!, $after: String) {
  workflows(filter: $filter, first: $first, after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } }
}`;

async function walk(token: string, filter: Record<string, unknown>, size: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page <= rows.length; page++) {
    const res: any = await gql(t.url, token, LIST, { filter, first: size, after });
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = res.data.workflows;
    ids.push(...edges.map((e: { node: { id: string } }) => e.node.id));
    if (!pageInfo.hasNextPage) return ids;
    after = pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

const readers = [
  ['the office, through the workflow table', clerks.office, {}],
  ['the office, filtered by unit', clerks.office, { unit: '市住建局' }],
  ['a department, through its party rows', clerks.housing, {}],
] as const;

test.each(readers)('%s: every page size gives every row once, newest first, to the microsecond', async (_, reader, filter) => {
  const token = await tokenFor(reader);
  for (let size = 1; size <= rows.length + 1; size++) {
    expect({ size, ids: await walk(token, filter, size) }).toEqual({ size, ids: newestFirst });
  }
});

test('a cursor from before the exact cursors (milliseconds only) is still accepted', async () => {
  const token = await tokenFor(readers[0][1]);
  const old = Buffer.from(JSON.stringify(['2026-03-14T05:00:00.124Z', rows[0].id])).toString('base64url');
  const res: any = await gql(t.url, token, LIST, { first: 50, after: old });
  expect(res.errors).toBeUndefined();
  // everything strictly before .124000 in (created_at, id) order
  expect(res.data.workflows.edges.map((e: any) => e.node.id)).toEqual(newestFirst.filter((id) => rows.find((r) => r.id === id)!.micros < 1000));
});

test('a cursor that names no instant is refused with a coded error', async () => {
  const token = await tokenFor(readers[0][1]);
  for (const key of ['2026-02-30T05:00:00.123456Z', '2026-03-14T05:00:00.1234567Z', 'yesterday', 12]) {
    const cursor = Buffer.from(JSON.stringify([key, rows[0].id])).toString('base64url');
    const res: any = await gql(t.url, token, LIST, { first: 5, after: cursor });
    expect({ key, code: res.errors?.[0]?.extensions?.code }).toEqual({ key, code: 'BAD_USER_INPUT' });
  }
});
