/**
 * The engine: start / send. Load → decide (pure, src/engine/step.ts) → store in one statement or
 * transaction → tell listeners after commit.
 *
 * Concurrency: the first attempt decides on the record this node last read or wrote (the record
 * cache; a read without a lock when it has none) and writes with a version check: one round trip
 * when the record is cached, two otherwise. If another writer got there first, a caller that named
 * `expectedVersion` gets VERSION_CONFLICT; otherwise the event is decided again under a row lock,
 * so concurrent sends are serialised and none is lost. A refusal is only ever decided on a fresh read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { findDefinition, type Actor, type WorkflowDefinition } from '../../machines';
import type { WorkflowCalendar } from '../calendar/provider';
import type { Clock } from '../kernel/clock';
import { badInput, ErrorCode, WorkflowError } from '../kernel/errors';
import type {
  ApplyResult,
  Change,
  DueTimer,
  IdempotencyClaim,
  TransitionListener,
  WorkflowRecord,
  WorkflowStore,
} from './ports';
import { assertMayStart, computeEvent, computeRecompute, computeStart, computeTimer, type EventRequest, type StepContext } from './step';
import { directoryQuery, withDirectory, type DirectoryLookup } from './directory-check';
import type { DirectoryFields } from '../../machines/definition';
import { isUuid } from '../kernel/ids';
import { inSpan, startSpan } from '../kernel/tracing';
import { RecordCache } from './record-cache';
import {
  assertMayDelegate,
  computeDelegate,
  computeUndelegate,
  delegateInput,
  undelegateInput,
  type DelegateLookup,
} from './delegate';
import { parseAdminInput } from './repair';
import { assertReadable, notFound } from './visibility';
import { WorkflowViews, type HistoryLoader, type HistoryPageLoader } from './workflow-view';

export interface EngineDeps {
  store: WorkflowStore;
  clock: Clock;
  calendar: WorkflowCalendar;
  newId?: () => string;
  /** how many recent records the write path may decide on without reading them first; 0: none */
  recordCacheSize?: number;
  /** 组织机构与分管: checks and completes the units and people inputs name (src/engine/directory-check.ts) */
  directory?: DirectoryLookup;
}

export interface SendOptions {
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

const hashRequest = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

export class WorkflowEngine {
  private readonly listeners: TransitionListener[] = [];
  private readonly cache: RecordCache;

  constructor(private readonly deps: EngineDeps) {
    this.cache = new RecordCache(deps.recordCacheSize ?? 0);
  }

