/**
 * Administrators' repairs (运维修复), as pure functions from the locked record to a Change: each
 * is a transition like any other — a history row with the administrator as actor and the reason
 * in the payload, an outbox row, the timers replaced — so nothing is edited in place and the
 * history stays contiguous. Who may repair (ADMIN) is checked by the caller (src/admin/).
 */
import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import { reason as reasonSchema } from '../../machines/common.schemas';
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { describeMachine } from './describe';
import { badInput, ErrorCode, WorkflowError } from '../kernel/errors';
import { leafStatePaths, shortestPath, snapshotAt } from './inspect';
import type { DeadlineOverride } from './overrides';
import type { Change, WorkflowRecord } from './ports';
import { changeOf, recordFor, restore, type StepContext } from './step';

export const ADMIN_CANCEL = 'ADMIN_CANCEL';
export const ADMIN_MOVE = 'ADMIN_MOVE';
export const ADMIN_RESCHEDULE = 'ADMIN_RESCHEDULE';
export const ADMIN_REASSIGN = 'ADMIN_REASSIGN';
export const ADMIN_MIGRATE = 'ADMIN_MIGRATE';

/** Chinese labels of the administrators' event types, for histories. */
export const ADMIN_EVENT_LABELS: Record<string, string> = {
  [ADMIN_CANCEL]: '管理员撤销',
  [ADMIN_MOVE]: '管理员调整状态',
  [ADMIN_RESCHEDULE]: '管理员调整期限',
  [ADMIN_REASSIGN]: '管理员调整承办单位或人员',
  [ADMIN_MIGRATE]: '流程版本迁移',
};

/** The kinds of thing a repair can skip or leave unguaranteed. */
export const REPAIR_WARNING_CODES = ['REOPENED', 'STATE_UNCHANGED', 'NO_PATH', 'BYPASSED', 'DEADLINE_PAST', 'DUPLICATE_PARTY'] as const;
export type RepairWarningCode = (typeof REPAIR_WARNING_CODES)[number];

/** One event a move bypassed, in order; `type` null where the machine would have moved by itself. */
export interface BypassedStep {
  type: string | null;
  label: string | null;
}

/**
 * What a repair skipped or could not guarantee: a code and its particulars, for a client to put
 * in its own words, and the English message the history row's payload records.
 */
export interface RepairWarning {
  code: RepairWarningCode;
  message: string;
  /** a move's states (STATE_UNCHANGED: `from` only) */
  from?: string;
  to?: string;
  /** REOPENED: the status the workflow had */
  status?: string;
  /** BYPASSED: the events the move skipped, in order */
  bypassed?: BypassedStep[];
  /** DEADLINE_PAST: the deadline already due */
  deadline?: { kind: string; label: string; due: Date };
  /** DUPLICATE_PARTY: the context path that now lists a unit or person twice */
  path?: string;
}

export interface Repair {
  change: Change;
  /** what the repair skipped or could not guarantee; their messages are in the history row's payload */
  warnings: RepairWarning[];
}

/** The history row records the warnings' messages. */
export const warningMessages = (warnings: readonly RepairWarning[]): string[] => warnings.map((w) => w.message);

/** Parses administrator input with a zod schema; issues become BAD_USER_INPUT fields. */
export function parseAdminInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const byPath = new Map<string, string>();
  for (const i of result.error.issues) {
    const path = i.path.join('.') || '(root)';
    if (!byPath.has(path)) byPath.set(path, i.message);
  }
  throw badInput('invalid input', [...byPath].map(([path, message]) => ({ path, message })));
}

export const reasonInput = reasonSchema;

export const notActive = (current: WorkflowRecord) =>
  new WorkflowError(ErrorCode.EVENT_NOT_ACCEPTED, `the workflow is ${current.status}, not ACTIVE`, {
    state: current.state,
    acceptedEvents: [],
  });

