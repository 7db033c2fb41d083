/**
 * A workflow as one reader sees it: labels, the alert level now, the events they may send, the
 * context and history with drafts redacted for them. Built only for a reader who may read the
 * record (the visibility rule comes first); each part is computed when first asked for and then
 * kept, so a request that shows a workflow in many fields computes each part once.
 */
import type { Actor, RuleSource, WorkflowDefinition } from '../../machines/definition';
import { alertLevelAt, type AlertLevel, type Deadline } from '../calendar/deadlines';
import { describeMachine } from './describe';
import { visibleContext, visiblePayload, visibleSnapshot } from './redaction';
import type { DeadlineOverride } from './overrides';
import type { Escalation, HistoryPageQuery, TransitionRecord, WorkflowRecord, WorkflowStatus } from './ports';
import { eventLabelOf } from './event-label';
import { actingAs, onBehalfOfIn, type Delegation, type DelegationParty } from './delegation';
import { allows } from './rules';
import { acceptedEvents, restore } from './step';
import { assertReadable, canRead, notFound } from './visibility';

/** An event the reader may send now, with the JSON Schema of its payload. */
export interface AvailableEventView {
  type: string;
  label: string;
  payloadSchema: unknown;
}

/** A history row as the reader sees it: its payload redacted for them, with labels. */
export interface TransitionView extends TransitionRecord {
  eventLabel: string;
  stateAfterLabel: string;
  /** the delegator, when a delegate (委派) sent it for them */
  onBehalfOf: DelegationParty | null;
}

/** The standing 委派 as a reader sees it. */
export interface DelegationView extends Delegation {
  stateLabel: string;
}

/** What a view needs from the engine. */
export interface ViewSource {
  find(workflowId: string): Promise<WorkflowRecord | null>;
  definitionOf(record: WorkflowRecord): WorkflowDefinition;
  now(): Date;
}

/** Loads a workflow's history rows, in order. */
export type HistoryLoader = (workflowId: string) => Promise<TransitionRecord[]>;

/** Loads one page of a workflow's history rows, in seq order. */
export type HistoryPageLoader = (query: HistoryPageQuery) => Promise<TransitionRecord[]>;

/** A page of the history as the reader sees it, with where it lies in the whole. */
export interface TransitionPage {
  transitions: TransitionView[];
  /** every transition of the workflow as this view shows it: its version (seq is contiguous from 1) */
  totalCount: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

/** Without a page loader, a page is cut from the whole history. */
const pageOfHistory =
  (loadHistory: HistoryLoader): HistoryPageLoader =>
  async ({ workflowId, after, upTo, first }) =>
    (await loadHistory(workflowId)).filter((row) => row.seq > after && row.seq <= upTo).slice(0, first);

export class WorkflowView {
  private machine?: WorkflowDefinition;
  private label?: string;
  private level?: AlertLevel;
  private events?: AvailableEventView[];
  private shownContext?: Record<string, unknown>;
  private shownSnapshot?: unknown;
  private rows?: Promise<TransitionView[]>;

  /** NOT_FOUND, as for an id that does not exist, unless `reader` may read the record. */
  constructor(
    readonly record: WorkflowRecord,
    readonly reader: Actor,
    private readonly source: ViewSource,
    private readonly loadHistory: HistoryLoader,
    private readonly loadHistoryPage: HistoryPageLoader = pageOfHistory(loadHistory),
  ) {
    assertReadable(reader, record);
  }

  private get definition(): WorkflowDefinition {
    return (this.machine ??= this.source.definitionOf(this.record));
  }

  get status(): WorkflowStatus {
    return this.record.status;
  }

  /** the current state's deadlines, each with the clause it enforces */
  get deadlines(): (Deadline & { rule: RuleSource | null })[] {
    return this.record.deadlines.map((d) => ({ ...d, rule: this.ruleOfDeadline(d.kind) }));
  }

  /** the deadlines that passed and whom they were escalated to, with the clause */
  get escalations(): (Escalation & { rule: RuleSource | null })[] {
    return this.record.escalations.map((e) => ({ ...e, rule: this.ruleOfDeadline(e.kind) }));
  }

  private ruleOfDeadline(kind: string): RuleSource | null {
    return this.definition.deadlineRules?.[kind] ?? this.definition.rule ?? null;
  }

  /** the deadlines an administrator moved that are in force */
  get deadlineOverrides(): DeadlineOverride[] {
    return this.record.snapshot.deadlineOverrides ?? [];
  }

