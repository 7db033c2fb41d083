/**
 * Every kind of tampering with a workflow's history, or with the workflow row behind the
 * engine's back, by someone with superuser rights who switches the append-only trigger off:
 * verifyHistory and the verify command (verifyAllChains) both report it, and say what is wrong.
 */
import { openSql, type SqlPool } from '../../src/db/sql';
import { transitionHash } from '../../src/engine/chain';
import { brokenLine, verifyAllChains } from '../../src/persistence/chain-queries';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { forged, tamper as tamperWith, transitionOf, type Statement } from '../helpers/tamper';

let t: TestApp;
let office: string;
let pool: SqlPool;
beforeAll(async () => {
  t = await startTestApp();
  office = await tokenFor(people.office);
  pool = openSql({ url: t.db.url, poolSize: 2 });
});
afterAll(async () => {
  await pool.end();
  await t.stop();
});

const VERIFY = `query($id: ID!) { verifyHistory(workflowId: $id) {
  ok checked problem detail snapshotChecked firstBroken { seq expected found } } }`;

/** A letter with five history rows: START, ISSUE and three URGE. */
async function letter(): Promise<string> {
  const started = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = started.data.startWorkflow.id;
  await send(id, 'ISSUE');
  for (let i = 0; i < 3; i++) await send(id, 'URGE', { message: `第${i}次` });
  return id;
}

async function send(id: string, type: string, payload: Record<string, unknown> = {}) {
  const res = await gql(t.url, office, SEND, { input: { workflowId: id, type, payload } });
  expect(res.errors).toBeUndefined();
}

const tamper = (id: string, ...statements: Statement[]) => tamperWith(t.db.url, id, ...statements);

const history = async (id: string) =>
  (await pool.query(`SELECT * FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq`, [id])).rows;

/** What verifyHistory answers, after checking that the verify command says the same. */
async function verify(id: string) {
  const res = await gql(t.url, office, VERIFY, { id });
  expect(res.errors).toBeUndefined();
  const answer = res.data.verifyHistory;
  const entry = (await verifyAllChains(pool)).broken.find((b) => b.workflowId === id);
  expect(entry?.check ?? null).toEqual(answer.ok ? null : answer);
  if (entry) expect(brokenLine(id, entry.check)).toContain(`${answer.problem}: ${answer.detail}`);
  return answer;
}

const OK = { ok: true, checked: 5, problem: null, detail: null, snapshotChecked: true, firstBroken: null };

test('an untampered history verifies, and binds the stored workflow', async () => {
  expect(await verify(await letter())).toEqual(OK);
});

describe('a history row edited', () => {
  test.each([
    ['payload', `UPDATE workflow_transition SET payload = '{"message":"改过的"}' WHERE workflow_id = $1 AND seq = 3`],
    ['actor', `UPDATE workflow_transition SET actor_id = 'mayor-sun', actor_name = '孙市长' WHERE workflow_id = $1 AND seq = 3`],
    ['state', `UPDATE workflow_transition SET state_after = 'completed' WHERE workflow_id = $1 AND seq = 3`],
    ['time', `UPDATE workflow_transition SET at = at - interval '3 days' WHERE workflow_id = $1 AND seq = 3`],
    ['snapshot digest', `UPDATE workflow_transition SET snapshot_digest = md5('x') WHERE workflow_id = $1 AND seq = 3`],
  ])('its %s: reported as ROW_ALTERED at that row', async (_field, statement) => {
    const id = await letter();
    const rows = await history(id);
    await tamper(id, statement);
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 2,
      problem: 'ROW_ALTERED',
      detail: 'row 3 does not match its hash',
      firstBroken: { seq: 3, found: rows[2].hash },
    });
  });
});

test('a history row edited and given a matching hash: the next row no longer follows it', async () => {
  const id = await letter();
  const rows = await history(id);
  const edited = { ...transitionOf(rows[2]), payload: { message: '改过的' } };
  const hash = transitionHash(rows[1].hash, edited, rows[2].snapshot_digest);
  await tamper(id, [
    `UPDATE workflow_transition SET payload = '{"message":"改过的"}', hash = $2 WHERE workflow_id = $1 AND seq = 3`,
    [id, hash],
  ]);
  expect(await verify(id)).toMatchObject({
    ok: false,
    checked: 3,
    problem: 'ROW_UNLINKED',
    detail: 'row 4 is intact but does not follow row 3',
    firstBroken: { seq: 4, found: rows[3].hash },
  });
});

