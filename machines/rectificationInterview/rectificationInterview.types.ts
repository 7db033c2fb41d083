/** 约谈整改 interview and rectification (clause 23): input, context and event payloads. */
import { z } from 'zod';
import type { Actor } from '../definition';
import { isoDate, person, reason, text, unitCode } from '../common.schemas';

/** 有令不行、有禁不止，或重点工作落实不力造成重大负面影响 (clause 23) */
export const INTERVIEW_GROUNDS = ['有令不行', '有禁不止', '重点工作落实不力造成重大负面影响'] as const;
export const UNIT_KINDS = ['TOWN', 'DEPARTMENT'] as const;

/** An instant with its offset, e.g. 2026-11-03T09:00:00+08:00: the place's clock is Asia/Shanghai. */
export const isoDateTime = z.iso.datetime({ offset: true });

export const interviewInput = z
  .object({
    unit: unitCode.describe('被约谈单位'),
    unitKind: z.enum(UNIT_KINDS).describe('镇街区 TOWN or 市政府工作部门 DEPARTMENT'),
    grounds: z.enum(INTERVIEW_GROUNDS),
    facts: text(10000).describe('the facts behind the grounds'),
    leader: person.describe('约谈领导: the member of the municipal leadership who holds the interview'),
  })
  .strict();
export type InterviewInput = z.infer<typeof interviewInput>;

import type { ActedBy } from '../common.schemas';
export type { ActedBy };

export interface InterviewContext extends InterviewInput {
  schedule: ({ time: string; place: string } & ActedBy) | null;
  reschedules: ({ time: string; place: string; reason: string } & ActedBy)[];
  interview: ({ criticism: string; requirements: string } & ActedBy) | null;
  /** 整改期限: the current rectification due date (YYYY-MM-DD); a rejection replaces it. */
  rectificationDeadline: string | null;
  /** The latest rectification report (报告整改落实结果). */
  report: ({ content: string } & ActedBy) | null;
  reports: number;
  /** Every rejected report, in order, with the deadline it replaced. */
  rejections: ({ reason: string; previousDeadline: string; newDeadline: string } & ActedBy)[];
  acceptance: ({ comment: string | null } & ActedBy) | null;
  cancellation: ({ reason: string } & ActedBy) | null;
}

export const interviewPayloads = {
  SCHEDULE: z.object({ time: isoDateTime, place: text(200) }).strict(),
  RESCHEDULE: z.object({ time: isoDateTime, place: text(200), reason }).strict(),
  HOLD_INTERVIEW: z
    .object({
      criticism: text(10000).describe('批评意见'),
      requirements: text(10000).describe('整改要求'),
      rectificationDeadline: isoDate.describe('整改期限'),
    })
    .strict(),
  REPORT_RESULT: z.object({ content: text(10000).describe('整改落实结果') }).strict(),
  ACCEPT_RESULT: z.object({ comment: text(2000).optional() }).strict(),
  REJECT_RESULT: z.object({ reason, newDeadline: isoDate.describe('新的整改期限') }).strict(),
  CANCEL: z.object({ reason }).strict(),
};

type Payloads = { [K in keyof typeof interviewPayloads]: z.infer<(typeof interviewPayloads)[K]> };
export type InterviewEvent = {
  [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: Actor };
}[keyof Payloads];

/** The Asia/Shanghai calendar date of an instant (China keeps no daylight saving: UTC+8 all year). */
export function shanghaiDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}
