/** The administrators' reads: instances per state, migration candidates, unit statistics (通报). */
import type { WorkflowRecord } from '../engine/ports';
import type { ReaderScope } from '../engine/visibility';
import type { Sql } from '../kernel/sql';
import { activeStateCountsStatement, selectMigrationCandidates, unitStatisticsStatement } from './admin-queries.sql';
import { rowToRecord } from './workflow-store';

export interface StateCount {
  machineId: string;
  machineVersion: number;
  state: string;
  active: number;
  /** deadline kinds the active instances in this state carry */
  deadlineKinds: string[];
}

/** ACTIVE instances per machine, version and state, of those `scope` may read. */
export async function activeStateCounts(sql: Sql, scope: ReaderScope): Promise<StateCount[]> {
  const statement = activeStateCountsStatement(scope);
  const { rows } = await sql.query<StateCount>(statement, statement.values);
  return rows;
}

/** ACTIVE instances of one version of a machine; `ids` null: all of them. */
export async function migrationCandidates(sql: Sql, machineId: string, version: number, ids: string[] | null): Promise<WorkflowRecord[]> {
  const { rows } = await sql.query(selectMigrationCandidates, [machineId, version, ids]);
  return rows.map(rowToRecord);
}

export interface UnitStatisticsRow {
  unit: string;
  /** workflows started in the period with this lead unit, of those the reader may read */
  received: number;
  /** of those, answered at all (the answer its definition declares: a letter's SUBMIT_FEEDBACK) */
  answered: number;
  /** answered no later than the due time the answer is measured against */
  answeredOnTime: number;
  /** answered after that due time, or not answered and that due time past now */
  late: number;
  /** ACTIVE with its nearest deadline past now */
  overdueNow: number;
  /** mean days from the start of the clock (a letter's ISSUE) to the answer, 1 decimal */
  avgDaysToFeedback: number | null;
  /** 文件会签: mean hours from SEND/REVISE to the round complete (awaitingSignOff), 1 decimal */
  countersignAvgHours: number | null;
  /** the definitions' figures (statistics.figures), summed: `machineId.key` → total */
  figures: Record<string, number>;
}

/** Per lead unit (workflow.units[1]), for workflows started in [from, to) that `scope` may read. */
export async function unitStatistics(
  sql: Sql,
  query: { from: Date; to: Date; now: Date; machineId: string | null },
  scope: ReaderScope,
): Promise<UnitStatisticsRow[]> {
  const statement = unitStatisticsStatement(query, scope);
  const { rows } = await sql.query<UnitStatisticsRow>(statement, statement.values);
  return rows;
}
