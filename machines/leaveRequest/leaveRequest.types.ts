/** 请销假 leave of absence (clause 3): input, context, event payloads and the rule's numbers. */
import { z } from 'zod';
import type { Actor } from '../definition';
import { isoDate, person, reason, text, type ActedBy, type TimeEvent } from '../common.schemas';

export type { ActedBy };

/** 市政府组成人员离招外出须提前 3 天按程序书面向市政府请假 (clause 3): calendar days, not working days. */
export const ADVANCE_DAYS = 3;
/**
 * 因紧急事项临时外出…履行请假手续: the document says "afterwards" without a time; the written
 * application is due by the end of the first working day after the day of leaving (product choice).
 */
export const FORMALITIES_WORKING_DAYS = 1;
/**
 * 返招后及时销假: "promptly" has no number in the document; a leave not cancelled by the end of the
 * first working day after the planned return is overdue (product choice).
 */
export const RETURN_WORKING_DAYS = 1;

/** The posts of 市政府组成人员 who ask for leave; the mayor's leave goes to the executive vice-mayor. */
export const MEMBER_ROLES = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR', 'DEPARTMENT', 'TOWN'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const leaveInput = z
  .object({
    applicant: person.describe('the member who leaves: the one who starts the application'),
    applicantRole: z
      .enum(MEMBER_ROLES)
      .describe("the applicant's post, one of the starter's roles: decides who approves (the mayor's leave: the executive vice-mayor)"),
    destination: text(200).describe('外出地点'),
    reason: text(2000).describe('外出事由'),
    departure: isoDate.describe('离招日期'),
    return: isoDate.describe('返招日期 (planned), not before the departure'),
    cover: person.describe('代岗: who covers the duties while the applicant is away'),
    emergency: z
      .boolean()
      .default(false)
      .describe('因紧急事项临时外出: reported when leaving (departure today), the written application follows'),
  })
  .strict();
export type LeaveInput = z.infer<typeof leaveInput>;

/** One extension (续假) asked for while away, and what became of it. */
export type Extension = {
  return: string;
  previousReturn: string;
  reason: string;
  /** APPROVED/REJECTED by the approver; WITHDRAWN by the applicant; LAPSED when they came back first */
  outcome: 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'LAPSED';
  decision: ({ comment: string | null } & ActedBy) | null;
} & ActedBy;

export interface LeaveContext extends LeaveInput {
  /** a normal application that turned urgent: the member left before the approved day (紧急外出报告) */
  urgentDeparture: ({ reason: string; plannedDeparture: string; plannedReturn: string } & ActedBy) | null;
  /**
   * When the leave turned to away: 00:00 of the departure day, a late approval, or the urgent
   * departure report; null for an emergency report, which is made on leaving (the start's time).
   */
  departedAt: string | null;
  /** the written application that completes an emergency's formalities (补办请假手续) */
  formalities: ({ statement: string } & ActedBy) | null;
  approval: ({ comment: string | null } & ActedBy) | null;
  rejection: ({ reason: string } & ActedBy) | null;
  extensions: Extension[];
  /** 销假 */
  returned: ({ note: string | null } & ActedBy) | null;
  withdrawal: ({ reason: string | null } & ActedBy) | null;
  cancellation: ({ reason: string } & ActedBy) | null;
}

export const leavePayloads = {
  APPROVE: z.object({ comment: text(2000).optional() }).strict(),
  REJECT: z.object({ reason }).strict(),
  REPORT_URGENT_DEPARTURE: z
    .object({
      reason: reason.describe('the urgent matter that makes the member leave now'),
      return: isoDate.optional().describe('the new planned return, if it changed'),
    })
    .strict(),
  COMPLETE_FORMALITIES: z
    .object({
      statement: text(10000).describe('书面请假报告'),
      return: isoDate.optional().describe('the planned return, if it changed since the report'),
    })
    .strict(),
  EXTEND: z.object({ return: isoDate.describe('the new return date'), reason }).strict(),
  RETURN: z.object({ note: text(2000).optional() }).strict(),
  WITHDRAW: z.object({ reason: text(2000).optional() }).strict(),
  CANCEL: z.object({ reason }).strict(),
};

type Payloads = { [K in keyof typeof leavePayloads]: z.infer<(typeof leavePayloads)[K]> };
export type LeaveEvent =
  | { [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: Actor } }[keyof Payloads]
  | (TimeEvent & { actor: Actor });

/** Who approves: 报主要负责同志批准, the mayor; the mayor's own leave, the executive vice-mayor. */
export const approverRole = (c: Pick<LeaveInput, 'applicantRole'>): 'MAYOR' | 'EXECUTIVE_VICE_MAYOR' =>
  c.applicantRole === 'MAYOR' ? 'EXECUTIVE_VICE_MAYOR' : 'MAYOR';

/** The extension waiting for a decision, if any. */
export const pendingExtension = (c: Pick<LeaveContext, 'extensions'>): Extension | undefined =>
  c.extensions.find((e) => e.outcome === 'PENDING');

/** The Asia/Shanghai calendar date of an instant (China keeps no daylight saving). */
export const shanghaiDateOf = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** A YYYY-MM-DD date moved by whole calendar days. */
export const shiftDate = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** 00:00 Asia/Shanghai at the start of a date, as an instant a deadline can count from. */
export const startOfDay = (date: string): string => `${date}T00:00:00+08:00`;
