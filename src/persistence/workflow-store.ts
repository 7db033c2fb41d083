/** The engine's WorkflowStore on PostgreSQL. */
import { currentTraceparent } from '../kernel/tracing';
import type { Actor, Role } from '../../machines/definition';
import type { AlertLevel, Deadline } from '../calendar/deadlines';
import type {
  ApplyResult,
  Change,
  DueTimer,
  StoredIdempotency,
  TransitionRecord,
  WorkflowRecord,
  WorkflowStatus,
  WorkflowStore,
} from '../engine/ports';
import { snapshotDigest, transitionHash } from '../engine/chain';
import type { Queryable, Row, Sql, TransactionOptions } from '../kernel/sql';
import * as sql from './workflow-store.sql';

/** A change with its history row's hash and the digest of the record it writes (src/engine/chain.ts). */
type Sealed = Change & { hash: string; digest: string };

export function rowToRecord(row: Row): WorkflowRecord {
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
    awaiting: row.awaiting,
    escalations: row.escalations,
    escalatedTo: row.escalated_to,
    confidential: row.confidential,
    lastHash: row.last_hash,
    draft: row.draft_readers ? { readers: row.draft_readers, wholeItem: row.draft_whole } : null,
    clockStartedAt: row.clock_started_at,
    answeredAt: row.answered_at,
    answerDue: row.answer_due,
    facets: row.facets ?? {},
    figures: row.figures ?? {},
  };
}

/** A history row as the engine's TransitionRecord (its chain columns aside). */
export function rowToTransition(row: Row): TransitionRecord {
  return {
    workflowId: row.workflow_id,
    seq: row.seq,
    eventType: row.event_type,
    payload: row.payload,
    actor: { id: row.actor_id, name: row.actor_name, roles: row.actor_roles as Role[], unit: row.actor_unit },
    stateBefore: row.state_before,
    stateAfter: row.state_after,
    alertLevel: row.alert_level,
    at: row.at,
  };
}

function values(change: Sealed): unknown[] {
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
    JSON.stringify(change.timers.map((t) => ({ kind: t.kind, action: t.action, due_at: t.dueAt.toISOString() }))),
    r.awaiting,
    JSON.stringify(r.escalations),
    r.escalatedTo,
    r.lastHash,
    change.hash,
    change.digest,
    r.draft?.readers ?? null,
    r.draft?.wholeItem ?? false,
    r.clockStartedAt,
    r.answeredAt,
    r.answerDue,
    JSON.stringify(r.facets),
    JSON.stringify(r.figures),
    currentTraceparent(),
  ];
}

/** An insert also names the machine, the creator and confidentiality ($41–$44). */
const insertValues = (change: Sealed) => [
  ...values(change),
  change.record.machineId,
  change.record.machineVersion,
  JSON.stringify(change.record.createdBy),
  change.record.confidential,
];

const isDuplicateKey = (error: unknown) =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'idempotency_key_pkey';

/**
 * Writes a change with its history row chained to the previous one and binding the record written
 * (src/engine/chain.ts). The record's `lastHash` is the predecessor's until the write succeeds,
 * then the new row's.
 */
async function write(db: Queryable, statement: { name: string; text: string }, change: Change, insert = false): Promise<ApplyResult> {
  const digest = snapshotDigest(change.record);
  const sealed = { ...change, hash: transitionHash(change.record.lastHash, change.transition, digest), digest };
  const result = await run(db, statement, insert ? insertValues(sealed) : values(sealed));
  if (result === 'applied') change.record.lastHash = sealed.hash;
  return result;
}

async function run(db: Queryable, statement: { name: string; text: string }, params: unknown[]): Promise<ApplyResult> {
  try {
    const result = await db.query(statement, params);
    return result.rowCount === 1 ? 'applied' : 'stale';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate-key';
    throw error;
  }
}

const timerOf = (row: Row): DueTimer => ({
  id: String(row.id),
  workflowId: row.workflow_id,
  kind: row.kind,
  action: row.action,
  dueAt: row.due_at,
});

