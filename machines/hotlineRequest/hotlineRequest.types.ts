/** 89000 民生服务热线 citizen request (clause 13): input, context, payloads and the time-limit table. */
import { z } from 'zod';
import type { Actor } from '../definition';
import { reason, text, unitCode, type ActedBy, type TimeEvent } from '../common.schemas';

export const CHANNELS = ['电话', '网站', '微信', '其他'] as const;

/** URGENT 紧急, ORDINARY 一般, CONSULT 咨询. */
export const CATEGORIES = ['URGENT', 'ORDINARY', 'CONSULT'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, string> = { URGENT: '紧急', ORDINARY: '一般', CONSULT: '咨询' };

/**
 * Default time limits for the unit's reply, per category (a product choice: clause 13 names no
 * number). Counted from the assignment to the unit, and again from each reopening.
 */
export const REPLY_LIMITS: Record<Category, { minutes: number } | { workingDays: number }> = {
  URGENT: { minutes: 120 },
  ORDINARY: { workingDays: 3 },
  CONSULT: { workingDays: 1 },
};

/** 满意, 基本满意 close the request; 不满意 reopens it (一办到底). */
export const SATISFACTION = ['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  SATISFIED: '满意',
  BASICALLY_SATISFIED: '基本满意',
  DISSATISFIED: '不满意',
};

/** A mainland mobile number (optionally +86), or a landline with its area code and extension. */
export const phone = z
  .string()
  .trim()
  .regex(/^(?:(?:\+?86[- ]?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/, 'expected a mobile number or a landline with area code');

/** 群众的姓名和电话: personal data, for the office and the handling unit only (see the definition's drafts). */
export const citizen = z
  .object({ name: text(100), phone })
  .strict()
  .describe('the citizen: personal data, shown only to the office and the handling unit');
export type Citizen = z.infer<typeof citizen>;

export const hotlineInput = z
  .object({
    channel: z.enum(CHANNELS).describe('受理渠道'),
    category: z.enum(CATEGORIES).describe('诉求类别: URGENT 紧急, ORDINARY 一般, CONSULT 咨询; sets the reply limit'),
    content: text(10000).describe('群众诉求内容'),
    citizen,
  })
  .strict();
export type HotlineInput = z.infer<typeof hotlineInput>;

export type Assignment = { unit: string; note: string | null } & ActedBy;
export type Return = { unit: string; reason: string } & ActedBy;
/** One reply of the unit; `round` 1 is the first, each reopening adds one; `late` once its limit had passed. */
export type Reply = { unit: string; content: string; round: number; late: boolean } & ActedBy;
/** 回访: the citizen's satisfaction with a reply, as the office recorded it. */
export type Visit = { satisfaction: Satisfaction; note: string | null; round: number; unit: string } & ActedBy;

export interface HotlineContext extends HotlineInput {
  /** 承办单位 now; null before assignment and while a return is with the office */
  unit: string | null;
  /** units that sent it back, in order (they keep reading the request, not the citizen) */
  formerUnits: string[];
  assignments: Assignment[];
  returns: Return[];
  /** when the current reply limit started: the assignment, or the reopening */
  replyClockFrom: string | null;
  acceptedAt: string | null;
  /** the current round's limit passed before the reply */
  roundOverdue: boolean;
  replies: Reply[];
  /** the latest satisfaction recorded, null before the first 回访 */
  satisfaction: Satisfaction | null;
  visits: Visit[];
  /** times 不满意 sent it back to the unit */
  reopenCount: number;
  /** the office closed it with a reason instead of a satisfactory reply */
  closure: ({ reason: string } & ActedBy) | null;
}

const note = text(2000).optional();

export const hotlinePayloads = {
  ASSIGN: z.object({ unit: unitCode.describe('承办单位'), note }).strict(),
  ACCEPT: z.object({ note }).strict(),
  RETURN: z.object({ reason: reason.describe('why it is not this unit’s matter') }).strict(),
  REPLY: z.object({ content: text(10000).describe('答复内容') }).strict(),
  RECORD_SATISFACTION: z.object({ satisfaction: z.enum(SATISFACTION).describe('满意度'), note }).strict(),
  CLOSE: z.object({ reason }).strict(),
};

type Payloads = { [K in keyof typeof hotlinePayloads]: z.infer<(typeof hotlinePayloads)[K]> };
export type HotlineEvent =
  | { [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: Actor } }[keyof Payloads]
  | (TimeEvent & { actor: Actor });
