/**
 * `workflows` page by page, against the rule it must follow: every workflow the reader may read
 * (src/engine/visibility.ts) that matches the filter, newest first, each exactly once, whichever
 * way the query finds them (the workflow table for a reader who sees everything; the party rows
 * of workflow_reader for a department or a unit filter). The rows are written straight into the
 * table so that units, people, creators, confidentiality, states and deadlines vary widely; the
 * party rows come from the table's triggers, on insert and on update.
 */
import { Client } from 'pg';
import type { Actor } from '../../machines/definition';
import { canRead, readerScope } from '../../src/engine/visibility';
import type { WorkflowFilter } from '../../src/persistence/workflow-queries';
import { listWorkflowsStatement } from '../../src/persistence/workflow-queries.sql';
import { systemClock } from '../../src/kernel/clock';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { actor, clerks } from '../helpers/cast';

interface Row {
  id: string;
  machineId: string;
  state: string;
  status: 'ACTIVE' | 'DONE' | 'CANCELLED';
  units: string[];
  people: string[];
  createdBy: Actor;
  confidential: boolean;
  /** undecided: who may see it, and whether that is the whole item */
  draft: { readers: string[]; wholeItem: boolean } | null;
  deadline: Date | null;
  warnAt: Date | null;
  createdAt: Date;
}

const UNITS = ['市住建局', '市交通局', '罗峰街道', '市应急局', '市民政局'];
const PEOPLE = ['vm-li', 'vm-chen', 'housing-zhang', 'town-zhao', 'transport-liu'];
const readers: Actor[] = [
  clerks.office,
  clerks.housing,
  clerks.transport,
  clerks.town,
  clerks.otherViceMayor,
  clerks.outsider,
];

let t: TestApp;
let db: Client;
let rows: Row[] = [];
const NOW = Date.now();

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function makeRows(count: number): Row[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    const status = pick(['ACTIVE', 'ACTIVE', 'DONE', 'CANCELLED'] as const);
    const lead = pick(UNITS);
    const co = next() < 0.5 ? [pick(UNITS)] : [];
    const deadline = status === 'ACTIVE' && next() < 0.8 ? new Date(NOW + (next() - 0.3) * 10 * 86_400_000) : null;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      machineId: pick(['supervisionLetter', 'emergencyReport']),
      state: status === 'ACTIVE' ? pick(['awaitingFeedback', 'inProgress']) : status === 'DONE' ? 'closed' : 'cancelled',
      status,
      units: [...new Set([lead, ...co])],
      people: next() < 0.4 ? [pick(PEOPLE)] : [],
      createdBy: next() < 0.2 ? actor('DEPARTMENT', pick(UNITS), pick(PEOPLE)) : clerks.office,
      confidential: next() < 0.15,
      draft: next() < 0.25 ? { readers: [`unit:${pick(UNITS)}`, pick(['role:OFFICE', 'role:VICE_MAYOR', `person:${pick(PEOPLE)}`])], wholeItem: next() < 0.7 } : null,
      deadline,
      warnAt: deadline && new Date(deadline.getTime() - 86_400_000),
      // some share a millisecond: the id breaks the tie
      createdAt: new Date(NOW - 86_400_000 + Math.floor(i / 3) * 1000),
    };
  });
}

async function insert(row: Row) {
  await db.query(
    `INSERT INTO workflow (id, machine_id, machine_version, state, state_value, snapshot, status, version, title, units, people,
       deadlines, deadline, warn_at, alert_level, created_by, created_at, updated_at, confidential, draft_readers, draft_whole)
     VALUES ($1::uuid, $2, 1, $3, to_jsonb($3::text), '{"value": "x", "context": {}, "status": "active"}', $4, 1, $1::text, $5, $6,
       '[]', $7, $8, 'BLUE', $9, $10, $10, $11, $12, $13)`,
    [row.id, row.machineId, row.state, row.status, row.units, row.people, row.deadline, row.warnAt, row.createdBy, row.createdAt, row.confidential,
      row.draft?.readers ?? null, row.draft?.wholeItem ?? false],
  );
}

interface Filter {
  machineId?: string;
  status?: string;
  state?: string;
  unit?: string;
  person?: string;
  alertLevel?: 'BLUE' | 'YELLOW' | 'RED';
  deadlineBefore?: string;
}

const levelOf = (r: Row, now: number) =>
  r.status === 'ACTIVE' && r.deadline && r.deadline.getTime() <= now
    ? 'RED'
    : r.status === 'ACTIVE' && r.warnAt && r.warnAt.getTime() <= now
      ? 'YELLOW'
      : 'BLUE';

