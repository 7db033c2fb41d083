/**
 * The big table for the read scenario, written straight into `workflow` with
 * INSERT … SELECT generate_series (through the API it would take hours), and EXPLAIN of the
 * exact list query the server runs. Rows are plausible, deterministic and spread out:
 * 70 % supervision letters, 30 / 60 / 10 % ACTIVE / DONE / CANCELLED, a lead unit and a co-unit
 * out of 40, one row every 20 s backwards from now. Snapshots are a real letter's, copied.
 * An open row awaits its leader in charge (vm-li, named on every row: myTasks for a leader with
 * as many tasks as there are open items), its level is the one its deadline gives now (as the
 * deadline timer would have recorded it), and one letter in five is 挂牌. The counts the
 * transactions keep (wall, statistics, tasks) are filled once after the load, the same way the
 * migrations fill them, instead of row by row.
 */
import { FILL_ALERT_COUNTS } from '../../migrations/1765324800000-CountOpenItems';
import { FILL_TASKS } from '../../migrations/1765324800001-CreateWorkflowTasks';
import { FILL_DAY_COUNTS } from '../../migrations/1765324800003-CountStatisticsByDay';
import type { Client } from 'pg';
import { readerScope } from '../../src/engine/visibility';
import type { Cursor, WorkflowFilter } from '../../src/persistence/workflow-queries';
import { listWorkflowsStatement } from '../../src/persistence/workflow-queries.sql';
import type { Actor } from '../../machines/definition';

export const UNITS = [
  '市住建局', '市交通局', '罗峰街道', '市应急局', '市教体局', '市卫健局', '市民政局', '市财政局', '市人社局', '市自然资源局',
  '市生态环境局', '市农业农村局', '市水务局', '市商务局', '市文旅局', '市市场监管局', '市城管局', '市公安局', '市发改局', '市工信局',
  '泉山街道', '梦芝街道', '温泉街道', '大秦家街道', '辛庄镇', '蚕庄镇', '金岭镇', '毕郭镇', '玲珑镇', '张星镇',
  '夏甸镇', '阜山镇', '齐山镇', '板石镇', '宋家镇', '市审批局', '市统计局', '市信访局', '市司法局', '市科技局',
];

/** The insert triggers that keep counts: off during the load, the counts filled after it in one go. */
const COUNT_TRIGGERS = ['workflow_alert_count_insert', 'workflow_task_insert', 'workflow_day_count_insert'];

/** $1 template snapshot, $2 template created_by, $3 units, $4 first g, $5 last g */
const INSERT_ROWS = `
INSERT INTO workflow (id, machine_id, machine_version, state, state_value, snapshot, status, version, title, units,
  people, deadlines, deadline, warn_at, deadline_provisional, alert_level, created_by, created_at, updated_at, awaiting, facets)
SELECT gen_random_uuid(), machine_id, 1, state, to_jsonb(state), $1::jsonb, status, 3, '督办事项 #' || g,
  ARRAY[($3::text[])[1 + (u % 40)::int], ($3::text[])[1 + ((u + 7) % 40)::int]], ARRAY['vm-li'],
  CASE WHEN status = 'ACTIVE' THEN jsonb_build_array(jsonb_build_object('kind', 'final', 'label', '限期办结',
    'due', created_at + interval '30 days', 'warnAt', created_at + interval '29 days', 'provisional', false)) ELSE '[]' END,
  CASE WHEN status = 'ACTIVE' THEN created_at + interval '30 days' END,
  CASE WHEN status = 'ACTIVE' THEN created_at + interval '29 days' END,
  false,
  CASE WHEN status <> 'ACTIVE' THEN 'BLUE' WHEN created_at + interval '30 days' <= now() THEN 'RED'
       WHEN created_at + interval '29 days' <= now() THEN 'YELLOW' ELSE 'BLUE' END,
  $2::jsonb, created_at, created_at,
  CASE WHEN status = 'ACTIVE' THEN ARRAY['person:vm-li'] ELSE '{}' END,
  CASE WHEN machine_id = 'supervisionLetter' THEN jsonb_build_object('source', '领导批示', 'flagged', g % 5 = 0) ELSE '{}' END
FROM (
  SELECT g, u, now() - g * interval '20 seconds' AS created_at,
    CASE WHEN m < 70 THEN 'supervisionLetter' WHEN m < 80 THEN 'documentCountersign'
         WHEN m < 90 THEN 'emergencyReport' ELSE 'rectificationInterview' END AS machine_id,
    CASE WHEN s < 30 THEN 'ACTIVE' WHEN s < 90 THEN 'DONE' ELSE 'CANCELLED' END AS status,
    CASE WHEN s < 30 THEN 'inProgress' WHEN s < 90 THEN 'closed' ELSE 'cancelled' END AS state
  FROM (
    -- hashint4 spreads g over the int4 range: shift to non-negative before taking remainders
    SELECT g, (hashint4(g)::bigint + 2147483648) % 100 AS m, (hashint4(-g)::bigint + 2147483648) % 100 AS s,
      (hashint4(g # 1234567)::bigint + 2147483648) AS u
    FROM generate_series($4::int, $5::int) AS g
  ) r
) w`;

