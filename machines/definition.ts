/**
 * The contract between a workflow definition and the engine.
 *
 * A machine declares; the engine implements. Everything here is pure data or pure functions of
 * (context, actor, payload): no database, no clock, no I/O. Time reaches a machine only as the
 * `at` field of the event the engine feeds it.
 *
 * Glossary (术语):
 * - 督办函 supervisionLetter: a letter pushing a unit to do a task by a deadline (clause 9).
 * - 承办单位 / 牵头单位 leadUnit: the unit that must act; 协办单位 coUnits help.
 * - 分管领导 leaderInCharge: the municipal leader responsible for the area.
 * - 反馈 feedback, 进展 progress, 办结 closure, 延期 extension, 催办 urging, 转办 reassignment,
 *   撤销 cancellation.
 * - 蓝黄红 alert levels: BLUE on track, YELLOW deadline near, RED deadline passed.
 * - 工作日 working day: PRC statutory calendar with 调休, Asia/Shanghai.
 */
import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';

export const ROLES = [
  'MAYOR',
  'EXECUTIVE_VICE_MAYOR',
  'VICE_MAYOR',
  'OFFICE',
  'DEPARTMENT',
  'TOWN',
  'ADMIN',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  MAYOR: '市长',
  EXECUTIVE_VICE_MAYOR: '常务副市长',
  VICE_MAYOR: '分管副市长',
  OFFICE: '市政府办公室（督查室）',
  DEPARTMENT: '市政府工作部门',
  TOWN: '镇街区',
  ADMIN: '系统管理员',
};

/** Who performs an act. `unit` is the unit code the actor belongs to. */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
  unit: string;
}

/** The event a machine receives: the client's payload plus who sent it and when. */
export interface WorkflowEvent<TType extends string = string, TPayload = Record<string, unknown>> {
  type: TType;
  payload: TPayload;
  actor: Actor;
  /** ISO timestamp of the act, supplied by the engine's clock. */
  at: string;
}

/** A relation between an actor and one workflow, e.g. "the letter's lead unit". */
export interface RelationDefinition<TContext> {
  label: string;
  holds: (context: TContext, actor: Actor) => boolean;
}

/**
 * One way of being allowed to send an event: any of `roles` and, when given, the `relation`.
 * An event is allowed when any rule matches.
 */
export interface AllowRule<TRelation extends string = string> {
  roles: readonly Role[];
  relation?: TRelation;
}

/** Who is meant: units by code, people by id, or anyone holding a role. */
export interface Parties {
  units?: readonly string[];
  people?: readonly string[];
  roles?: readonly Role[];
}

/** What happens besides RED when a deadline passes. */
export interface DeadlineEffects {
  /** who is told and must now see the item among their tasks (逐级上报 / 督办升级) */
  escalateTo?: Parties;
}

/** A deadline a state imposes, as data; the engine turns it into a time with the calendar. */
export type DeadlineSpec = DeadlineEffects &
  (
    | {
        kind: string;
        label: string;
        /** N working days after the day of `from`: due at 24:00 Asia/Shanghai of the N-th working day. */
        workingDays: number;
        from: string;
        /** Warn this many working days before (default 1). */
        warnWorkingDays?: number;
        /**
         * For periodic reports: YELLOW once the N-th day has passed, RED only after this many
         * further working days.
         */
        graceWorkingDays?: number;
      }
    | {
        kind: string;
        label: string;
        /** A calendar date, due at 24:00 Asia/Shanghai of that date. */
        date: string;
        warnWorkingDays?: number;
      }
    | {
        kind: string;
        label: string;
        /** Exact minutes after `from`; warned at 75% of the allowed time. */
        minutes: number;
        from: string;
      }
  );

/**
 * Events the engine sends when time passes. A machine may handle them (to count an automatic
 * 催办, or to move on); if it does not, the engine still records the change of alert level.
 * Payload: { kind, label, due }.
 */
export const DEADLINE_WARNING = 'DEADLINE_WARNING';
export const DEADLINE_PASSED = 'DEADLINE_PASSED';

/** The actor of transitions nobody requested: timers firing. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统', roles: [], unit: 'system' };

/** Where a rule comes from: the clause of the source document, in its own words. */
export interface RuleSource {
  document: string;
  clause: number;
  text: string;
}

/** 招远市人民政府关于加强政府自身建设的意见 */
export const SOURCE_DOCUMENT = '招政发〔2022〕21号';

export const clause = (number: number, text: string): RuleSource => ({ document: SOURCE_DOCUMENT, clause: number, text });

/** A check of a payload against the current context, e.g. "the new date is later". */
export interface PayloadIssue {
  path: string;
  message: string;
  /** the clause this check enforces, when it is not the event's own */
  rule?: RuleSource;
}

/**
 * Which fields of an input or payload name the organisation's units and people (组织机构与分管,
 * clause 21). Once a directory is loaded the engine checks them against it (an unknown or
 * dissolved unit, an unknown person → BAD_USER_INPUT naming the field) and fills a person field
 * left out with the leader in charge (分管领导) of the unit in another field, as of the act.
 */
export interface DirectoryFields {
  /** fields holding a unit code, or a list of them */
  units?: readonly string[];
  /** fields holding a person `{ id, name }` */
  people?: readonly string[];
  /** person field → the unit field whose leader in charge it defaults to when left out */
  inChargeOf?: Readonly<Record<string, string>>;
}

