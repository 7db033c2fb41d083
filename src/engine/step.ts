/**
 * The pure part of the engine: given a definition, the stored record and an event, compute the
 * change to store, or refuse with a coded error. No I/O here.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import {
  DEADLINE_PASSED,
  DEADLINE_WARNING,
  SYSTEM_ACTOR,
  type Actor,
  type PayloadIssue,
  type RuleSource,
  type WorkflowDefinition,
} from '../../machines/definition';
import type { WorkflowCalendar } from '../calendar/provider';
import { alertLevelAt, nearest, resolveDeadline, type Deadline } from '../calendar/deadlines';
import { badInput, ErrorCode, WorkflowError } from '../kernel/errors';
import { partyTokens, unique } from '../../machines/parties';
import { applyOverrides } from './overrides';
import { actingAs, standingDelegation } from './delegation';
import { answerOf } from './answer';
import { draftScope } from './redaction';
import { assertReadable } from './visibility';
import type { Change, DueTimer, Escalation, IdempotencyClaim, TimerSpec, WorkflowRecord, WorkflowStatus } from './ports';
import { allows, candidateEvents, statePath } from './rules';
import type { z } from 'zod';

export const START_EVENT = 'START';

export interface StepContext {
  now: Date;
  calendar: WorkflowCalendar;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    // one issue per field: the first says what is wrong ("abc" is not shaped like a date)
    const byPath = new Map<string, string>();
    for (const i of result.error.issues) {
      const path = i.path.join('.') || '(root)';
      if (!byPath.has(path)) byPath.set(path, i.message);
    }
    throw badInput(`invalid ${what}`, [...byPath].map(([path, message]) => ({ path, message })));
  }
  return result.data;
}

export function restore(definition: WorkflowDefinition, record: WorkflowRecord): AnyMachineSnapshot {
  return definition.machine.resolveState({
    value: record.snapshot.value as any,
    context: record.snapshot.context,
  });
}

function statusOf(definition: WorkflowDefinition, snapshot: AnyMachineSnapshot, path: string): WorkflowStatus {
  if (snapshot.status !== 'done') return 'ACTIVE';
  return definition.states[path]?.finalStatus ?? 'DONE';
}

function deadlinesOf(definition: WorkflowDefinition, path: string, context: unknown, ctx: StepContext): Deadline[] {
  const specs = definition.states[path]?.deadlines?.(context) ?? [];
  return specs.map((spec) => resolveDeadline(spec, ctx.calendar.current()));
}

/**
 * Deadlines already handled stay handled while they are still the state's deadlines. A party the
 * deadline no longer escalates to (a countersigning unit that has since signed) drops out of the
 * escalation, and so off the tasks it was put on; the DEADLINE_PASSED history row keeps who was told.
 */
function stillOverdue(escalations: Escalation[], deadlines: Deadline[], now: Date): Escalation[] {
  return escalations.flatMap((e) => {
    const d = deadlines.find((x) => x.kind === e.kind && x.due.toISOString() === e.due);
    return d && Date.parse(e.due) <= now.getTime() ? [{ ...e, to: e.to.filter((p) => d.escalateTo.includes(p)) }] : [];
  });
}

/** A warning still ahead, and every due time not yet handled (a past one fires at once). */
function timersFor(deadlines: Deadline[], escalations: Escalation[], now: Date): TimerSpec[] {
  return deadlines.flatMap((d) => {
    const handled = escalations.some((e) => e.kind === d.kind && e.due === d.due.toISOString());
    return [
      ...(d.warnAt > now && d.warnAt < d.due ? [{ kind: d.kind, action: 'WARN' as const, dueAt: d.warnAt }] : []),
      ...(handled ? [] : [{ kind: d.kind, action: 'DUE' as const, dueAt: d.due }]),
    ];
  });
}

type RecordBase = Pick<WorkflowRecord, 'id' | 'version' | 'createdBy' | 'createdAt' | 'escalations' | 'confidential' | 'lastHash'> &
  Partial<Pick<WorkflowRecord, 'snapshot' | 'draft' | 'clockStartedAt' | 'answeredAt' | 'answerDue'>>;

