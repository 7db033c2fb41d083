/** 应急信息上报 emergency report escalation (clause 25): input, context and event payloads. */
import { z } from 'zod';
import type { Actor } from '../definition';
import { person, reason, text, unitCode } from '../common.schemas';

export const INCIDENT_KINDS = ['安全生产事故', '森林火灾', '汛情灾害', '道路交通事故', '海上险情', '其他'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** How the report reached the Yantai municipal government. */
export const REPORT_CHANNELS = ['电话', '传真', '电子政务外网', '应急信息系统', '书面报告', '其他'] as const;

/** An instant with its offset, e.g. 2026-11-03T09:00:00+08:00. */
export const isoDateTime = z.iso.datetime({ offset: true });

const count = z.number().int().min(0).max(100000);
export const casualties = z
  .object({ deaths: count, injured: count, missing: count })
  .strict()
  .describe('伤亡情况: deaths 死亡, injured 受伤, missing 失踪');
export type Casualties = z.infer<typeof casualties>;

export const emergencyInput = z
  .object({
    kind: z.enum(INCIDENT_KINDS),
    occurredAt: isoDateTime.describe('事发时间'),
    place: text(200),
    summary: text(10000),
    casualties,
    viceMayor: person.describe('分管副市长: the leader in charge of the area, who drafts the opinion'),
    department: unitCode.describe('行业主管部门'),
    stepMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional()
      .describe('time limit per step in minutes; default from the per-kind table in the definition'),
  })
  .strict();
export type EmergencyInput = z.infer<typeof emergencyInput>;

import type { ActedBy } from '../common.schemas';
export type { ActedBy };

/**
 * Minutes allowed for each step, per incident kind (M3: "configurable, default 30 minutes per
 * step"). An incident's own `stepMinutes` overrides its kind's value.
 */
export const STEP_MINUTES_BY_KIND: Record<IncidentKind, number> = {
  安全生产事故: 30,
  森林火灾: 30,
  汛情灾害: 30,
  道路交通事故: 30,
  海上险情: 30,
  其他: 30,
};

export const stepMinutes = (c: Pick<EmergencyInput, 'kind' | 'stepMinutes'>): number =>
  c.stepMinutes ?? STEP_MINUTES_BY_KIND[c.kind];

/** The industry department's own opinion on one draft (会同行业主管部门会商). */
export type DepartmentOpinion = { draft: number; content: string } & ActedBy;

export interface EmergencyContext extends EmergencyInput {
  /** When the current step began; null while registered, whose clock runs from occurredAt. */
  stepEnteredAt: string | null;
  consultation: ({ note: string | null } & ActedBy) | null;
  /**
   * The industry department's opinions, one per draft, each its own act. Absent in snapshots
   * made before the department acted for itself: read as none.
   */
  departmentOpinions?: DepartmentOpinion[];
  /**
   * The current draft opinion (会商意见), its number, and, when the department had not answered
   * within the step limit, why the vice-mayor went on without it; how many drafts there were.
   */
  opinion: ({ content: string; draft: number; withoutDepartmentReason: string | null } & ActedBy) | null;
  drafts: number;
  /** Every return of a draft, by the executive vice-mayor or the mayor, with comments. */
  returns: ({ step: 'review' | 'mayor'; comments: string } & ActedBy)[];
  /** 审核把关: who decided whether the mayor must see it, and why (clause 25 "视情"). */
  decision: ({ mayorApprovalRequired: boolean; reason: string; comments: string | null } & ActedBy) | null;
  /**
   * The first time the mayor was asked (视情报市长同意): from then on every draft needs the mayor's
   * approval. Absent in older snapshots: read from `returns` and `decision` (see mayorWasAsked).
   */
  mayorRequired?: ({ draft: number; reason: string } & ActedBy) | null;
  /** The mayor's approval and the draft it approved (absent in older snapshots: the current one). */
  mayorApproval: ({ draft?: number; comments: string | null } & ActedBy) | null;
  upwardReport: ({ reportedAt: string; channel: string; content: string | null } & ActedBy) | null;
  followUps: ({ content: string; casualties: Casualties | null } & ActedBy)[];
  finalReport: ({ content: string; casualties: Casualties | null } & ActedBy) | null;
  cancellation: ({ reason: string } & ActedBy) | null;
}

const report = z.object({ content: text(10000), casualties: casualties.optional() }).strict();

export const emergencyPayloads = {
  START_CONSULTATION: z.object({ note: text(2000).optional() }).strict(),
  SUBMIT_DEPARTMENT_OPINION: z.object({ opinion: text(10000).describe('行业主管部门意见') }).strict(),
  SUBMIT_OPINION: z
    .object({
      opinion: text(10000),
      withoutDepartmentReason: reason
        .optional()
        .describe('only when the industry department has not given its opinion within the step limit: why the vice-mayor goes on'),
    })
    .strict(),
  RETURN: z.object({ comments: reason }).strict(),
  APPROVE: z
    .object({
      mayorApprovalRequired: z.boolean().describe('视情报市长同意'),
      reason: reason.describe('why the mayor must, or need not, approve'),
      comments: text(2000).optional(),
    })
    .strict(),
  MAYOR_APPROVE: z.object({ comments: text(2000).optional() }).strict(),
  MAYOR_RETURN: z.object({ comments: reason }).strict(),
  REPORT_UPWARD: z
    .object({
      reportedAt: isoDateTime.optional().describe('when it was reported; default: the time of the event'),
      channel: z.enum(REPORT_CHANNELS),
      content: text(10000).optional(),
    })
    .strict(),
  FOLLOW_UP: report,
  FINAL_REPORT: report,
  CANCEL: z.object({ reason }).strict(),
};

type Payloads = { [K in keyof typeof emergencyPayloads]: z.infer<(typeof emergencyPayloads)[K]> };
export type EmergencyEvent = {
  [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: Actor };
}[keyof Payloads];