  onTransition(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  private readonly timerListeners: ((timer: DueTimer, firedAt: Date) => void)[] = [];

  /** Told when a due timer was consumed (fired, or skipped as no longer relevant): timer lag metrics. */
  onTimerFired(listener: (timer: DueTimer, firedAt: Date) => void): void {
    this.timerListeners.push(listener);
  }

  /**
   * An administrator's repair or migration (src/engine/repair.ts, src/engine/version-migration.ts): decided
   * under the row lock from the latest record and applied like every transition (history row,
   * outbox row, timers, one transaction); listeners are told after commit.
   */
  async applyAdmin(
    workflowId: string,
    decide: (current: WorkflowRecord, definition: WorkflowDefinition, ctx: StepContext) => Change,
  ): Promise<Change> {
    await this.load(workflowId);
    const { result, change } = await this.deps.store.applyLocked(workflowId, (current) =>
      decide(current, this.definitionOf(current), this.stepContext()),
    );
    if (result !== 'applied') throw new Error(`unexpected store result ${result}`);
    this.notify(change);
    return change;
  }

  start(
    machineId: string,
    input: unknown,
    actor: Actor,
    idempotencyKey?: string | null,
    options: { confidential?: boolean } = {},
  ): Promise<WorkflowRecord> {
    return inSpan('engine.startWorkflow', { 'workflow.machine_id': String(machineId) }, () =>
      this.startUntraced(machineId, input, actor, idempotencyKey, options),
    );
  }

  private async startUntraced(
    machineId: string,
    input: unknown,
    actor: Actor,
    idempotencyKey: string | null | undefined,
    options: { confidential?: boolean },
  ): Promise<WorkflowRecord> {
    const definition = findDefinition(machineId);
    if (!definition) throw badInput(`unknown machine ${machineId}`, [{ path: 'machineId', message: 'no such machine' }]);
    const confidential = options.confidential ?? false;
    const claim = this.claim(actor, idempotencyKey, { op: 'start', machineId, input, confidential });
    const replay = await this.replay(claim);
    if (replay) return replay;
    assertMayStart(definition, actor);
    const checked = await this.withDirectory(definition.start.directory, input);
    const id = (this.deps.newId ?? randomUUID)();
    const change = computeStart(definition, id, checked, actor, claim, this.stepContext(), confidential);
    return this.finish(await this.deps.store.insert(change), change, claim);
  }

  send(workflowId: string, request: EventRequest, options: SendOptions = {}): Promise<WorkflowRecord> {
    return inSpan('engine.sendEvent', { 'workflow.id': workflowId, 'workflow.event_type': request.type }, () =>
      this.sendUntraced(workflowId, request, options),
    );
  }

  private async sendUntraced(workflowId: string, request: EventRequest, options: SendOptions): Promise<WorkflowRecord> {
    const { expectedVersion } = options;
    const claim = this.claim(request.actor, options.idempotencyKey, {
      op: 'send',
      workflowId,
      type: request.type,
      payload: request.payload ?? {},
      expectedVersion: expectedVersion ?? null,
    });
    const replay = await this.replay(claim);
    if (replay) return readable(replay, request.actor);
    const change = await this.decideLatest(workflowId, request, claim, expectedVersion);
    // after the decision: a caller who may not see the workflow, or send this, learns nothing here
    // only the few events that name units wait for the directory; the rest go straight on
    const fields = this.definitionOf(change.record).events[request.type]?.directory;
    if (fields) await this.withDirectory(fields, request.payload);
    const result = await this.deps.store.apply(change);
    if (result !== 'stale') return this.finish(result, change, claim);
    this.cache.forget(workflowId);
    if (expectedVersion != null) throw versionConflict(readable(await this.load(workflowId), request.actor).version);
    const locked = await this.deps.store.applyLocked(workflowId, (latest) => this.decide(latest, request, claim));
    return this.finish(locked.result as ApplyResult, locked.change, claim);
  }

  /**
   * Decides the event on the cached record when there is one of the version the caller expects;
   * a refusal or a version conflict on it is checked again on a fresh read before it is given.
   */
  private async decideLatest(
    workflowId: string,
    request: EventRequest,
    claim: IdempotencyClaim | null,
    expectedVersion: number | null | undefined,
  ): Promise<Change> {
    const cached = this.cache.get(workflowId);
    if (cached && (expectedVersion == null || expectedVersion === cached.version)) {
      try {
        return this.decide(cached, request, claim);
      } catch {
        this.cache.forget(workflowId);
      }
    }
    const current = readable(await this.load(workflowId), request.actor);
    if (expectedVersion != null && expectedVersion !== current.version) throw versionConflict(current.version);
    return this.decide(current, request, claim);
  }

  /**
   * 委派 (src/engine/delegate.ts): the current step handed to `to`, a colleague of the caller's
   * unit in the directory. Checked on the latest record before the directory is asked, decided
   * again under the row lock, and written like every transition; nothing is written on a refusal.
   */
  async delegate(
    workflowId: string,
    actor: Actor,
    input: { to: unknown; note: unknown },
    options: SendOptions = {},
  ): Promise<WorkflowRecord> {
    const { expectedVersion } = options;
    const claim = this.claim(actor, options.idempotencyKey, { op: 'delegate', workflowId, ...input, expectedVersion: expectedVersion ?? null });
    const replay = await this.replay(claim);
    if (replay) return readable(replay, actor);
    const current = readable(await this.load(workflowId), actor);
    assertMayDelegate(this.definitionOf(current), current, actor);
    const request = parseAdminInput(delegateInput, { to: input.to, note: input.note });
    const lookup = await this.delegateLookup(request.to);
    return this.decideLocked(workflowId, expectedVersion, claim, (latest, definition, ctx) =>
      computeDelegate(definition, latest, actor, request, lookup, ctx, claim),
    );
  }

  /** The standing delegation of the current step withdrawn (src/engine/delegate.ts). */
  async undelegate(workflowId: string, actor: Actor, input: { note?: unknown }, options: SendOptions = {}): Promise<WorkflowRecord> {
    const { expectedVersion } = options;
    const claim = this.claim(actor, options.idempotencyKey, { op: 'undelegate', workflowId, note: input.note ?? null, expectedVersion: expectedVersion ?? null });
    const replay = await this.replay(claim);
    if (replay) return readable(replay, actor);
    readable(await this.load(workflowId), actor);
    const request = parseAdminInput(undelegateInput, { note: input.note });
    return this.decideLocked(workflowId, expectedVersion, claim, (latest, definition, ctx) =>
      computeUndelegate(definition, latest, actor, request, ctx, claim),
    );
  }

  /** Decided under the row lock on the latest record, applied in the same transaction. */
  private async decideLocked(
    workflowId: string,
    expectedVersion: number | null | undefined,
    claim: IdempotencyClaim | null,
    decide: (current: WorkflowRecord, definition: WorkflowDefinition, ctx: StepContext) => Change,
  ): Promise<WorkflowRecord> {
    const { result, change } = await this.deps.store.applyLocked(workflowId, (latest) => {
      if (expectedVersion != null && expectedVersion !== latest.version) throw versionConflict(latest.version);
      return decide(latest, this.definitionOf(latest), this.stepContext());
    });
    return this.finish(result as ApplyResult, change, claim);
  }

  /** What the directory says of a would-be delegate: nothing is in use without one. */
  private async delegateLookup(personId: string): Promise<DelegateLookup> {
    if (!this.deps.directory) return { inUse: false, person: null };
    const answer = await this.deps.directory.lookup({ units: [], people: [personId], inChargeOf: [] }, this.deps.clock.now());
    return { inUse: answer.inUse, person: answer.people.get(personId) ?? null };
  }

  /** The workflow as stored now, or null when there is none (a malformed id included). */
  async find(workflowId: string): Promise<WorkflowRecord | null> {
    const record = isUuid(workflowId) ? await this.deps.store.load(workflowId) : null;
    if (record) this.cache.put(record);
    return record;
  }

  /**
   * Fires the timers due now, up to `limit`, `concurrency` at a time. Returns how many fired and
   * how many need another look: their workflow was held by another writer, or a sibling timer's
   * transition replaced them (the replacement may be due already).
   */
  async fireDueTimers(limit = 200, concurrency = 4): Promise<{ fired: number; busy: number }> {
    const due = await this.deps.store.dueTimers(this.deps.clock.now(), limit);
    // one workflow's timers in due order, by one worker: after an outage its warning (YELLOW) is
    // applied before its due time (RED), never the other way round. The store answers in due
    // order, so a due time in the batch comes with its workflow's earlier warning while that is
    // pending; when one of them cannot be had now, the rest of the workflow's wait for the next look.
    const byWorkflow = new Map<string, DueTimer[]>();
    for (const timer of due) {
      const group = byWorkflow.get(timer.workflowId);
      if (group) group.push(timer);
      else byWorkflow.set(timer.workflowId, [timer]);
    }
    const groups = [...byWorkflow.values()];
    let fired = 0;
    let busy = 0;
    let next = 0;
    /** Fires one timer; false when the workflow was held or its timers replaced (look again). */
    const fireOne = async (timer: DueTimer): Promise<boolean> => {
      const outcome = await inSpan('timer.fire', { 'workflow.id': timer.workflowId, 'timer.kind': timer.kind, 'timer.action': timer.action }, () =>
        this.deps.store.fireTimer(timer, (current) => computeTimer(this.definitionOf(current), current, timer, this.stepContext())),
      );
      // busy: another writer holds the workflow; gone: its transition replaced the timers
      // (a sibling timer fired first). Either way the due work may still be there: look again.
      if (outcome.result === 'busy' || outcome.result === 'gone') {
        busy++;
        return false;
      }
      for (const listener of this.timerListeners) {
        try {
          listener(timer, this.deps.clock.now());
        } catch {
          // metrics must never fail a timer
        }
      }
      if (outcome.result === 'fired' && outcome.change) {
        fired++;
        this.notify(outcome.change);
      }
      return true;
    };
    const worker = async () => {
      while (next < groups.length) {
        const group = groups[next++];
        for (const timer of group) if (!(await fireOne(timer))) break;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
    return { fired, busy };
  }

  /** After a calendar change: recompute every active deadline; returns how many moved. */
  async recomputeDeadlines(): Promise<number> {
    let moved = 0;
    for (const id of await this.deps.store.activeWithDeadlines()) {
      const { result, change } = await this.deps.store.applyLocked(id, (current) =>
        computeRecompute(this.definitionOf(current), current, this.stepContext()),
      );
      if (result === 'applied' && change) {
        moved++;
        this.notify(change);
      }
    }
    return moved;
  }

  nextTimerDue(): Promise<Date | null> {
    return this.deps.store.nextTimerDue();
  }

  async load(workflowId: string): Promise<WorkflowRecord> {
    const record = await this.find(workflowId);
    if (!record) throw notFound(workflowId);
    return record;
  }

  /** Workflows as `reader` sees them, for one request (src/engine/workflow-view.ts). */
  views(reader: Actor, loadHistory: HistoryLoader, loadHistoryPage?: HistoryPageLoader): WorkflowViews {
    return new WorkflowViews(reader, this, loadHistory, loadHistoryPage);
  }

  /** The input with the directory's checks applied (unchanged while no directory is in use). */
  private async withDirectory(fields: DirectoryFields | undefined, input: unknown): Promise<unknown> {
    if (!fields || !this.deps.directory) return input;
    const answer = await this.deps.directory.lookup(directoryQuery(fields, input), this.deps.clock.now());
    return withDirectory(fields, input, answer);
  }

  definitionOf(record: WorkflowRecord): WorkflowDefinition {
    const definition = findDefinition(record.machineId, record.machineVersion);
    // a newer node started it on a version this build does not ship (a rolling upgrade): another
    // node, or this one once upgraded, serves it; retryable, like a database away
    if (!definition) {
      throw new WorkflowError(
        ErrorCode.SERVICE_UNAVAILABLE,
        `${record.machineId} v${record.machineVersion} is not known to this node (a newer version is being rolled out); retry`,
        { machineId: record.machineId, machineVersion: record.machineVersion },
      );
    }
    return definition;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** The machine's step: pure, and its own span when tracing is on. */
  private decide(current: WorkflowRecord, request: EventRequest, claim: IdempotencyClaim | null): Change {
    const span = startSpan('engine.decide', { 'workflow.machine_id': current.machineId, 'workflow.state': current.state });
    try {
      return computeEvent(this.definitionOf(current), current, request, claim, this.stepContext());
    } finally {
      span?.end();
    }
  }

  private stepContext(): StepContext {
    return { now: this.deps.clock.now(), calendar: this.deps.calendar };
  }

  private claim(actor: Actor, key: string | null | undefined, request: unknown): IdempotencyClaim | null {
    if (key == null) return null;
    if (key.length < 1 || key.length > 200) {
      throw badInput('invalid idempotency key', [{ path: 'idempotencyKey', message: 'must be 1 to 200 characters' }]);
    }
    return { actorId: actor.id, key, requestHash: hashRequest(request) };
  }

  /** The result of an earlier request with the same key, if there was one. */
  private async replay(claim: IdempotencyClaim | null): Promise<WorkflowRecord | null> {
    if (!claim) return null;
    const stored = await this.deps.store.findIdempotency(claim.actorId, claim.key);
    if (!stored) return null;
    if (stored.requestHash !== claim.requestHash) {
      throw new WorkflowError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'this idempotency key was already used for a different request',
      );
    }
    return this.load(stored.workflowId);
  }

  private async finish(result: ApplyResult, change: Change, claim: IdempotencyClaim | null): Promise<WorkflowRecord> {
    if (result === 'duplicate-key') {
      // a concurrent retry with the same key committed first
      const replay = await this.replay(claim);
      if (replay) return replay;
    }
    if (result !== 'applied') throw new Error(`unexpected store result ${result}`);
    this.notify(change);
    return change.record;
  }

  private notify(change: Change): void {
    const span = startSpan('engine.committed', { 'workflow.id': change.record.id, 'workflow.version': change.record.version });
    try {
      this.notifyListeners(change);
    } finally {
      span?.end();
    }
  }

  /** After commit: the record cache, then the listeners (the stream's sequencer kick, metrics). */
  private notifyListeners(change: Change): void {
    this.cache.put(change.record);
    for (const listener of this.listeners) {
      try {
        listener(change.record, change.transition);
      } catch {
        // a listener must never undo or fail a committed transition
      }
    }
  }
}

/** The record, if `actor` may read it; NOT_FOUND, as for an id that does not exist, if not. */
function readable(record: WorkflowRecord, actor: Actor): WorkflowRecord {
  assertReadable(actor, record);
  return record;
}

const versionConflict = (currentVersion: number) =>
  new WorkflowError(ErrorCode.VERSION_CONFLICT, `the workflow is at version ${currentVersion}`, { currentVersion });

// The engine's public face: besides the engine itself, all the layers above it may use
// (tests/architecture/layers.test.ts keeps them to this file).

// the records it exchanges, and the views it builds for a reader
export type { DraftScope, HistoryPageQuery, TransitionRecord, WorkflowRecord, WorkflowStatus } from './ports';
export { WorkflowView, WorkflowViews } from './workflow-view';
export { eventLabelOf } from './event-label';
export type {
  AvailableEventView,
  DelegationView,
  HistoryLoader,
  HistoryPageLoader,
  TransitionPage,
  TransitionView,
} from './workflow-view';

// who may read what (src/engine/visibility.ts, src/engine/redaction.ts)
export { assertReadable, canRead, readerScope } from './visibility';
export type { ReaderScope } from './visibility';
export { streamPayload } from './redaction';

// 组织机构与分管: the port the directory implements (src/engine/directory-check.ts)
export type { DirectoryAnswer, DirectoryLookup, DirectoryQuery } from './directory-check';

// machines as data, for the API and administrators
export { describeMachine } from './describe';
export type { MachineDescription } from './describe';
export { mermaidDiagram } from './diagram';
export { transitionsOf } from './inspect';
export type { TransitionEdge } from './inspect';
export type { ChainProblem } from './chain-check';

// an administrator's repairs and migrations, decided for applyAdmin
export type { StepContext } from './step';
export {
  ADMIN_EVENT_LABELS,
  computeAdminCancel,
  computeAdminMove,
  computeAdminReschedule,
  parseAdminInput,
  reasonInput,
  REPAIR_WARNING_CODES,
} from './repair';
export type { BypassedStep, Repair, RepairWarning, RepairWarningCode } from './repair';

// 委派: a step handed to a colleague of the same unit (src/engine/delegation.ts)
export { DELEGATE, DELEGATION_EVENT_LABELS, UNDELEGATE, onBehalfOfIn } from './delegation';
export type { Delegation, DelegationParty } from './delegation';
export { computeAdminReassign, reassignSchema } from './reassign';
export type { ReassignRequest } from './reassign';
export { checkInstances, computeMigrate, planMigration } from './version-migration';
export type { MigrationRequest } from './version-migration';
