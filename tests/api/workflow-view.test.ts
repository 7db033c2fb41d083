/** The engine's view of a workflow for one reader: built once a request, only for a reader who may read it. */
import { Client } from 'pg';
import { ErrorCode } from '../../src/kernel/errors';
import type { TransitionRecord, WorkflowRecord } from '../../src/engine/engine';
import { rowToTransition } from '../../src/persistence/workflow-store';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { GET, letterInput, people } from '../helpers/letters';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

/** Reads histories from the database, counting how often it is asked. */
function countingHistory() {
  const loader = async (workflowId: string): Promise<TransitionRecord[]> => {
    loader.calls++;
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT * FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq`, [workflowId]);
      return rows.map(rowToTransition);
    } finally {
      await client.end();
    }
  };
  loader.calls = 0;
  return loader;
}

async function issuedLetter(): Promise<WorkflowRecord> {
  const { engine } = t.app;
  const draft = await engine.start('supervisionLetter', letterInput(), people.office);
  return engine.send(draft.id, { type: 'ISSUE', payload: {}, actor: people.office });
}

test('a record has one view per reader and request, its history loaded once and only when asked for', async () => {
  const record = await issuedLetter();
  const history = countingHistory();
  const views = t.app.engine.views(people.housing, history);
  const view = views.of(record);
  expect(views.of(record)).toBe(view);
  expect(view.stateLabel).toBe('待反馈');
  expect(view.availableEvents.map((e) => e.type)).toContain('SUBMIT_FEEDBACK');
  expect(view.context).toBe(view.context);
  expect(history.calls).toBe(0);

  const [first, again] = await Promise.all([view.history(), views.of(record).history()]);
  expect(again).toBe(first);
  expect(history.calls).toBe(1);
  expect(first.map((row) => [row.eventType, row.eventLabel, row.stateAfterLabel])).toEqual([
    ['START', '起草督办函', '草稿'],
    ['ISSUE', '发函', '待反馈'],
  ]);

  // another request, another reader: views of their own
  expect(t.app.engine.views(people.office, history).of(record)).not.toBe(view);
});

test('no view for a reader who may not read the workflow: NOT_FOUND, as for an id that does not exist', async () => {
  const draft = await t.app.engine.start('supervisionLetter', letterInput(), people.office);
  const history = countingHistory();
  const housing = t.app.engine.views(people.housing, history);
  expect(() => housing.of(draft)).toThrow(expect.objectContaining({ code: ErrorCode.NOT_FOUND }));
  expect(await housing.find(draft.id)).toBeNull();
  expect(await housing.find('not-a-uuid')).toBeNull();
  await expect(housing.load(draft.id)).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  expect((await t.app.engine.views(people.office, history).load(draft.id)).record.id).toBe(draft.id);
  expect(history.calls).toBe(0);

  // the API answers the same for that reader
  const answer = await gql(t.url, await tokenFor(people.housing), GET, { id: draft.id });
  expect(answer.errors).toBeUndefined();
  expect(answer.data.workflow).toBeNull();
});