/** The definition's statistics figures for a context: a finite number for each, 0 otherwise. */
export function figuresOf(definition: WorkflowDefinition, context: unknown): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [key, figure] of Object.entries(definition.statistics?.figures ?? {})) {
    const value = figure.value(context);
    figures[key] = Number.isFinite(value) ? value : 0;
  }
  return figures;
}

/** Builds the stored record for a snapshot, and the timers its deadlines need. */
export function recordFor(
  definition: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  base: RecordBase,
  ctx: StepContext,
): { record: WorkflowRecord; timers: TimerSpec[] } {
  const state = statePath(snapshot.value);
  const status = statusOf(definition, snapshot, state);
  const active = status === 'ACTIVE';
  const computed = active ? deadlinesOf(definition, state, snapshot.context, ctx) : [];
  // an administrator's reschedule holds while the state and the machine's own due time do
  const { deadlines, overrides } = applyOverrides(state, computed, base.snapshot?.deadlineOverrides ?? []);
  const { due, warnAt, provisional } = nearest(deadlines);
  const escalations = stillOverdue(base.escalations, deadlines, ctx.now);
  const described = definition.describe(snapshot.context);
  // a 委派 covers the step: it holds while the state and the delegator's party do
  const delegation = standingDelegation(definition, state, snapshot.context, active, base.snapshot?.delegation);
  const delegate = delegation ? [delegation.to.id] : [];
  const record: WorkflowRecord = {
    ...base,
    machineId: definition.id,
    machineVersion: definition.version,
    state,
    stateValue: snapshot.value,
    snapshot: {
      value: snapshot.value,
      context: snapshot.context,
      status: snapshot.status,
      ...(overrides.length ? { deadlineOverrides: overrides } : {}),
      ...(delegation ? { delegation } : {}),
    },
    status,
    title: described.title,
    units: described.units,
    people: delegation ? unique([...described.people, ...delegate]) : described.people,
    deadlines,
    deadline: due,
    warnAt,
    deadlineProvisional: provisional,
    alertLevel: alertLevelAt(due, warnAt, ctx.now),
    awaiting: active ? unique([...partyTokens(definition.states[state]?.awaiting?.(snapshot.context)), ...delegate.map((id) => `person:${id}`)]) : [],
    escalations,
    escalatedTo: unique(escalations.flatMap((e) => e.to)),
    updatedAt: ctx.now,
    draft: draftScope(definition, state, snapshot.context, !active, base.draft ?? null, base.createdBy),
    // the answer is kept by changeOf, which knows the event
    clockStartedAt: base.clockStartedAt ?? null,
    answeredAt: base.answeredAt ?? null,
    answerDue: base.answerDue ?? null,
    facets: definition.facets?.(snapshot.context) ?? {},
    figures: figuresOf(definition, snapshot.context),
  };
  return { record, timers: timersFor(deadlines, escalations, ctx.now) };
}

/** The change to store: the new record, its history row (seq = the version it produced), its timers. */
export function changeOf(
  definition: WorkflowDefinition,
  before: WorkflowRecord | null,
  built: { record: WorkflowRecord; timers: TimerSpec[] },
  event: { type: string; payload: Record<string, unknown>; actor: Actor },
  now: Date,
  idempotency: IdempotencyClaim | null = null,
): Change {
  const { timers } = built;
  const record = { ...built.record, ...answerOf(definition, before, built.record, event.type) };
  return {
    record,
    timers,
    transition: {
      workflowId: record.id,
      seq: record.version,
      eventType: event.type,
      payload: event.payload,
      actor: event.actor,
      stateBefore: before?.state ?? null,
      stateAfter: record.state,
      alertLevel: record.alertLevel,
      at: now,
    },
    idempotency,
  };
}

/** The clause a refusal cites, in `extensions.rule` (omitted when the definition names none). */
const cited = (rule: RuleSource | undefined) => (rule ? { rule } : {});

