/**
 * What administrators do (运维): inspect definitions, repair instances, migrate them between
 * machine versions, and (with the office) read unit statistics. Every check happens before any
 * write: the role first (FORBIDDEN), then the input (BAD_USER_INPUT), then the workflow.
 */
import { z } from 'zod';
import { definitions, findDefinition, type Actor, type Role, type WorkflowDefinition } from '../../machines';
import { isoDate } from '../../machines/common.schemas';
import { endOfShanghaiDay, shiftDate } from '../calendar/calendar';
import type { WorkflowCalendar } from '../calendar/provider';
import {
  assertReadable,
  checkInstances,
  computeAdminCancel,
  computeAdminMove,
  computeAdminReassign,
  computeAdminReschedule,
  computeMigrate,
  parseAdminInput,
  planMigration,
  readerScope,
  reasonInput,
  reassignSchema,
  type MigrationRequest,
  type ReassignRequest,
  type Repair,
  type RepairWarning,
  type StepContext,
  type WorkflowEngine,
  type WorkflowRecord,
} from '../engine/engine';
import { badInput, ErrorCode, WorkflowError } from '../kernel/errors';
import type { Sql } from '../kernel/sql';
import { activeStateCounts, migrationCandidates, unitStatistics, type UnitStatisticsRow } from '../persistence/admin-queries';
import { machineViews, type AdminMachineView } from './machine-view';
import { statisticsCsv } from './statistics-csv';
import { isUuid } from '../kernel/ids';

export interface RepairOutcome {
  workflow: WorkflowRecord;
  /** the English messages, as the history row records them */
  warnings: string[];
  /** the same warnings, each with its code and particulars */
  warningDetails: RepairWarning[];
}

export interface MigrationResult {
  workflowId: string;
  fromState: string;
  toState: string | null;
  ok: boolean;
  code: string | null;
  error: string | null;
}

export interface MigrationReport {
  machineId: string;
  fromVersion: number;
  toVersion: number;
  dryRun: boolean;
  migrated: number;
  failed: number;
  results: MigrationResult[];
}

/** A figure or rate of the statistics, with its label (from the definition that declares it). */
export interface StatisticFigure {
  machineId: string;
  key: string;
  label: string;
  /** a sum of the figure; a rate's quotient, null when its denominator is 0 */
  value: number | null;
}

export type UnitStatisticsView = Omit<UnitStatisticsRow, 'figures'> & { figures: StatisticFigure[]; rates: StatisticFigure[] };

/**
 * The definitions' figures for a unit, each labelled, 0 when none of its items counted; and
 * their rates, sums divided by sums. A unit with no item of a process shows none of its figures.
 */
function withFigures(row: UnitStatisticsRow, counted: readonly WorkflowDefinition[]): UnitStatisticsView {
  const sums = row.figures ?? {};
  const figures: StatisticFigure[] = [];
  const rates: StatisticFigure[] = [];
  for (const d of counted) {
    const declared = d.statistics;
    const of = (key: string) => sums[`${d.id}.${key}`];
    if (!declared || !Object.keys(declared.figures).some((key) => of(key) !== undefined)) continue;
    const sum = (keys: readonly string[]) => keys.reduce((total, key) => total + (of(key) ?? 0), 0);
    for (const [key, f] of Object.entries(declared.figures)) figures.push({ machineId: d.id, key, label: f.label, value: of(key) ?? 0 });
    for (const [key, r] of Object.entries(declared.rates ?? {})) {
      const denominator = sum(r.denominator);
      rates.push({ machineId: d.id, key, label: r.label, value: denominator ? Math.round((sum(r.numerator) / denominator) * 10_000) / 10_000 : null });
    }
  }
  return { ...row, figures, rates };
}

export interface StatisticsQuery {
  from: string;
  to: string;
  machineId?: string | null;
}

const MAX_STATISTICS_DAYS = 3660;

const period = z
  .object({ from: isoDate, to: isoDate, machineId: z.string().nullish() })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= MAX_STATISTICS_DAYS * 86_400_000, {
    path: ['to'],
    message: `at most ${MAX_STATISTICS_DAYS} days`,
  });

export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!actor.roles.some((r) => roles.includes(r))) {
    throw new WorkflowError(ErrorCode.FORBIDDEN, `only ${roles.join(' or ')} may ${what}`);
  }
}

export class AdminService {
  constructor(
    private readonly deps: { engine: WorkflowEngine; sql: Sql; calendar: WorkflowCalendar },
  ) {}

  async machines(actor: Actor, machineId?: string | null, version?: number | null): Promise<AdminMachineView[]> {
    requireRole(actor, ['ADMIN'], 'inspect machine definitions');
    return machineViews(await activeStateCounts(this.deps.sql, readerScope(actor)), machineId, version);
  }

  cancel(actor: Actor, workflowId: string, reason: string): Promise<RepairOutcome> {
    requireRole(actor, ['ADMIN'], 'cancel a workflow');
    const why = parseAdminInput(z.object({ reason: reasonInput }), { reason }).reason;
    return this.repair(actor, workflowId, (current, definition, ctx) => computeAdminCancel(definition, current, actor, why, ctx));
  }

  moveToState(
    actor: Actor,
    input: { workflowId: string; state: string; reason: string; contextPatch?: unknown },
  ): Promise<RepairOutcome> {
    requireRole(actor, ['ADMIN'], 'move a workflow');
    const { reason } = parseAdminInput(z.object({ reason: reasonInput }), input);
    const request = { state: input.state, reason, contextPatch: input.contextPatch as Record<string, unknown> | null };
    return this.repair(actor, input.workflowId, (current, definition, ctx) => computeAdminMove(definition, current, actor, request, ctx));
  }