  get stateLabel(): string {
    return (this.label ??= this.definition.states[this.record.state]?.label ?? this.record.state);
  }

  /** the level now, from the nearest deadline (the stored level is as of the last transition) */
  get alertLevel(): AlertLevel {
    return (this.level ??= alertLevelAt(this.record.deadline, this.record.warnAt, this.source.now()));
  }

  /** the machine context; drafts under discussion only for their readers */
  get context(): Record<string, unknown> {
    return (this.shownContext ??= visibleContext(this.definition, this.record, this.reader));
  }

  /** the stored XState snapshot, its context redacted as `context` */
  get snapshot(): unknown {
    return (this.shownSnapshot ??= visibleSnapshot(this.definition, this.record, this.reader));
  }

  /** the 委派 of the current step, while it stands */
  get delegation(): DelegationView | null {
    const d = this.record.snapshot.delegation;
    return d ? { ...d, stateLabel: this.definition.states[d.state]?.label ?? d.state } : null;
  }

  /** the client events the state accepts now that the reader's roles and relations allow (a delegate's: the delegator's) */
  get availableEvents(): AvailableEventView[] {
    return (this.events ??= this.computeEvents());
  }

  /** the transitions in order; loaded only when asked for */
  history(): Promise<TransitionView[]> {
    return (this.rows ??= this.loadHistory(this.record.id).then((rows) => rows.map((row) => this.transitionView(row))));
  }

  /**
   * The transitions after seq `after`, oldest first, at most `first`: up to the version this view
   * shows, so the page, its count and the record agree even while the workflow moves on. Every
   * row is shown as in `history` (the same redaction).
   */
  async transitionPage(after: number, first: number): Promise<TransitionPage> {
    const total = this.record.version;
    const rows = after < total ? await this.loadHistoryPage({ workflowId: this.record.id, after, upTo: total, first }) : [];
    return {
      transitions: rows.map((row) => this.transitionView(row)),
      totalCount: total,
      // seq runs from 1 without gaps: something lies before any seq ≥ 1
      hasPreviousPage: after > 0 && total > 0,
      hasNextPage: rows.length > 0 && rows[rows.length - 1].seq < total,
    };
  }

  private computeEvents(): AvailableEventView[] {
    const { definition } = this;
    const reader = actingAs(this.reader, this.record.snapshot.delegation).actor;
    const snapshot = restore(definition, this.record);
    const schemas = new Map(describeMachine(definition).events.map((e) => [e.type, e.payloadSchema]));
    return acceptedEvents(snapshot, reader, this.source.now().toISOString())
      .filter((type) => allows(definition, definition.events[type].allow, reader, snapshot.context))
      .map((type) => ({ type, label: definition.events[type].label, payloadSchema: schemas.get(type) }));
  }

  private transitionView(row: TransitionRecord): TransitionView {
    const { definition } = this;
    const type = row.eventType;
    return {
      ...row,
      payload: visiblePayload(definition, this.record, type, row.payload, this.reader),
      eventLabel: eventLabelOf(definition, type),
      stateAfterLabel: definition.states[row.stateAfter]?.label ?? row.stateAfter,
      onBehalfOf: definition.events[type] ? onBehalfOfIn(row.payload) : null,
    };
  }
}

/**
 * One reader's views, for the length of one request: a record's view is built once however often
 * it is asked for, and only if the reader may read it.
 */
export class WorkflowViews {
  private readonly views = new WeakMap<WorkflowRecord, WorkflowView>();

  constructor(
    readonly reader: Actor,
    private readonly source: ViewSource,
    private readonly loadHistory: HistoryLoader,
    private readonly loadHistoryPage?: HistoryPageLoader,
  ) {}

  /** The reader's view of a record they may read; NOT_FOUND if they may not. */
  of(record: WorkflowRecord): WorkflowView {
    let view = this.views.get(record);
    if (!view) {
      view = new WorkflowView(record, this.reader, this.source, this.loadHistory, this.loadHistoryPage);
      this.views.set(record, view);
    }
    return view;
  }

  /** The view of the workflow as stored now; null when there is none or the reader may not read it. */
  async find(workflowId: string): Promise<WorkflowView | null> {
    const record = await this.source.find(workflowId);
    return record && canRead(this.reader, record) ? this.of(record) : null;
  }

  /** As `find`, but NOT_FOUND instead of null. */
  async load(workflowId: string): Promise<WorkflowView> {
    const view = await this.find(workflowId);
    if (!view) throw notFound(workflowId);
    return view;
  }
}