function expected(reader: Actor, f: Filter): string[] {
  const now = Date.now();
  return rows
    .filter((r) => canRead(reader, r))
    .filter((r) => !f.machineId || r.machineId === f.machineId)
    .filter((r) => !f.status || r.status === f.status)
    .filter((r) => !f.state || r.state === f.state)
    .filter((r) => !f.unit || r.units.includes(f.unit))
    .filter((r) => !f.person || r.people.includes(f.person) || r.createdBy.id === f.person)
    .filter((r) => !f.alertLevel || levelOf(r, now) === f.alertLevel)
    .filter((r) => !f.deadlineBefore || (r.deadline !== null && r.deadline < new Date(f.deadlineBefore)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .map((r) => r.id);
}

const LIST = `query($filter: WorkflowFilter, $first: Int!, $after: String) {
  workflows(filter: $filter, first: $first, after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } }
}`;

/** Every page of `size` in turn; checks that only the last page says there is no next one. */
async function walk(reader: Actor, filter: Filter, size: number): Promise<string[]> {
  const token = await tokenFor(reader);
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const res: any = await gql(t.url, token, LIST, { filter, first: size, after });
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = res.data.workflows;
    ids.push(...edges.map((e: { node: { id: string } }) => e.node.id));
    if (!pageInfo.hasNextPage) return ids;
    expect(edges).toHaveLength(size);
    after = pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

const FILTERS: Filter[] = [
  {},
  { machineId: 'supervisionLetter', status: 'ACTIVE' },
  { unit: '市住建局' },
  { unit: '罗峰街道', status: 'ACTIVE', machineId: 'emergencyReport' },
  { state: 'inProgress' },
  { alertLevel: 'RED' },
  { alertLevel: 'YELLOW', unit: '市交通局' },
  { deadlineBefore: new Date(NOW + 2 * 86_400_000).toISOString() },
  { person: 'housing-zhang' },
  { unit: '市交通局', person: 'vm-li' },
];

beforeAll(async () => {
  t = await startTestApp({ clock: systemClock }); // the rows are dated from the wall clock (NOW)
  db = new Client({ connectionString: t.db.url });
  await db.connect();
  rows = makeRows(90);
  for (const row of rows) await insert(row);
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

test.each(readers.map((r) => [r.id, r] as const))('%s: every filter, pages of 4 and 25, each row once, in order', async (_, reader) => {
  for (const filter of FILTERS) {
    const want = expected(reader, filter);
    for (const size of [4, 25]) {
      const got = await walk(reader, filter, size);
      expect({ filter, size, ids: got }).toEqual({ filter, size, ids: want });
    }
  }
});

test('the party rows follow the workflow when its units, people, creator, status or draft change', async () => {
  const changed = rows.slice(0, 30).map((row, i) => ({
    ...row,
    units: i % 3 === 0 ? ['市审批局'] : [...row.units, '市交通局'],
    people: i % 4 === 0 ? ['nobody-here'] : [],
    status: i % 5 === 0 ? ('DONE' as const) : row.status,
    createdBy: i % 7 === 0 ? clerks.housing : row.createdBy,
    // a whole draft decided (the rows leave the drafts' side), a plain item made a whole draft
    draft: i % 2 === 0 ? (row.draft ? { ...row.draft, wholeItem: !row.draft.wholeItem } : { readers: ['role:OFFICE'], wholeItem: true }) : row.draft,
  }));
  for (const row of changed) {
    await db.query(`UPDATE workflow SET units = $2, people = $3, status = $4, created_by = $5, draft_readers = $6, draft_whole = $7 WHERE id = $1`, [
      row.id, row.units, row.people, row.status, row.createdBy, row.draft?.readers ?? null, row.draft?.wholeItem ?? false,
    ]);
  }
  // only whether the whole item is a draft: decided, or (as a row written straight) made one again
  const flipped = rows.slice(30, 50).map((row) => ({
    ...row,
    draft: row.draft?.wholeItem ? { ...row.draft, wholeItem: false } : { readers: ['role:OFFICE', 'person:vm-li'], wholeItem: true },
  }));
  for (const row of flipped) {
    await db.query(`UPDATE workflow SET draft_readers = $2, draft_whole = $3 WHERE id = $1`, [row.id, row.draft.readers, row.draft.wholeItem]);
  }
  rows = [...changed, ...flipped, ...rows.slice(50)];
  for (const reader of readers) {
    for (const filter of [{}, { unit: '市交通局' }, { status: 'DONE' }, { unit: '市审批局', status: 'ACTIVE' }, { person: 'vm-li' }]) {
      expect({ reader: reader.id, filter, ids: await walk(reader, filter, 7) }).toEqual({ reader: reader.id, filter, ids: expected(reader, filter) });
    }
  }
  // and nothing is left behind for a party that no longer takes part
  const { rows: stray } = await db.query(`
    SELECT r.workflow_id, r.token FROM workflow_reader r JOIN workflow w ON w.id = r.workflow_id
    CROSS JOIN LATERAL (SELECT CASE WHEN w.draft_whole THEN 'draft:' ELSE '' END AS side) d
    WHERE NOT (r.token = ANY (SELECT d.side || 'unit:' || u FROM unnest(w.units) u) OR r.token = ANY (SELECT d.side || 'person:' || p FROM unnest(w.people) p)
      OR r.token = d.side || 'person:' || (w.created_by->>'id'))
      OR r.status <> w.status OR r.machine_id <> w.machine_id OR r.created_at <> w.created_at`);
  expect(stray).toEqual([]);
  // and every party has its row
  const { rows: missing } = await db.query(`
    SELECT w.id, p.party FROM workflow w CROSS JOIN LATERAL workflow_parties(w.units, w.people, w.created_by) AS p(party)
    WHERE NOT EXISTS (SELECT 1 FROM workflow_reader r WHERE r.workflow_id = w.id
      AND r.token = CASE WHEN w.draft_whole THEN 'draft:' ELSE '' END || p.party)`);
  expect(missing).toEqual([]);
});

/** How many rows the statement read from workflow_reader (every scan of it, every loop), by EXPLAIN ANALYZE. */
async function readerRowsRead(reader: Actor, filter: Filter, first: number): Promise<number> {
  const { text, values } = listWorkflowsStatement(filter as WorkflowFilter, first, null, new Date(), readerScope(reader));
  const { rows: plan } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
  let read = 0;
  const visit = (node: any) => {
    if (node['Relation Name'] === 'workflow_reader') {
      read += node['Actual Rows'] * node['Actual Loops'];
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan[0]['QUERY PLAN'][0].Plan);
  return read;
}

test("a department's page does not walk the whole drafts that name it, which it may not read", async () => {
  // 300 letters being written for 市住建局, the newest rows of all: the office's drafts
  const drafts: Row[] = Array.from({ length: 300 }, (_, i) => ({
    id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
    machineId: 'supervisionLetter',
    state: 'draft',
    status: i % 10 === 0 ? 'CANCELLED' : 'ACTIVE',
    units: ['市住建局'],
    people: ['vm-li'],
    createdBy: clerks.office,
    confidential: false,
    draft: { readers: ['role:OFFICE', 'role:ADMIN', 'person:vm-li', 'person:office-wang'], wholeItem: true },
    deadline: null,
    warnAt: null,
    createdAt: new Date(NOW + 1000 + i),
  }));
  // and one the department wrote itself, which it reads
  drafts.push({ ...drafts[0], id: '00000000-0000-4000-9000-999999999999', createdBy: clerks.housing, draft: { readers: ['person:housing-zhang'], wholeItem: true } });
  for (const row of drafts) await insert(row);
  rows = [...rows, ...drafts];

  for (const [reader, filter] of [[clerks.housing, {}], [clerks.housing, { unit: '市住建局' }], [clerks.office, { unit: '市住建局' }], [clerks.office, {}]] as const) {
    expect({ reader: reader.id, filter, ids: await walk(reader, filter, 20) }).toEqual({ reader: reader.id, filter, ids: expected(reader, filter) });
  }
  expect(expected(clerks.housing, {})).toContain('00000000-0000-4000-9000-999999999999');
  expect(expected(clerks.housing, {})).not.toContain(drafts[1].id);
  // at most the party rows of what it may read (a page of each walk, on a table of any size), not the 300 drafts besides
  const { rows: [{ plain }] } = await db.query(`
    SELECT count(*)::int AS plain FROM workflow w CROSS JOIN LATERAL workflow_parties(w.units, w.people, w.created_by) AS p(party)
    WHERE NOT w.draft_whole AND p.party IN ('unit:市住建局', 'person:housing-zhang')`);
  expect(plain).toBeLessThan(100);
  for (const filter of [{}, { unit: '市住建局' }, { status: 'ACTIVE' }]) {
    expect(await readerRowsRead(clerks.housing, filter, 20)).toBeLessThanOrEqual(plain);
  }
});
