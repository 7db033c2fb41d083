/**
 * Moving running instances from one version of a machine to another (版本迁移). Everything is
 * checked before anything is written: both versions exist, every mapping's states exist, and every
 * state the selected instances are in has a mapping. Each instance then moves in its own
 * transaction as an ADMIN_MIGRATE transition: machine_version changes, the context is kept.
 */
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { badInput, ErrorCode, WorkflowError, type InvalidField } from '../kernel/errors';
import { leafStatePaths, snapshotAt } from './inspect';
import type { Change, WorkflowRecord } from './ports';
import { ADMIN_MIGRATE, adminChange } from './repair';
import type { StepContext } from './step';

export interface MigrationRequest {
  machineId: string;
  fromVersion: number;
  toVersion: number;
  stateMapping: { from: string; to: string }[];
  workflowIds?: string[] | null;
  dryRun: boolean;
  reason?: string | null;
}

export interface MigrationPlan {
  from: WorkflowDefinition;
  to: WorkflowDefinition;
  /** source state → target state */
  mapping: Map<string, string>;
}

const refuse = (fields: InvalidField[]) => {
  if (fields.length) throw badInput('invalid migration', fields);
};

/** The versions and the mapping, checked on their own. */
export function planMigration(
  request: MigrationRequest,
  find: (id: string, version: number) => WorkflowDefinition | undefined,
): MigrationPlan {
  const from = find(request.machineId, request.fromVersion);
  const to = find(request.machineId, request.toVersion);
  refuse([
    ...(from ? [] : [{ path: 'fromVersion', message: `no ${request.machineId} v${request.fromVersion}` }]),
    ...(to ? [] : [{ path: 'toVersion', message: `no ${request.machineId} v${request.toVersion}` }]),
    ...(request.fromVersion === request.toVersion ? [{ path: 'toVersion', message: 'must differ from fromVersion' }] : []),
  ]);
  const sources = leafStatePaths(from!);
  const targets = leafStatePaths(to!);
  const mapping = new Map<string, string>();
  const fields: InvalidField[] = [];
  request.stateMapping.forEach((m, i) => {
    if (!sources.includes(m.from)) fields.push({ path: `stateMapping.${i}.from`, message: `no state ${m.from} in v${from!.version}` });
    else if (mapping.has(m.from)) fields.push({ path: `stateMapping.${i}.from`, message: `${m.from} is mapped twice` });
    if (!targets.includes(m.to)) fields.push({ path: `stateMapping.${i}.to`, message: `no state ${m.to} in v${to!.version}` });
    mapping.set(m.from, m.to);
  });
  refuse(fields);
  return { from: from!, to: to!, mapping };
}

/**
 * The selected instances, checked against the plan: each named id is an ACTIVE instance of the
 * source version, and each state they are in is mapped. `ids` null: every ACTIVE instance.
 */
export function checkInstances(plan: MigrationPlan, records: WorkflowRecord[], ids: string[] | null): void {
  const found = new Set(records.map((r) => r.id));
  const fields: InvalidField[] = [];
  ids?.forEach((id, i) => {
    if (!found.has(id)) {
      fields.push({ path: `workflowIds.${i}`, message: `not an ACTIVE ${plan.from.id} v${plan.from.version} workflow` });
    }
  });
  const unmapped = new Map<string, number>();
  for (const r of records) if (!plan.mapping.has(r.state)) unmapped.set(r.state, (unmapped.get(r.state) ?? 0) + 1);
  for (const [state, n] of unmapped) fields.push({ path: 'stateMapping', message: `no mapping for state ${state} (${n} instances)` });
  refuse(fields);
}

/** One instance's migration, decided on the locked record. */
export function computeMigrate(plan: MigrationPlan, current: WorkflowRecord, actor: Actor, reason: string | null, ctx: StepContext): Change {
  if (current.machineId !== plan.from.id || current.machineVersion !== plan.from.version || current.status !== 'ACTIVE') {
    throw new WorkflowError(ErrorCode.VERSION_CONFLICT, 'the workflow changed since the migration was checked', {
      currentVersion: current.version,
    });
  }
  const target = plan.mapping.get(current.state);
  if (!target) throw badInput(`no mapping for state ${current.state}`, [{ path: 'stateMapping', message: current.state }]);
  const next = snapshotAt(plan.to, target, current.snapshot.context);
  const payload = {
    reason,
    fromVersion: plan.from.version,
    toVersion: plan.to.version,
    from: current.state,
    to: target,
  };
  return adminChange(plan.to, current, next, actor, ADMIN_MIGRATE, payload, ctx);
}