export function assertMayStart(definition: WorkflowDefinition, actor: Actor): void {
  if (!allows(definition, definition.start.allow, actor, null)) {
    throw new WorkflowError(ErrorCode.FORBIDDEN, `your roles may not start a ${definition.title}`, cited(definition.start.rule ?? definition.rule));
  }
}

/** BAD_USER_INPUT from a rule's check: the event's clause, and a field's own where it names one. */
function ruleIssues(message: string, issues: PayloadIssue[], rule: RuleSource | undefined): WorkflowError {
  return new WorkflowError(ErrorCode.BAD_USER_INPUT, message, {
    invalidFields: issues.map(({ rule: own, ...issue }) => ({ ...issue, ...cited(own) })),
    ...cited(rule),
  });
}

export function computeStart(
  definition: WorkflowDefinition,
  id: string,
  rawInput: unknown,
  actor: Actor,
  idempotency: IdempotencyClaim | null,
  ctx: StepContext,
  confidential = false,
): Change {
  assertMayStart(definition, actor);
  const input = parse(definition.start.input, rawInput, 'input');
  const issues = definition.start.check?.(input, ctx.calendar.today(ctx.now), actor) ?? [];
  if (issues.length) throw ruleIssues('invalid input', issues, definition.start.rule ?? definition.rule);
  const [snapshot] = initialTransition(definition.machine, input);
  const base = { id, version: 1, createdBy: actor, createdAt: ctx.now, escalations: [], confidential, lastHash: null };
  const built = recordFor(definition, snapshot, base, ctx);
  return changeOf(definition, null, built, { type: START_EVENT, payload: input as Record<string, unknown>, actor }, ctx.now, idempotency);
}

/** Event types the state accepts now (guards evaluated on an empty payload). */
export function acceptedEvents(snapshot: AnyMachineSnapshot, actor: Actor, at: string): string[] {
  return candidateEvents(snapshot).filter((type) => snapshot.can({ type, payload: {}, actor, at }));
}

export interface EventRequest {
  type: string;
  payload: unknown;
  actor: Actor;
}

/**
 * Decides one event on a snapshot, in the order clients rely on: known type → FORBIDDEN (roles
 * and relations) → EVENT_NOT_ACCEPTED (state) → BAD_USER_INPUT (payload) → guards → checks
 * needing the context. Returns the next snapshot and the parsed payload, or throws.
 */
export function decideEvent(
  definition: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  request: EventRequest,
  now: Date,
  today: string,
): { next: AnyMachineSnapshot; payload: Record<string, unknown> } {
  const { type, actor } = request;
  const state = statePath(snapshot.value);
  // own keys only: "constructor", "__proto__", "toString" … are not events
  const eventDef = Object.hasOwn(definition.events, type) ? definition.events[type] : undefined;
  if (!eventDef) {
    throw badInput(`unknown event ${type} for ${definition.id}`, [
      { path: 'type', message: `expected one of ${Object.keys(definition.events).join(', ')}` },
    ]);
  }
  const rule = eventDef.rule ?? definition.rule;
  if (!allows(definition, eventDef.allow, actor, snapshot.context)) {
    throw new WorkflowError(ErrorCode.FORBIDDEN, `you may not ${eventDef.label} (${type}) on this workflow`, cited(rule));
  }
  const at = now.toISOString();
  const refuse = () =>
    new WorkflowError(ErrorCode.EVENT_NOT_ACCEPTED, `${type} is not accepted in state ${state}`, {
      state,
      acceptedEvents: acceptedEvents(snapshot, actor, at),
      ...cited(rule),
    });
  // the state must handle the type before the payload is worth reading
  if (!candidateEvents(snapshot).includes(type)) throw refuse();
  const payload = parse(eventDef.payload, request.payload, `payload for ${type}`) as Record<string, unknown>;
  const event = { type, payload, actor, at };
  if (!snapshot.can(event)) throw refuse();
  const issues = eventDef.check?.(snapshot.context, payload, today) ?? [];
  if (issues.length) throw ruleIssues(`invalid payload for ${type}`, issues, rule);
  const [next] = transition(definition.machine, snapshot, event);
  return { next, payload };
}

