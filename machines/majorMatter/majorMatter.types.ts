/** 重大事项 major matters (clause 22): input, context, event payloads and the clause's numbers. */
import { z } from 'zod';
import type { Actor } from '../definition';
import { isoDate, person, reason, text, unitCode, type ActedBy, type TimeEvent } from '../common.schemas';

export type { ActedBy };

/** 每年一季度研究确定3-4项分管领域需要全力突破的重大事项 (clause 22) */
export const MIN_MATTERS = 3;
export const MAX_MATTERS = 4;
/**
 * 市政府每季度听取班子成员重大事项进展情况报告: the document gives no day; a quarter's report is
 * due this many working days after the quarter ends (product default), and so are the
 * year-end outcomes after the year ends.
 */
export const REPORT_WORKING_DAYS = 5;
/** A late quarterly report is YELLOW at once and RED after this many more working days. */
export const REPORT_GRACE_WORKING_DAYS = 2;
export const QUARTERS = [1, 2, 3, 4] as const;

/** The clause, as refusals cite it. */
export const CLAUSE_22 = '第22条：市政府领导班子成员每年一季度研究确定3-4项分管领域需要全力突破的重大事项';

export const majorMatterInput = z
  .object({
    year: z.number().int().min(2000).max(2100).describe('年度: the year of the list'),
    leader: person.describe('市政府领导班子成员: the leader whose 分管领域 the matters are in'),
    note: text(2000).optional(),
  })
  .strict();
export type MajorMatterInput = z.infer<typeof majorMatterInput>;

/** 完成 / 结转下年 / 撤销 (the mayor's decision alone): how a matter ends its year. */
export const OUTCOMES = ['COMPLETED', 'CARRIED_OVER', 'DROPPED'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];
export type Outcome = { kind: OutcomeKind; summary: string | null; reason: string | null } & ActedBy;

export interface Matter {
  /** M1, M2 … in the order added; a removed matter's number is never given again */
  id: string;
  title: string;
  /** 突破目标: what "全力突破" means for this matter */
  goal: string;
  /** 责任单位: reports progress with the leader */
  leadUnit: string;
  coUnits: string[];
  outcome: Outcome | null;
}

export type ProgressReport = { matterId: string; quarter: number; content: string; percent: number | null } & ActedBy;

/** 常务会议: the executive meeting whose decision the office records */
export interface Meeting {
  date: string;
  number: string;
}

export type Decision = { via: 'MAYOR' | 'MEETING'; meeting: Meeting | null; comment: string | null } & ActedBy;

export interface MajorMatterContext extends MajorMatterInput {
  matters: Matter[];
  /** the number the next matter added gets */
  nextNumber: number;
  submittedAt: string | null;
  submissions: number;
  /** every return to the leader, in order (退回修改) */
  returns: (Decision & { reason: string })[];
  /** 市政府研究确定: by the mayor or by an executive meeting */
  confirmation: Decision | null;
  /**
   * The quarter whose reports are due now: null until confirmed, 1–4, then 5 once the fourth
   * quarter's reports are in. It moves on when every open matter has reported for it.
   */
  reportQuarter: number | null;
  reports: ProgressReport[];
  /** what was missing when a deadline passed (督查: who was late, for which quarter) */
  late: { kind: string; quarter: number | null; matters: string[]; due: string }[];
  cancellation: ({ reason: string } & ActedBy) | null;
}

const matterId = text(20).describe('the matter, as M1, M2 …');

export const majorMatterPayloads = {
  ADD_MATTER: z
    .object({
      title: text(200),
      goal: text(5000).describe('突破目标'),
      leadUnit: unitCode.describe('责任单位'),
      coUnits: z.array(unitCode).max(20).default([]).describe('配合单位'),
    })
    .strict(),
  REMOVE_MATTER: z.object({ matterId, reason: text(2000).optional() }).strict(),
  SUBMIT: z.object({ note: text(2000).optional() }).strict(),
  CONFIRM: z.object({ comment: text(2000).optional() }).strict(),
  RETURN: z.object({ reason }).strict(),
  RECORD_MEETING_DECISION: z
    .object({
      meetingDate: isoDate.describe('常务会议 date'),
      meetingNumber: text(50).describe('会议次数, e.g. 2026年第5次'),
      decision: z.enum(['CONFIRMED', 'RETURNED']),
      reason: text(2000).optional().describe('required when RETURNED, and only then'),
      comment: text(2000).optional(),
    })
    .strict(),
  REPORT_PROGRESS: z
    .object({
      matterId,
      quarter: z.number().int().min(1).max(4).describe('the quarter reported on: the one now due'),
      content: text(10000),
      percent: z.number().int().min(0).max(100).optional(),
    })
    .strict(),
  COMPLETE_MATTER: z.object({ matterId, summary: text(10000) }).strict(),
  CARRY_OVER_MATTER: z.object({ matterId, reason }).strict(),
  DROP_MATTER: z.object({ matterId, reason }).strict(),
  CANCEL: z.object({ reason }).strict(),
};

type Payloads = { [K in keyof typeof majorMatterPayloads]: z.infer<(typeof majorMatterPayloads)[K]> };
export type MajorMatterEvent =
  | { [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: Actor } }[keyof Payloads]
  | (TimeEvent & { actor: Actor });