describe('a history row deleted', () => {
  const deleting = (seq: number) => [
    `DELETE FROM outbox WHERE workflow_id = $1 AND seq = ${seq}`,
    `DELETE FROM workflow_transition WHERE workflow_id = $1 AND seq = ${seq}`,
  ];

  test('the first: ROW_MISSING names seq 1 and the hash its successor expects', async () => {
    const id = await letter();
    const rows = await history(id);
    await tamper(id, ...deleting(1));
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 0,
      problem: 'ROW_MISSING',
      detail: 'row 1 is missing: the next row is 2',
      firstBroken: { seq: 1, expected: rows[0].hash, found: null },
    });
  });

  test('one in the middle: ROW_MISSING names it', async () => {
    const id = await letter();
    const rows = await history(id);
    await tamper(id, ...deleting(3));
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 2,
      problem: 'ROW_MISSING',
      firstBroken: { seq: 3, expected: rows[2].hash, found: null },
    });
  });

  test('the last: the history is shorter than the workflow version', async () => {
    const id = await letter();
    await tamper(id, ...deleting(5));
    expect(await verify(id)).toEqual({
      ok: false,
      checked: 4,
      problem: 'HISTORY_SHORTER',
      detail: 'history ends at seq 4 but the workflow is at version 5',
      snapshotChecked: false,
      firstBroken: null,
    });
  });
});

describe('a history row inserted', () => {
  test('in the middle, the later rows renumbered: the first renumbered row no longer matches its hash', async () => {
    const id = await letter();
    const rows = await history(id);
    await tamper(
      id,
      `UPDATE workflow_transition SET seq = seq + 100 WHERE workflow_id = $1 AND seq >= 3`,
      `UPDATE workflow_transition SET seq = seq - 99 WHERE workflow_id = $1 AND seq > 100`,
      forged(rows[1], 3),
      `UPDATE workflow SET version = 6 WHERE id = $1`,
    );
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 3,
      problem: 'ROW_ALTERED',
      firstBroken: { seq: 4, found: rows[2].hash },
    });
  });

  test('appended at the end with a hash that chains correctly: the history is longer than the workflow version', async () => {
    const id = await letter();
    const rows = await history(id);
    await tamper(id, forged(rows[4], 6));
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 6,
      problem: 'HISTORY_LONGER',
      detail: 'history goes on to seq 6 but the workflow is at version 5',
      firstBroken: null,
    });
  });

  test("appended, and the workflow's version and last hash moved to it: the workflow is not what that row records", async () => {
    const id = await letter();
    const rows = await history(id);
    const forgery = forged(rows[4], 6);
    await tamper(id, forgery, [`UPDATE workflow SET version = 6, last_hash = $2 WHERE id = $1`, [id, forgery[1][2]]]);
    expect(await verify(id)).toMatchObject({ ok: false, checked: 6, problem: 'SNAPSHOT_MISMATCH' });
  });
});

test('two rows swapped (seq exchanged): the first of them no longer matches its hash', async () => {
  const id = await letter();
  const rows = await history(id);
  await tamper(
    id,
    `UPDATE workflow_transition SET seq = 100 WHERE workflow_id = $1 AND seq = 2`,
    `UPDATE workflow_transition SET seq = 2 WHERE workflow_id = $1 AND seq = 3`,
    `UPDATE workflow_transition SET seq = 3 WHERE workflow_id = $1 AND seq = 100`,
  );
  expect(await verify(id)).toMatchObject({
    ok: false,
    checked: 1,
    problem: 'ROW_ALTERED',
    firstBroken: { seq: 2, found: rows[2].hash },
  });
});

describe('a whole tail cut off', () => {
  const cut = [`DELETE FROM outbox WHERE workflow_id = $1 AND seq >= 4`, `DELETE FROM workflow_transition WHERE workflow_id = $1 AND seq >= 4`];

  test('alone: the history is shorter than the workflow version', async () => {
    const id = await letter();
    await tamper(id, ...cut);
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 3,
      problem: 'HISTORY_SHORTER',
      detail: 'history ends at seq 3 but the workflow is at version 5',
    });
  });

  test("with the workflow's version and last hash rewritten to the cut end: the workflow is not what that row records", async () => {
    const id = await letter();
    await tamper(
      id,
      ...cut,
      `UPDATE workflow SET version = 3, last_hash = (SELECT hash FROM workflow_transition WHERE workflow_id = $1 AND seq = 3) WHERE id = $1`,
    );
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 3,
      problem: 'SNAPSHOT_MISMATCH',
      detail: 'the stored workflow does not match the snapshot history row 3 records',
    });
  });
});

