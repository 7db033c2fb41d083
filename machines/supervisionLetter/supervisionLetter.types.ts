/** 督办函 supervision letter (clause 9): input, context and event payloads. */
import { z } from 'zod';
import { isoDate, person, reason, text, unitCode, type TimeEvent } from '../common.schemas';

export const LETTER_SOURCES = [
  '上级交办',
  '政府工作报告',
  '市委交办',
  '常务会议',
  '领导批示',
  '巡视督察审计反馈',
  '其他',
] as const;

export const letterInput = z
  .object({
    title: text(200),
    source: z.enum(LETTER_SOURCES),
    requirement: text(10000),
    leadUnit: unitCode,
    coUnits: z.array(unitCode).max(50).default([]),
    leaderInCharge: person,
    dueDate: isoDate.describe('限期办结: final due date'),
    flagged: z.boolean().default(false).describe('挂牌督办'),
    progressEveryWorkingDays: z.number().int().min(1).max(60).default(5),
  })
  .strict();
export type LetterInput = z.infer<typeof letterInput>;

export interface LetterContext extends LetterInput {
  issuedAt: string | null;
  feedback: { content: string; at: string } | null;
  lastProgressAt: string | null;
  progressReports: number;
  urgeCount: number;
  /** 催办 the system recorded when a deadline passed */
  autoUrges: number;
  lastClosureRejection: { reason: string; at: string } | null;
  extensions: number;
  reassignments: number;
  cancelReason: string | null;
}

export const letterPayloads = {
  ISSUE: z.object({ note: text(2000).optional() }).strict(),
  SUBMIT_FEEDBACK: z.object({ content: text(10000) }).strict(),
  REPORT_PROGRESS: z
    .object({ content: text(10000), percent: z.number().int().min(0).max(100).optional() })
    .strict(),
  REQUEST_CLOSURE: z.object({ summary: text(10000) }).strict(),
  APPROVE_CLOSURE: z.object({ comment: text(2000).optional() }).strict(),
  REJECT_CLOSURE: z.object({ reason }).strict(),
  EXTEND_DEADLINE: z.object({ newDueDate: isoDate, reason }).strict(),
  URGE: z.object({ message: text(2000).optional() }).strict(),
  REASSIGN: z.object({ newLeadUnit: unitCode, reason }).strict(),
  CANCEL: z.object({ reason }).strict(),
};

type Payloads = { [K in keyof typeof letterPayloads]: z.infer<(typeof letterPayloads)[K]> };
export type LetterEvent =
  | {
      [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: { id: string; unit: string } };
    }[keyof Payloads]
  | TimeEvent;