  rescheduleDeadline(actor: Actor, input: { workflowId: string; kind: string; due: Date; reason: string }): Promise<RepairOutcome> {
    requireRole(actor, ['ADMIN'], 'reschedule a deadline');
    const { reason } = parseAdminInput(z.object({ reason: reasonInput }), input);
    const request = { kind: input.kind, due: input.due, reason };
    return this.repair(actor, input.workflowId, (current, definition, ctx) =>
      computeAdminReschedule(definition, current, actor, request, ctx),
    );
  }

  reassign(actor: Actor, input: ReassignRequest & { workflowId: string; reason: string }): Promise<RepairOutcome> {
    requireRole(actor, ['ADMIN'], 'reassign a workflow');
    const { reason } = parseAdminInput(z.object({ reason: reasonInput }), input);
    const request = { ...parseAdminInput(reassignSchema, input), reason };
    return this.repair(actor, input.workflowId, (current, definition, ctx) =>
      computeAdminReassign(definition, current, actor, request, ctx),
    );
  }

  /** Checks everything, then (unless a dry run) migrates each instance in its own transaction. */
  async migrate(actor: Actor, request: MigrationRequest): Promise<MigrationReport> {
    requireRole(actor, ['ADMIN'], 'migrate workflows');
    const reason = request.reason == null ? null : parseAdminInput(z.object({ reason: reasonInput }), request).reason;
    const ids = request.workflowIds ?? null;
    const badIds = (ids ?? []).flatMap((id, i) => (isUuid(id) ? [] : [{ path: `workflowIds.${i}`, message: 'not a workflow id' }]));
    if (badIds.length) throw badInput('invalid migration', badIds);
    const plan = planMigration(request, (id, version) => findDefinition(id, version));
    const records = await migrationCandidates(this.deps.sql, request.machineId, request.fromVersion, ids);
    checkInstances(plan, records, ids);
    // every change computed once before writing: a context the new version cannot take refuses all
    const ctx = this.stepContext();
    const unfit = records.flatMap((r) => {
      try {
        computeMigrate(plan, r, actor, reason, ctx);
        return [];
      } catch (error) {
        return [{ path: `workflow.${r.id}`, message: (error as Error).message }];
      }
    });
    if (unfit.length) throw badInput('invalid migration', unfit);
    const results: MigrationResult[] = [];
    for (const r of records) {
      const planned = { workflowId: r.id, fromState: r.state, toState: plan.mapping.get(r.state) ?? null };
      if (request.dryRun) {
        results.push({ ...planned, ok: true, code: null, error: null });
        continue;
      }
      try {
        const change = await this.deps.engine.applyAdmin(r.id, (current, _old, c) => computeMigrate(plan, current, actor, reason, c));
        results.push({ ...planned, fromState: change.transition.stateBefore ?? r.state, toState: change.record.state, ok: true, code: null, error: null });
      } catch (error) {
        const code = error instanceof WorkflowError ? error.code : ErrorCode.INTERNAL_SERVER_ERROR;
        const message = error instanceof WorkflowError ? error.message : 'internal error';
        results.push({ ...planned, ok: false, code, error: message });
      }
    }
    const migrated = request.dryRun ? 0 : results.filter((r) => r.ok).length;
    const { machineId, fromVersion, toVersion, dryRun } = request;
    return { machineId, fromVersion, toVersion, dryRun, migrated, failed: results.filter((r) => !r.ok).length, results };
  }

  async statistics(actor: Actor, query: StatisticsQuery): Promise<UnitStatisticsView[]> {
    requireRole(actor, ['ADMIN', 'OFFICE'], 'read unit statistics');
    const p = parseAdminInput(period, query);
    const rows = await unitStatistics(this.deps.sql, {
      from: endOfShanghaiDay(shiftDate(p.from, -1)),
      to: endOfShanghaiDay(p.to),
      now: this.deps.engine.now(),
      machineId: p.machineId ?? null,
    }, readerScope(actor));
    const counted = p.machineId ? definitions.filter((d) => d.id === p.machineId) : definitions;
    return rows.map((row) => withFigures(row, counted));
  }

  async statisticsCsv(actor: Actor, query: StatisticsQuery): Promise<string> {
    return statisticsCsv(await this.statistics(actor, query));
  }

  /**
   * A repair on the locked record. A confidential (涉密) workflow the administrator takes no part
   * in is NOT_FOUND, as it is for reading: a repair returns the whole workflow.
   */
  private async repair(
    actor: Actor,
    workflowId: string,
    compute: (current: WorkflowRecord, definition: Parameters<typeof computeAdminCancel>[0], ctx: StepContext) => Repair,
  ): Promise<RepairOutcome> {
    let warnings: RepairWarning[] = [];
    const change = await this.deps.engine.applyAdmin(workflowId, (current, definition, ctx) => {
      assertReadable(actor, current);
      const repair = compute(current, definition, ctx);
      warnings = repair.warnings;
      return repair.change;
    });
    return { workflow: change.record, warnings: warnings.map((w) => w.message), warningDetails: warnings };
  }

  private stepContext(): StepContext {
    return { now: this.deps.engine.now(), calendar: this.deps.calendar };
  }
}