/**
 * The Change for `next`, recorded as `eventType` by the administrator. A context that does not
 * fit the state (its deadlines or description fail) is refused, never stored half-made.
 */
export function adminChange(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  next: AnyMachineSnapshot,
  actor: Actor,
  eventType: string,
  payload: Record<string, unknown>,
  ctx: StepContext,
  overrides: DeadlineOverride[] | undefined = current.snapshot.deadlineOverrides,
): Change {
  let built: ReturnType<typeof recordFor>;
  try {
    const base = { ...current, version: current.version + 1, snapshot: { ...current.snapshot, deadlineOverrides: overrides } };
    built = recordFor(definition, next, base, ctx);
  } catch (error) {
    if (error instanceof WorkflowError) throw error;
    throw badInput(`the context does not fit state ${next.value ? JSON.stringify(next.value) : ''} of ${definition.id} v${definition.version}`, [
      { path: 'contextPatch', message: (error as Error).message },
    ]);
  }
  return changeOf(definition, current, built, { type: eventType, payload, actor }, ctx.now);
}

/** Deadlines of the new record already past: moving into a state does not make them sensible. */
const pastDeadlines = (change: Change, now: Date): RepairWarning[] =>
  change.record.deadlines
    .filter((d) => d.due <= now)
    .map((d) => ({
      code: 'DEADLINE_PAST',
      message: `deadline ${d.kind} (${d.label}) is already past: ${d.due.toISOString()}`,
      deadline: { kind: d.kind, label: d.label, due: d.due },
    }));

/** The machine's final state whose status is CANCELLED (撤销/撤回), if it has one. */
export function cancelledState(definition: WorkflowDefinition): string | undefined {
  const finals = describeMachine(definition).states.filter((s) => s.final).map((s) => s.id);
  return finals.find((p) => definition.states[p]?.finalStatus === 'CANCELLED');
}

/**
 * ADMIN_CANCEL: to the machine's CANCELLED final state, context unchanged. A machine without one
 * is refused: a CANCELLED status on a state that still accepts events would be a lie.
 */
export function computeAdminCancel(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  actor: Actor,
  reason: string,
  ctx: StepContext,
): Repair {
  if (current.status !== 'ACTIVE') throw notActive(current);
  const target = cancelledState(definition);
  if (!target) {
    throw badInput(`${definition.id} has no cancelled final state`, [
      { path: 'workflowId', message: 'this machine cannot be cancelled; use adminMoveToState to one of its final states' },
    ]);
  }
  const next = snapshotAt(definition, target, current.snapshot.context);
  const payload = { reason, from: current.state, to: target };
  return { change: adminChange(definition, current, next, actor, ADMIN_CANCEL, payload, ctx), warnings: [] };
}

export interface MoveRequest {
  state: string;
  reason: string;
  contextPatch?: Record<string, unknown> | null;
}

const patchSchema = z.record(z.string(), z.unknown()).nullish();

/**
 * ADMIN_MOVE: to any leaf state, with an optional shallow patch of existing context keys. No
 * action of the machine runs; the warnings say which events the move bypassed.
 */
export function computeAdminMove(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  actor: Actor,
  request: MoveRequest,
  ctx: StepContext,
): Repair {
  const leaves = leafStatePaths(definition);
  if (!leaves.includes(request.state)) {
    throw badInput(`no state ${request.state} in ${definition.id} v${definition.version}`, [
      { path: 'state', message: `expected one of ${leaves.join(', ')}` },
    ]);
  }
  const patch = parseAdminInput(patchSchema, request.contextPatch) ?? {};
  const unknownKeys = Object.keys(patch).filter((k) => !Object.hasOwn(current.snapshot.context, k));
  if (unknownKeys.length) {
    throw badInput('invalid contextPatch', unknownKeys.map((k) => ({ path: `contextPatch.${k}`, message: 'not a key of the context' })));
  }
  const warnings = moveWarnings(definition, current, request.state);
  const context = { ...current.snapshot.context, ...patch };
  const next = snapshotAt(definition, request.state, context);
  const payload: Record<string, unknown> = { reason: request.reason, from: current.state, to: request.state };
  if (Object.keys(patch).length) payload.contextPatch = patch;
  const change = adminChange(definition, current, next, actor, ADMIN_MOVE, payload, ctx);
  warnings.push(...pastDeadlines(change, ctx.now));
  if (warnings.length) payload.warnings = warningMessages(warnings);
  return { change, warnings };
}