/** Inserts `rows` rows in batches of 100,000, then VACUUM ANALYZE and CHECKPOINT; returns the seconds it took. */
export async function seedWorkflows(client: Client, rows: number, log: (line: string) => void): Promise<number> {
  const t0 = performance.now();
  const { rows: template } = await client.query(
    `SELECT snapshot, created_by FROM workflow WHERE machine_id = 'supervisionLetter' ORDER BY created_at LIMIT 1`,
  );
  if (!template[0]) throw new Error('no supervision letter to copy a snapshot from');
  const batch = 100_000;
  await client.query(`ALTER TABLE workflow ${COUNT_TRIGGERS.map((t) => `DISABLE TRIGGER ${t}`).join(', ')}`);
  try {
    for (let first = 1; first <= rows; first += batch) {
      const last = Math.min(rows, first + batch - 1);
      await client.query(INSERT_ROWS, [template[0].snapshot, template[0].created_by, UNITS, first, last]);
      log(`reads: ${last.toLocaleString('en')} / ${rows.toLocaleString('en')} rows`);
    }
  } finally {
    await client.query(`ALTER TABLE workflow ${COUNT_TRIGGERS.map((t) => `ENABLE TRIGGER ${t}`).join(', ')}`);
  }
  log('reads: filling the kept counts (wall, statistics, tasks)');
  await client.query('BEGIN');
  await client.query('LOCK TABLE workflow IN SHARE MODE'); // no transition between emptying and filling
  await client.query('TRUNCATE workflow_alert_count, workflow_day_count, workflow_task');
  for (const fill of [FILL_ALERT_COUNTS, FILL_TASKS, ...FILL_DAY_COUNTS]) await client.query(fill);
  await client.query('COMMIT');
  // a table in service has been vacuumed and its pages written: without this the walk would meet
  // autovacuum and the checkpointer working through a million fresh rows
  log('reads: VACUUM ANALYZE, CHECKPOINT');
  await client.query('VACUUM (ANALYZE) workflow, workflow_reader, workflow_task, workflow_alert_count, workflow_day_count');
  await client.query('CHECKPOINT');
  return (performance.now() - t0) / 1000;
}

/** The SQL and parameters listWorkflows sends for these arguments. */
export async function listQuery(filter: WorkflowFilter, first: number, after: Cursor | null, actor: Actor) {
  const { text, values } = listWorkflowsStatement(filter, first, after, new Date(), readerScope(actor));
  return { text, values };
}

export interface PlanSummary {
  /** index nodes in the plan, e.g. "Index Scan using workflow_status_idx" */
  indexes: string[];
  seqScan: boolean;
  planningMs: number | null;
  executionMs: number | null;
  lines: string[];
}

/**
 * The plan of the second of two runs on one connection: a new connection's first plan pays for
 * loading the catalog caches, which the server's pooled connections have long since done.
 */
export async function explain(client: Client, query: { text: string; values: unknown[] }): Promise<PlanSummary> {
  await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values);
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values);
  const lines = rows.map((r) => r['QUERY PLAN'] as string);
  const indexes = lines.flatMap((l) => /((?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) \S+)/.exec(l)?.[1] ?? []);
  const time = (what: string) => Number(new RegExp(`${what} Time: ([\\d.]+) ms`).exec(lines.join('\n'))?.[1] ?? NaN);
  return { indexes, seqScan: lines.some((l) => l.includes('Seq Scan')), planningMs: time('Planning'), executionMs: time('Execution'), lines };
}
