/** Tamper-evident history, and one visibility rule applied alike in code and in SQL. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { Actor } from '../../machines/definition';
import { canRead } from '../../src/engine/visibility';
import { rowToRecord } from '../../src/persistence/workflow-store';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { clerks } from '../helpers/cast';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
let office: string;
beforeAll(async () => {
  t = await startTestApp();
  office = await tokenFor(people.office);
});
afterAll(() => t.stop());

const VERIFY = `query($id: ID!) { verifyHistory(workflowId: $id) { ok checked firstBroken { seq expected found } } }`;

async function sql<T = any>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: t.db.url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

test('each history row is chained to the previous one; a hand edit is reported at the first broken link', async () => {
  const started = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = started.data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  for (let i = 0; i < 3; i++) await gql(t.url, office, SEND, { input: { workflowId: id, type: 'URGE', payload: { message: `第${i}次` } } });
  expect((await gql(t.url, office, VERIFY, { id })).data.verifyHistory).toEqual({ ok: true, checked: 5, firstBroken: null });
  const rows = await sql(`SELECT seq, prev_hash, hash FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq`, [id]);
  expect(rows[0].prev_hash).toBeNull();
  for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  expect((await sql(`SELECT last_hash FROM workflow WHERE id = $1`, [id]))[0].last_hash).toBe(rows.at(-1).hash);

  // someone with database rights rewrites the third row's payload, bypassing the append-only trigger
  await sql(`ALTER TABLE workflow_transition DISABLE TRIGGER workflow_transition_no_update_delete`);
  await sql(`UPDATE workflow_transition SET payload = '{"message":"改过的"}' WHERE workflow_id = $1 AND seq = 3`, [id]);
  await sql(`ALTER TABLE workflow_transition ENABLE TRIGGER workflow_transition_no_update_delete`);
  const check = (await gql(t.url, office, VERIFY, { id })).data.verifyHistory;
  expect(check).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, found: rows[2].hash } });

  // the command verifies every workflow and fails
  let output = '';
  let status = 0;
  try {
    output = execFileSync(process.execPath, [path.join(__dirname, '../../dist/scripts/verify-history.js')], {
      env: { ...process.env, DATABASE_URL: t.db.url },
      encoding: 'utf8',
    });
  } catch (error) {
    status = (error as { status: number }).status;
    output = (error as { stdout: string }).stdout;
  }
  expect(status).toBe(1);
  expect(output).toContain(`BROKEN ${id} at seq 3`);
});

test('lists show exactly what canRead allows, for every kind of reader, confidential workflows included', async () => {
  const creator = clerks.development;
  const creatorToken = await tokenFor(clerks.officeColleague);
  const inputs = [
    { lead: '市住建局', confidential: false, token: office },
    { lead: '市交通局', confidential: false, token: office },
    { lead: '市交通局', confidential: true, token: office },
    { lead: '市住建局', confidential: true, token: creatorToken },
  ];
  for (const i of inputs) {
    const res = await gql(t.url, i.token, START, {
      input: { machineId: 'supervisionLetter', input: letterInput({ leadUnit: i.lead, coUnits: [] }), confidential: i.confidential },
    });
    expect(res.errors).toBeUndefined();
  }
  const all = (await sql(`SELECT * FROM workflow`)).map(rowToRecord);
  const readers: Actor[] = [
    people.office,
    people.mayor,
    people.housing,
    people.transport,
    people.town,
    people.viceMayor, // named leader in charge of every letter
    clerks.officeColleague, // started one confidential letter
    creator,
    people.admin,
  ];
  for (const reader of readers) {
    const expected = all.filter((w) => canRead(reader, w)).map((w) => w.id).sort();
    const res = await gql(t.url, await tokenFor(reader), `{ workflows(first: 100) { edges { node { id } } } }`);
    const listed = res.data.workflows.edges.map((e: any) => e.node.id).sort();
    expect({ reader: reader.id, listed }).toEqual({ reader: reader.id, listed: expected });
  }
});