function moveWarnings(definition: WorkflowDefinition, current: WorkflowRecord, to: string): RepairWarning[] {
  const from = current.state;
  const warnings: RepairWarning[] = [];
  if (current.status !== 'ACTIVE') {
    warnings.push({ code: 'REOPENED', message: `reopened a ${current.status} workflow`, status: current.status });
  }
  if (from === to) return [...warnings, { code: 'STATE_UNCHANGED', message: `state unchanged (${from})`, from }];
  const path = shortestPath(definition, from, to);
  if (path === null) {
    warnings.push({ code: 'NO_PATH', message: `skipped from ${from} to ${to}: no sequence of events leads there`, from, to });
    return warnings;
  }
  const bypassed = path.map((type) => ({ type, label: type ? (definition.events[type]?.label ?? null) : null }));
  const name = ({ type, label }: BypassedStep) => (type ? `${type} ${label ?? ''}`.trim() : '(automatic)');
  warnings.push({ code: 'BYPASSED', message: `skipped from ${from} to ${to}, bypassing ${bypassed.map(name).join(' → ')}`, from, to, bypassed });
  return warnings;
}

export interface RescheduleRequest {
  kind: string;
  due: Date;
  reason: string;
}

/**
 * ADMIN_RESCHEDULE: one deadline of the current state moves to `due`, its warning keeping the
 * machine's lead time. Kept as an override (src/engine/overrides.ts) so later transitions keep it
 * while the state and the machine's own due time stay.
 */
export function computeAdminReschedule(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  actor: Actor,
  request: RescheduleRequest,
  ctx: StepContext,
): Repair {
  if (current.status !== 'ACTIVE') throw notActive(current);
  const { kind, due } = request;
  const effective = current.deadlines.find((d) => d.kind === kind);
  if (!effective) {
    throw badInput(`no deadline ${kind} in state ${current.state}`, [
      { path: 'kind', message: `expected one of ${current.deadlines.map((d) => d.kind).join(', ') || '(none)'}` },
    ]);
  }
  if (Number.isNaN(due.getTime()) || due <= ctx.now) {
    throw badInput('invalid due time', [{ path: 'due', message: `must be after now (${ctx.now.toISOString()})` }]);
  }
  const snapshot = restore(definition, current);
  const others = (current.snapshot.deadlineOverrides ?? []).filter((o) => o.kind !== kind);
  // the machine's own deadline of that kind, without this kind's override
  const machine = adminChange(definition, current, snapshot, actor, ADMIN_RESCHEDULE, {}, ctx, others).record.deadlines.find(
    (d) => d.kind === kind,
  );
  if (!machine) throw badInput(`the machine no longer declares deadline ${kind} here`, [{ path: 'kind', message: 'not rescheduled' }]);
  const lead = machine.due.getTime() - machine.warnAt.getTime();
  const override: DeadlineOverride = {
    state: current.state,
    kind,
    due: due.toISOString(),
    warnAt: new Date(due.getTime() - Math.max(0, lead)).toISOString(),
    machineDue: machine.due.toISOString(),
    reason: request.reason,
    by: actor.id,
    at: ctx.now.toISOString(),
  };
  const payload = { reason: request.reason, kind, before: effective.due.toISOString(), due: override.due, machineDue: override.machineDue };
  const change = adminChange(definition, current, snapshot, actor, ADMIN_RESCHEDULE, payload, ctx, [...others, override]);
  return { change, warnings: [] };
}
