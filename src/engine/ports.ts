/** What the engine needs from the outside world, and the records it exchanges with it. */
import type { Actor, Facets } from '../../machines/definition';
import type { AlertLevel, Deadline } from '../calendar/deadlines';
import type { Delegation } from './delegation';
import type { DeadlineOverride } from './overrides';

export type WorkflowStatus = 'ACTIVE' | 'DONE' | 'CANCELLED';

/** A workflow instance as stored. */
export interface WorkflowRecord {
  id: string;
  machineId: string;
  machineVersion: number;
  /** readable dotted path of the current state, e.g. `inProgress` */
  state: string;
  stateValue: unknown;
  /**
   * persisted XState snapshot: { value, context, status }, the deadlines an administrator
   * moved (ADMIN_RESCHEDULE), in force while they hold (src/engine/overrides.ts), and the 委派 of
   * the current state's step while it stands (src/engine/delegation.ts)
   */
  snapshot: {
    value: unknown;
    context: Record<string, unknown>;
    status: string;
    deadlineOverrides?: DeadlineOverride[];
    delegation?: Delegation;
  };
  status: WorkflowStatus;
  version: number;
  title: string;
  units: string[];
  people: string[];
  deadlines: Deadline[];
  deadline: Date | null;
  warnAt: Date | null;
  deadlineProvisional: boolean;
  /** the level stored at the last transition; see alertLevelAt for the level now */
  alertLevel: AlertLevel;
  /** party tokens (machines/parties.ts) who must act in the current state */
  awaiting: string[];
  /** deadlines of the current state that passed and were handled (RED, escalation) */
  escalations: Escalation[];
  /** everyone escalated to, as party tokens */
  escalatedTo: string[];
  createdBy: Actor;
  createdAt: Date;
  updatedAt: Date;
  /** 涉密: only named participants see it; never sent to subscribers or webhooks */
  confidential: boolean;
  /** hash of the last history row (src/engine/chain.ts) */
  lastHash: string | null;
  /** what is undecided now and who may see it (src/engine/redaction.ts); null when nothing is */
  draft: DraftScope | null;
  /** the 通报 answer (the definition's `answer`): when its clock started, when it was answered */
  clockStartedAt: Date | null;
  answeredAt: Date | null;
  /** the due time the answer is measured against: of the answered state once answered */
  answerDue: Date | null;
  /**
   * the definition's search fields and statistics figures, derived from the context at each
   * change (the snapshot digest binds the context they come from)
   */
  facets: Facets;
  figures: Record<string, number>;
}

/** Undecided parts of a workflow: party tokens of who may see them; the whole item, or some keys. */
export interface DraftScope {
  readers: string[];
  wholeItem: boolean;
}

export interface Escalation {
  kind: string;
  /** the deadline's due time, ISO: identifies which deadline passed */
  due: string;
  /** party tokens it is escalated to: those the deadline names, less any it no longer names */
  to: string[];
  at: string;
}

/** A moment a deadline needs the engine: its warning (YELLOW) or its due time (RED). */
export interface TimerSpec {
  kind: string;
  action: 'WARN' | 'DUE';
  dueAt: Date;
}

export interface DueTimer extends TimerSpec {
  id: string;
  workflowId: string;
}

/** One row of the append-only history. `seq` equals the workflow version it produced. */
export interface TransitionRecord {
  workflowId: string;
  seq: number;
  eventType: string;
  payload: Record<string, unknown>;
  actor: Actor;
  stateBefore: string | null;
  stateAfter: string;
  alertLevel: AlertLevel;
  at: Date;
}

/** Which rows of a workflow's history a page holds: seq after `after` and at most `upTo`, the first `first` of them. */
export interface HistoryPageQuery {
  workflowId: string;
  after: number;
  upTo: number;
  first: number;
}

export interface IdempotencyClaim {
  actorId: string;
  key: string;
  /** hash of the request, so a reused key with another request is refused */
  requestHash: string;
}

export interface StoredIdempotency {
  requestHash: string;
  workflowId: string;
  version: number;
}

/** A state change to write atomically: the new record, its history row, its outbox row. */
export interface Change {
  record: WorkflowRecord;
  transition: TransitionRecord;
  idempotency: IdempotencyClaim | null;
  /** replaces every pending timer of the workflow */
  timers: TimerSpec[];
}

export type ApplyResult = 'applied' | 'stale' | 'duplicate-key';

export interface WorkflowStore {
  load(id: string): Promise<WorkflowRecord | null>;
  findIdempotency(actorId: string, key: string): Promise<StoredIdempotency | null>;
  /** Inserts a new workflow with its first history row, in one transaction. */
  insert(change: Change): Promise<ApplyResult>;
  /** Writes `change` if the stored version is still `change.record.version - 1`. */
  apply(change: Change): Promise<ApplyResult>;
  /**
   * Locks the workflow (SELECT … FOR UPDATE) for the length of `decide`, then applies what it
   * returns in the same transaction. Serialises concurrent writers.
   */
  applyLocked<C extends Change | null>(
    id: string,
    decide: (current: WorkflowRecord) => C,
  ): Promise<{ result: ApplyResult | 'skipped'; change: C }>;
  /** Ids of active workflows that have deadlines (to recompute when the calendar changes). */
  activeWithDeadlines(): Promise<string[]>;
  /** Timers due at `now`, earliest first. */
  dueTimers(now: Date, limit: number): Promise<DueTimer[]>;
  /** The earliest pending timer, if any. */
  nextTimerDue(): Promise<Date | null>;
  /**
   * Fires one timer in one transaction: locks its workflow (skipping it if another writer holds
   * it: 'busy'), deletes the timer ('gone' if someone else did), and applies what `decide`
   * returns (null: the timer no longer matters, it is just consumed).
   */
  fireTimer(
    timer: DueTimer,
    decide: (current: WorkflowRecord) => Change | null,
  ): Promise<{ result: 'fired' | 'skipped' | 'busy' | 'gone'; change: Change | null }>;
}

/** Told after commit about each transition (subscriptions, metrics). */
export interface TransitionListener {
  (record: WorkflowRecord, transition: TransitionRecord): void;
}