test("the workflow's last hash rewritten: reported as not the last row's", async () => {
  const id = await letter();
  await tamper(id, `UPDATE workflow SET last_hash = md5('x') WHERE id = $1`);
  expect(await verify(id)).toMatchObject({
    ok: false,
    checked: 5,
    problem: 'LAST_HASH_MISMATCH',
    detail: "the workflow's last hash is not the hash of history row 5",
  });
});

describe("the workflow row changed behind the engine's back", () => {
  test.each([
    ['its context', `UPDATE workflow SET snapshot = jsonb_set(snapshot, '{context,requirement}', '"改过的要求"') WHERE id = $1`],
    ['its state', `UPDATE workflow SET state = 'completed', state_value = '"completed"', snapshot = jsonb_set(snapshot, '{value}', '"completed"') WHERE id = $1`],
    ['its status', `UPDATE workflow SET status = 'DONE' WHERE id = $1`],
    ['its units (who may read it)', `UPDATE workflow SET units = units || '{市财政局}' WHERE id = $1`],
    ['its deadline', `UPDATE workflow SET deadline = deadline + interval '30 days' WHERE id = $1`],
    ['its confidentiality', `UPDATE workflow SET confidential = true WHERE id = $1`],
  ])('%s: the snapshot does not match the history', async (_what, statement) => {
    const id = await letter();
    await tamper(id, statement);
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 5,
      problem: 'SNAPSHOT_MISMATCH',
      detail: 'the stored workflow does not match the snapshot history row 5 records',
      firstBroken: null,
    });
  });
});

/** Rewrites a workflow's rows from `from` on as rows written before snapshot digests existed were. */
async function asWrittenBeforeDigests(id: string, from = 1): Promise<void> {
  const rows = await history(id);
  let prev: string | null = rows[from - 2]?.hash ?? null;
  const statements: [string, unknown[]][] = [];
  for (const r of rows.slice(from - 1)) {
    const hash = transitionHash(prev, transitionOf(r));
    statements.push([`UPDATE workflow_transition SET snapshot_digest = NULL, prev_hash = $3, hash = $4 WHERE workflow_id = $1 AND seq = $2`, [id, r.seq, prev, hash]]);
    prev = hash;
  }
  statements.push([`UPDATE workflow SET last_hash = $2 WHERE id = $1`, [id, prev]]);
  await tamper(id, ...statements);
}

describe('histories written before snapshot digests', () => {
  test('still verify, saying the workflow itself was not checked; its next transition binds it', async () => {
    const id = await letter();
    await asWrittenBeforeDigests(id);
    expect(await verify(id)).toEqual({ ...OK, snapshotChecked: false });
    await send(id, 'URGE', { message: '升级后催办' });
    expect(await verify(id)).toEqual({ ...OK, checked: 6 });
    await tamper(id, `UPDATE workflow SET status = 'DONE' WHERE id = $1`);
    expect(await verify(id)).toMatchObject({ ok: false, problem: 'SNAPSHOT_MISMATCH' });
  });

  test('a last row stripped of its digest, rehashed the old way, is reported: earlier rows have one', async () => {
    const id = await letter();
    await asWrittenBeforeDigests(id, 5);
    expect(await verify(id)).toMatchObject({
      ok: false,
      checked: 4,
      problem: 'ROW_ALTERED',
      detail: 'row 5 records no snapshot digest, though earlier rows do',
    });
  });
});

test('a rewrite that recomputes every hash from the edit on is not caught: the chain alone proves consistency, not authorship', async () => {
  const id = await letter();
  await tamper(id, `UPDATE workflow_transition SET payload = '{"message":"改过的"}' WHERE workflow_id = $1 AND seq = 3`);
  await asWrittenBeforeDigests(id, 1);
  expect(await verify(id)).toEqual({ ...OK, snapshotChecked: false });
});
