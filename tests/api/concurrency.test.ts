/** Concurrent writers on one workflow never lose an update and never break the history. */
import { Client } from 'pg';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
let office: string;
const CONCURRENT = 50;

beforeAll(async () => {
  t = await startTestApp();
  office = await tokenFor(people.office);
});
afterAll(() => t.stop());

async function issuedLetter(): Promise<{ id: string; version: number }> {
  const started = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  const id = started.data.startWorkflow.id;
  const issued = await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  return { id, version: issued.data.sendEvent.version };
}

async function historyOf(id: string): Promise<{ seq: number; payload: { message: string } }[]> {
  const client = new Client({ connectionString: t.db.url });
  await client.connect();
  const { rows } = await client.query('SELECT seq, payload FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq', [id]);
  await client.end();
  return rows;
}

const urge = (id: string, i: number, expectedVersion?: number) =>
  gql(t.url, office, `mutation($input: SendEventInput!) { sendEvent(input: $input) { version context } }`, {
    input: { workflowId: id, type: 'URGE', payload: { message: `催办 ${i}` }, expectedVersion },
  });

test(`${CONCURRENT} concurrent sends with the same expectedVersion: exactly one wins, the rest get VERSION_CONFLICT`, async () => {
  const { id, version } = await issuedLetter();
  const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => urge(id, i, version)));
  const winners = results.filter((r) => !r.errors);
  const losers = results.filter((r) => r.errors);
  expect(winners).toHaveLength(1);
  expect(winners[0].data.sendEvent.version).toBe(version + 1);
  expect(losers).toHaveLength(CONCURRENT - 1);
  for (const loser of losers) {
    expect(codeOf(loser)).toBe('VERSION_CONFLICT');
    expect(loser.errors![0].extensions.currentVersion).toBe(version + 1);
  }
  const history = await historyOf(id);
  expect(history.map((h) => h.seq)).toEqual([1, 2, 3]);
});

test(`${CONCURRENT} concurrent sends without expectedVersion all apply, serialised, with a contiguous history`, async () => {
  const { id, version } = await issuedLetter();
  const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => urge(id, i)));
  expect(results.filter((r) => r.errors)).toEqual([]);
  const versions = results.map((r) => r.data.sendEvent.version).sort((a, b) => a - b);
  expect(versions).toEqual(Array.from({ length: CONCURRENT }, (_, i) => version + 1 + i));
  const history = await historyOf(id);
  expect(history.map((h) => h.seq)).toEqual(Array.from({ length: version + CONCURRENT }, (_, i) => i + 1));
  // every message arrived once
  const messages = history.slice(version).map((h) => h.payload.message).sort();
  expect(messages).toEqual(Array.from({ length: CONCURRENT }, (_, i) => `催办 ${i}`).sort());
  const final = await urge(id, 999);
  expect(final.data.sendEvent.context.urgeCount).toBe(CONCURRENT + 1);
});
