/** The snapshot digest a history row records is stable through PostgreSQL's jsonb, arrays and timestamps. */
import { randomUUID } from 'node:crypto';
import { openSql, type SqlPool } from '../../src/db/sql';
import type { Change, WorkflowRecord } from '../../src/engine/ports';
import { verifyWorkflowChain } from '../../src/persistence/chain-queries';
import { PgWorkflowStore } from '../../src/persistence/workflow-store';
import { people } from '../helpers/cast';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
let pool: SqlPool;
beforeAll(async () => {
  db = await createTestDatabase();
  pool = openSql({ url: db.url, poolSize: 2 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const actor = people.office;

/** A context with what jsonb rewrites: key order, number spellings, escapes, holes, dates. */
const awkward = {
  zeta: 1, alpha: { b: [3, 2, 1], a: {} },
  numbers: [0.1 + 0.2, 1e21, 5e-324, -0, 2 ** 60, 1.5, -17],
  text: '督查 "引号" \\ 反斜杠\n换行 \t 😀 \u2028',
  holes: [undefined, null, { gone: undefined, kept: false }],
  when: new Date('2026-03-01T08:00:00.123Z'),
};

function change(id: string, version: number, lastHash: string | null, now: Date): Change {
  const record: WorkflowRecord = {
    id, machineId: 'supervisionLetter', machineVersion: 1, state: 'awaitingFeedback', stateValue: 'awaitingFeedback',
    snapshot: { value: 'awaitingFeedback', context: { ...awkward, version }, status: 'active' },
    status: 'ACTIVE', version, title: '老旧小区改造督办 😀', units: ['市住建局', 'a"b', 'c\\d', 'e,f {g}'], people: ['vm-li'],
    deadlines: [{ kind: 'feedback', label: '反馈', due: new Date('2026-04-01T09:30:00.001Z'), warnAt: new Date('2026-03-31T09:30:00Z'), provisional: false } as never],
    deadline: new Date('2026-04-01T09:30:00.001Z'), warnAt: new Date('2026-03-31T09:30:00Z'), deadlineProvisional: false,
    alertLevel: 'BLUE', awaiting: ['unit:市住建局'], escalations: [], escalatedTo: [], createdBy: actor,
    createdAt: new Date('2026-03-01T08:00:00.007Z'), updatedAt: now, confidential: false, lastHash,
    draft: { readers: ['person:office-wang', 'role:OFFICE', 'unit:a"b'], wholeItem: false },
    clockStartedAt: new Date('2026-03-01T08:00:00.007Z'), answeredAt: null, answerDue: new Date('2026-04-01T09:30:00.001Z'),
    facets: { source: '领导批示', period: { from: '2026-03-01', to: '2026-04-01' } }, figures: { rated: 1 },
  };
  const transition = {
    workflowId: id, seq: version, eventType: version === 1 ? 'START' : 'URGE', payload: { message: awkward.text },
    actor, stateBefore: version === 1 ? null : 'awaitingFeedback', stateAfter: 'awaitingFeedback', alertLevel: 'BLUE' as const, at: now,
  };
  return { record, transition, idempotency: null, timers: [] };
}

test('a workflow with an awkward context verifies with its snapshot checked, after each write', async () => {
  const store = new PgWorkflowStore(pool);
  const id = randomUUID();
  const first = change(id, 1, null, new Date('2026-03-01T08:00:00.007Z'));
  expect(await store.insert(first)).toBe('applied');
  expect(await verifyWorkflowChain(pool, id)).toMatchObject({ ok: true, checked: 1, snapshotChecked: true });
  const second = change(id, 2, first.record.lastHash, new Date('2026-03-02T08:00:00.999Z'));
  expect(await store.apply(second)).toBe('applied');
  expect(await verifyWorkflowChain(pool, id)).toMatchObject({ ok: true, checked: 2, snapshotChecked: true, problem: null });
});
