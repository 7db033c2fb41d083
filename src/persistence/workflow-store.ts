/** The engine's WorkflowStore on PostgreSQL. */
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { Actor } from '../../machines/definition';
import type { AlertLevel, Deadline } from '../calendar/deadlines';
import type {
  ApplyResult,
  Change,
  StoredIdempotency,
  WorkflowRecord,
  WorkflowStatus,
  WorkflowStore,
} from '../engine/ports';
import * as sql from './workflow.sql';

type Queryable = Pick<Pool | PoolClient, 'query'>;

export function rowToRecord(row: QueryResultRow): WorkflowRecord {
  return {
    id: row.id,
    machineId: row.machine_id,
    machineVersion: row.machine_version,
    state: row.state,
    stateValue: row.state_value,
    snapshot: row.snapshot,
    status: row.status as WorkflowStatus,
    version: row.version,
    title: row.title,
    units: row.units,
    people: row.people,
    deadlines: (row.deadlines as Array<Record<string, unknown>>).map(
      (d) => ({ ...d, due: new Date(d.due as string), warnAt: new Date(d.warnAt as string) }) as Deadline,
    ),
    deadline: row.deadline,
    warnAt: row.warn_at,
    deadlineProvisional: row.deadline_provisional,
    alertLevel: row.alert_level as AlertLevel,
    createdBy: row.created_by as Actor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function values(change: Change): unknown[] {
  const { record: r, transition: t, idempotency: k } = change;
  return [
    r.id,
    r.version - 1,
    r.state,
    JSON.stringify(r.stateValue),
    JSON.stringify(r.snapshot),
    r.status,
    r.title,
    r.units,
    r.people,
    JSON.stringify(r.deadlines),
    r.deadline,
    r.warnAt,
    r.deadlineProvisional,
    r.alertLevel,
    r.updatedAt,
    t.eventType,
    JSON.stringify(t.payload),
    t.actor.id,
    t.actor.name,
    t.actor.roles,
    t.actor.unit,
    t.stateBefore,
    k?.actorId ?? null,
    k?.key ?? null,
    k?.requestHash ?? null,
  ];
}

const isDuplicateKey = (error: unknown) =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'idempotency_key_pkey';

async function run(db: Queryable, statement: { name: string; text: string }, params: unknown[]): Promise<ApplyResult> {
  try {
    const result = await db.query({ ...statement, values: params });
    return result.rowCount === 1 ? 'applied' : 'stale';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate-key';
    throw error;
  }
}

export class PgWorkflowStore implements WorkflowStore {
  constructor(private readonly pool: Pool) {}

  async load(id: string): Promise<WorkflowRecord | null> {
    const { rows } = await this.pool.query({ ...sql.selectWorkflow, values: [id] });
    return rows[0] ? rowToRecord(rows[0]) : null;
  }

  async findIdempotency(actorId: string, key: string): Promise<StoredIdempotency | null> {
    const { rows } = await this.pool.query({ ...sql.selectIdempotency, values: [actorId, key] });
    if (!rows[0]) return null;
    return { requestHash: rows[0].request_hash, workflowId: rows[0].workflow_id, version: rows[0].version };
  }

  insert(change: Change): Promise<ApplyResult> {
    const { machineId, machineVersion, createdBy } = change.record;
    return run(this.pool, sql.insertWorkflow, [...values(change), machineId, machineVersion, JSON.stringify(createdBy)]);
  }

  apply(change: Change): Promise<ApplyResult> {
    return run(this.pool, sql.applyTransition, values(change));
  }

  async applyLocked(
    id: string,
    decide: (current: WorkflowRecord) => Change,
  ): Promise<{ result: ApplyResult; change: Change }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query({ ...sql.selectWorkflowForUpdate, values: [id] });
      if (!rows[0]) throw new Error(`workflow ${id} vanished`);
      const change = decide(rowToRecord(rows[0]));
      const result = await run(client, sql.applyTransition, values(change));
      await client.query(result === 'applied' ? 'COMMIT' : 'ROLLBACK');
      return { result, change };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