export interface EventDefinition<TContext, TRelation extends string = string> {
  label: string;
  description?: string;
  allow: readonly AllowRule<TRelation>[];
  payload: z.ZodType;
  /** payload fields naming units and people of the directory */
  directory?: DirectoryFields;
  /** the clause its refusals cite (default: the definition's `rule`) */
  rule?: RuleSource;
  /** Checks that need the context or today's date (Asia/Shanghai); returns the invalid fields. */
  check?: (context: TContext, payload: any, today: string) => PayloadIssue[];
}

export interface StateDefinition<TContext> {
  label: string;
  description?: string;
  /** Status of a final state (default DONE). */
  finalStatus?: 'DONE' | 'CANCELLED';
  deadlines?: (context: TContext) => DeadlineSpec[];
  /** Who must act while the workflow is in this state (their tasks). */
  awaiting?: (context: TContext) => Parties;
  /**
   * 委派: a party this state awaits by unit or by name may hand the step to a named colleague of
   * the same unit (src/engine/delegation.ts). The delegate sees the item, has it among their tasks
   * and may send what the delegator could send here, acting for them; the delegator stays
   * accountable (deadlines, alert levels and escalations are unchanged). The delegation ends when
   * the workflow leaves the state, or the delegator's party is no longer awaited in it. Opt in
   * only where one party's step is worked by its own staff.
   */
  delegable?: true;
}

export interface WorkflowDefinition<TContext = any, TRelation extends string = string> {
  id: string;
  version: number;
  title: string;
  description: string;
  machine: AnyStateMachine;
  start: {
    label: string;
    allow: readonly AllowRule<TRelation>[];
    input: z.ZodType;
    /** Checks on the input that need today's date or the starter, e.g. "due date not in the past". */
    check?: (input: any, today: string, actor: Actor) => PayloadIssue[];
    /** input fields naming units and people of the directory */
    directory?: DirectoryFields;
    /** the clause a refused start cites (default: the definition's `rule`) */
    rule?: RuleSource;
  };
  /**
   * Every rule says where it comes from: the clause the process enforces, cited by its refusals,
   * deadlines and escalations unless a more precise one is given (`events.*.rule`,
   * `start.rule`, `deadlineRules` by deadline kind).
   */
  rule?: RuleSource;
  deadlineRules?: Readonly<Record<string, RuleSource>>;
  relations: Record<TRelation, RelationDefinition<TContext>>;
  /** Keyed by the state's dotted path. */
  states: Record<string, StateDefinition<TContext>>;
  events: Record<string, EventDefinition<TContext, TRelation>>;
  /**
   * What is undecided (clause 29: opinions under discussion and undecided matters must not
   * leak). While the workflow is in one of `privateIn` — and for good when it ends from one of
   * them without being decided (a draft letter cancelled before issue) — only `readers` see what
   * is undecided (and the creator, for a whole item): the whole workflow when `wholeItem` (a letter
   * before it is issued), otherwise these context keys and the payloads of these events. Other
   * callers get what they would get for a workflow that does not exist (`wholeItem`), or the
   * parts redacted; the stream and webhooks never carry a draft event's payload.
   */
  drafts?: {
    privateIn: readonly string[];
    readers: (context: TContext) => Parties;
    wholeItem?: boolean;
    contextKeys?: readonly string[];
    events?: readonly string[];
  };
  /**
   * What the 通报 statistics count as this workflow's answer: the act that starts its clock,
   * the act (an event, or the first entry into a state) that answers it, and the deadline the
   * answer is measured against (null: the nearest deadline of the state it answers in).
   */
  answer?: {
    clockStartsWith: string;
    answeredBy: { event: string } | { state: string };
    deadlineKind: string | null;
  };
  /** What the workflow shows in lists, and whom it involves (for filters and visibility). */
  describe: (context: TContext) => { title: string; units: string[]; people: string[] };
  /**
   * The business fields an office searches by (`workflows(filter: …)`): only what everyone who
   * may see the item may see — never personal data or an undecided opinion, which a match
   * would betray.
   */
  facets?: (context: TContext) => Facets;
  /**
   * What the 通报 statistics count for this process beyond the answer (received, on time …):
   * per workflow a number for each figure, summed per unit; rates are sums divided by sums.
   */
  statistics?: {
    figures: Readonly<Record<string, { label: string; value: (context: TContext) => number }>>;
    rates?: Readonly<Record<string, { label: string; numerator: readonly string[]; denominator: readonly string[] }>>;
  };
}

/** Search fields of a workflow; each is optional, and a filter on one matches only items that have it. */
export interface Facets {
  /** 来源: where the matter came from (领导批示, 电话 …) */
  source?: string;
  /** 挂牌督办 */
  flagged?: boolean;
  /** 类别: the kind or category of the matter */
  kind?: string;
  /** the period the item is about, as calendar dates (YYYY-MM-DD), both ends included */
  period?: { from: string; to: string };
}

export function defineWorkflow<TContext, TRelation extends string>(
  definition: WorkflowDefinition<TContext, TRelation>,
): WorkflowDefinition<TContext, TRelation> {
  return definition;
}
