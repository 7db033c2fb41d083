/**
 * 常态化履职 recurring duties with quotas (clauses 2, 6, 7, 8, 10, 12, 14): input, context and
 * payloads.
 */
import { z } from 'zod';
import { isoDate, person, reason, text, unitCode, type ActedBy, type TimeEvent } from '../common.schemas';
import type { Actor } from '../definition';

export const PERIOD_KINDS = ['WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** COUNT: each occurrence counts once; DAYS: an occurrence counts its days (全年到基层调研不少于2个月). */
export const MEASURES = ['COUNT', 'DAYS'] as const;

/** 因故缺席学习的要及时补学 (clause 2): settles an absence, never counts towards the quota. */
export const MAKE_UP_KIND = '补学';

export const dutyInput = z
  .object({
    name: text(100).describe('职责名称, e.g. 理论学习中心组学习研讨'),
    clause: z
      .object({ number: z.number().int().min(1).max(31), text: text(500) })
      .strict()
      .describe('the clause (第N条) the duty comes from, in the document’s words'),
    ownerPerson: person.optional().describe('责任人: the leader who owns the duty (or ownerUnit)'),
    ownerUnit: unitCode.optional().describe('责任单位: its members record for it (or ownerPerson)'),
    period: z.enum(PERIOD_KINDS),
    measure: z.enum(MEASURES).default('COUNT'),
    minimum: z.number().int().min(1).max(366).describe('occurrences (or days) required per period'),
    kinds: z
      .array(text(50))
      .max(10)
      .default([])
      .describe('kinds an occurrence must name, e.g. 四不两直 / 常规调研; empty: occurrences name none'),
    share: z
      .object({ kind: text(50), atLeast: z.number().gt(0).max(1) })
      .strict()
      .optional()
      .describe('占比: of the measure counted, at least this fraction must be of `kind`'),
    target: z
      .object({ day: z.number().int().min(1).max(31), toleranceDays: z.number().int().min(0).max(10).default(3) })
      .strict()
      .optional()
      .describe('MONTH only: around this day (每月20日左右): counted within ± toleranceDays calendar days'),
    makeUp: z.boolean().default(false).describe('补学: a session may list absentees, each then owes a make-up'),
    warnWorkingDays: z
      .number()
      .int()
      .min(0)
      .max(60)
      .default(3)
      .describe('YELLOW once the period’s last N working days arrive with the quota unmet (0: never)'),
    periodStart: isoDate.describe('the first period’s first day: a Monday, the 1st of a month, quarter or year'),
  })
  .strict();
export type DutyInput = z.infer<typeof dutyInput>;

export type Person = { id: string; name: string };

export interface Occurrence {
  /** numbered across all periods, so a 补学 can name the session it makes up for */
  seq: number;
  date: string;
  days: number;
  kind: string | null;
  evidence: string;
  attachmentRef: string | null;
  absentees: Person[];
  /** 补学 only: who made up for which session */
  makeUp: { person: Person; sessionSeq: number; sessionDate: string } | null;
  at: string;
  by: ActedBy['by'];
}

export interface OwedMakeUp {
  person: Person;
  sessionSeq: number;
  sessionDate: string;
}

export type PeriodOutcome = 'MET' | 'MISSED' | 'SUSPENDED' | 'ENDED';

export interface PeriodRecord {
  periodStart: string;
  periodEnd: string;
  /** the deadline's date: the period's last day, or the end of its target window */
  dueDate: string;
  label: string;
  outcome: PeriodOutcome;
  done: number;
  required: number;
  shareDone: number | null;
  occurrences: Occurrence[];
  /** 补学 still owed when the period closed (they carry over) */
  makeUpsOwed: number;
  closedAt: string;
  note: string | null;
  /** the office's handling of a missed period (督办处理), which clears its RED */
  acknowledged: ({ note: string } & ActedBy) | null;
}

/** The current period's fields: derived from the duty and the period's start (recurringDuty.periods.ts). */
export interface CurrentPeriod {
  periodStart: string;
  periodEnd: string;
  /** the first day an occurrence may have: the period's, or its target window's */
  windowStart: string;
  dueDate: string;
  periodLabel: string;
  occurrences: Occurrence[];
  /** what counts so far in this period, and what the quota asks */
  done: number;
  required: number;
  /** of `done`, the measure of the share's kind (null: no share rule) */
  shareDone: number | null;
}

export interface DutyContext extends DutyInput, CurrentPeriod {
  firstPeriodStart: string;
  occurrenceCount: number;
  makeUpsOwed: OwedMakeUp[];
  periods: PeriodRecord[];
  suspension: ({ reason: string } & ActedBy) | null;
  ending: ({ reason: string } & ActedBy) | null;
}

const evidence = text(2000).describe('履职情况: one sentence of what was done');
const attachmentRef = text(500).optional().describe('where the evidence is kept, e.g. minutes or photos');

export const dutyPayloads = {
  RECORD_OCCURRENCE: z
    .object({
      date: isoDate.describe('when it happened: inside the current period, not after today'),
      days: z.number().int().min(1).max(31).optional().describe('DAYS duties: how many days from `date` (default 1)'),
      kind: text(50).optional().describe('one of the duty’s kinds, when it has kinds'),
      evidence,
      attachmentRef,
      absentees: z.array(person).max(50).optional().describe('补学 duties: members absent from the session'),
    })
    .strict(),
  RECORD_MAKE_UP: z
    .object({
      date: isoDate,
      person: person.describe('the member who made up for an absence'),
      evidence,
      attachmentRef,
    })
    .strict(),
  SUSPEND: z.object({ reason }).strict(),
  RESUME: z.object({ note: text(2000).optional() }).strict(),
  END: z.object({ reason }).strict(),
  ACKNOWLEDGE_MISSES: z.object({ note: text(2000).describe('what the office did: 通报, 约谈, 督促') }).strict(),
};

type Payloads = { [K in keyof typeof dutyPayloads]: z.infer<(typeof dutyPayloads)[K]> };
export type DutyEvent =
  | { [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: Actor } }[keyof Payloads]
  | (TimeEvent & { actor: Actor });