/** One options object for every transaction: `work` answers whether to commit. */
const COMMIT_WHEN_ASKED: TransactionOptions<{ commit: boolean }> = { commit: (result) => result.commit };

export class PgWorkflowStore implements WorkflowStore {
  constructor(private readonly db: Sql) {}

  async load(id: string): Promise<WorkflowRecord | null> {
    const { rows } = await this.db.query(sql.selectWorkflow, [id]);
    return rows[0] ? rowToRecord(rows[0]) : null;
  }

  async findIdempotency(actorId: string, key: string): Promise<StoredIdempotency | null> {
    const { rows } = await this.db.query(sql.selectIdempotency, [actorId, key]);
    if (!rows[0]) return null;
    return { requestHash: rows[0].request_hash, workflowId: rows[0].workflow_id, version: rows[0].version };
  }

  insert(change: Change): Promise<ApplyResult> {
    return write(this.db, sql.insertWorkflow, change, true);
  }

  apply(change: Change): Promise<ApplyResult> {
    return write(this.db, sql.applyTransition, change);
  }

  async dueTimers(now: Date, limit: number): Promise<DueTimer[]> {
    const { rows } = await this.db.query(sql.selectDueTimers, [now, limit]);
    return rows.map(timerOf);
  }

  async nextTimerDue(): Promise<Date | null> {
    const { rows } = await this.db.query(sql.selectNextTimer);
    return rows[0]?.due_at ?? null;
  }

  async fireTimer(
    timer: DueTimer,
    decide: (current: WorkflowRecord) => Change | null,
  ): Promise<{ result: 'fired' | 'skipped' | 'busy' | 'gone'; change: Change | null }> {
    return this.transaction(async (client) => {
      const locked = await client.query(sql.lockWorkflowIfFree, [timer.workflowId]);
      if (!locked.rows[0]) return { result: 'busy' as const, change: null, commit: false };
      const deleted = await client.query(sql.deleteTimer, [timer.id]);
      if (!deleted.rowCount) return { result: 'gone' as const, change: null, commit: false };
      const change = decide(rowToRecord(locked.rows[0]));
      if (!change) return { result: 'skipped' as const, change: null, commit: true };
      const applied = await write(client, sql.applyTransition, change);
      if (applied !== 'applied') throw new Error(`timer ${timer.id}: unexpected ${applied} under lock`);
      return { result: 'fired' as const, change, commit: true };
    });
  }

  /** BEGIN … COMMIT (or ROLLBACK when `work` says so or throws) on one pooled connection. */
  private async transaction<T extends { commit: boolean }>(work: (client: Queryable) => Promise<T>): Promise<Omit<T, 'commit'>> {
    const { commit: _, ...result } = await this.db.transaction(work, COMMIT_WHEN_ASKED);
    return result;
  }

  async applyLocked<C extends Change | null>(
    id: string,
    decide: (current: WorkflowRecord) => C,
  ): Promise<{ result: ApplyResult | 'skipped'; change: C }> {
    return this.transaction(async (client) => {
      const { rows } = await client.query(sql.selectWorkflowForUpdate, [id]);
      if (!rows[0]) throw new Error(`workflow ${id} vanished`);
      const change = decide(rowToRecord(rows[0]));
      if (!change) return { result: 'skipped' as const, change, commit: false };
      const result = await write(client, sql.applyTransition, change);
      // a migration (ADMIN_MIGRATE) moves the workflow to another version of its machine; the
      // hot path's statement never changes machine_version, so it is set here, in the same transaction
      if (result === 'applied' && change.record.machineVersion !== rows[0].machine_version) {
        await client.query(sql.updateMachineVersion, [id, change.record.machineVersion]);
      }
      return { result, change, commit: result === 'applied' };
    });
  }

  async activeWithDeadlines(): Promise<string[]> {
    const { rows } = await this.db.query(sql.selectActiveWithDeadlines);
    return rows.map((r) => r.id);
  }
}