export function computeEvent(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  request: EventRequest,
  idempotency: IdempotencyClaim | null,
  ctx: StepContext,
): Change {
  const { type, actor } = request;
  // the visibility rule first: a workflow the caller may not read is one that does not exist
  assertReadable(actor, current);
  // a delegate (委派) acts for the delegator: decided as theirs, recorded as the delegate's
  const acting = actingAs(actor, current.snapshot.delegation);
  const { next, payload } = decideEvent(
    definition,
    restore(definition, current),
    { ...request, actor: acting.actor },
    ctx.now,
    ctx.calendar.today(ctx.now),
  );
  const built = recordFor(definition, next, { ...current, version: current.version + 1 }, ctx);
  const recorded = acting.onBehalfOf ? { ...payload, onBehalfOf: acting.onBehalfOf } : payload;
  return changeOf(definition, current, built, { type, payload: recorded, actor }, ctx.now, idempotency);
}

/**
 * A timer firing: a transition like any other, by the system actor. The machine may handle the
 * event (an automatic 催办, a move); either way the alert level is recomputed and, for a due
 * time, the deadline is marked handled and escalated. Null when the timer no longer matches the
 * workflow's deadlines (the state was left or the deadline moved).
 */
export function computeTimer(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  timer: DueTimer,
  ctx: StepContext,
): Change | null {
  if (current.status !== 'ACTIVE') return null;
  const deadline = current.deadlines.find(
    (d) => d.kind === timer.kind && (timer.action === 'DUE' ? d.due : d.warnAt).getTime() === timer.dueAt.getTime(),
  );
  if (!deadline) return null;
  const type = timer.action === 'DUE' ? DEADLINE_PASSED : DEADLINE_WARNING;
  const due = deadline.due.toISOString();
  const payload = { kind: deadline.kind, label: deadline.label, due, escalatedTo: timer.action === 'DUE' ? deadline.escalateTo : [] };
  const snapshot = restore(definition, current);
  const event = { type, payload, actor: SYSTEM_ACTOR, at: ctx.now.toISOString() };
  const next = snapshot.can(event) ? transition(definition.machine, snapshot, event)[0] : snapshot;
  const escalations =
    timer.action === 'DUE'
      ? [...current.escalations, { kind: deadline.kind, due, to: deadline.escalateTo, at: ctx.now.toISOString() }]
      : current.escalations;
  const base = { ...current, version: current.version + 1, escalations };
  return changeOf(definition, current, recordFor(definition, next, base, ctx), { type, payload, actor: SYSTEM_ACTOR }, ctx.now);
}

export const DEADLINES_RECOMPUTED = 'DEADLINES_RECOMPUTED';

const sameDeadlines = (a: Deadline[], b: Deadline[]) =>
  a.length === b.length &&
  a.every((d, i) => d.kind === b[i].kind && +d.due === +b[i].due && +d.warnAt === +b[i].warnAt && d.provisional === b[i].provisional);

/**
 * The calendar changed (an administrator loaded a year, or a day): the same state's deadlines
 * computed again. A recorded transition when they moved; null when nothing changed.
 */
export function computeRecompute(definition: WorkflowDefinition, current: WorkflowRecord, ctx: StepContext): Change | null {
  if (current.status !== 'ACTIVE') return null;
  const snapshot = restore(definition, current);
  const built = recordFor(definition, snapshot, { ...current, version: current.version + 1 }, ctx);
  const { record } = built;
  if (sameDeadlines(record.deadlines, current.deadlines)) return null;
  const payload = {
    reason: '工作日历已更新',
    before: current.deadlines.map((d) => ({ kind: d.kind, due: d.due.toISOString(), provisional: d.provisional })),
    after: record.deadlines.map((d) => ({ kind: d.kind, due: d.due.toISOString(), provisional: d.provisional })),
  };
  return changeOf(definition, current, built, { type: DEADLINES_RECOMPUTED, payload, actor: SYSTEM_ACTOR }, ctx.now);
}
