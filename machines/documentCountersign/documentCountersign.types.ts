/** 文件会签 / 会议纪要签发 document countersigning (clauses 16, 21): input, context and payloads. */
import { z } from 'zod';
import type { Actor } from '../definition';
import { person, reason, text, unitCode } from '../common.schemas';
import type { TimeEvent } from '../common.schemas';

export const DOCUMENT_KINDS = ['文件', '会议纪要'] as const;
/** ALL 会签: every listed unit agrees; ANY 或签: one agrees; SHARE 票签: a share of them agrees. */
export const SIGN_MODES = ['ALL', 'ANY', 'SHARE'] as const;
export type SignMode = (typeof SIGN_MODES)[number];

/** A content digest as lowercase hex: sha256 (64) or sha512 (128). */
export const contentHash = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?:[0-9a-f]{64}|[0-9a-f]{128})$/, 'expected a sha256 or sha512 digest in hex');
export const contentRef = text(500).describe('where the draft is kept, e.g. a document store key');

export const countersignInput = z
  .object({
    title: text(200),
    kind: z.enum(DOCUMENT_KINDS),
    leadUnit: unitCode.describe('牵头（起草）单位'),
    signers: z.array(unitCode).min(1).max(50).describe('会签单位: distinct, not the lead unit'),
    contentRef,
    contentHash,
    signOffLeader: person.describe('签发领导'),
    mode: z.enum(SIGN_MODES).default('ALL'),
    shareRequired: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('票签 only: the fraction of the listed units that must agree, 0 < x <= 1, rounded up to whole units'),
    ccUnits: z.array(unitCode).max(50).default([]).describe('抄送: read-only followers, never signers'),
  })
  .strict();
export type CountersignInput = z.infer<typeof countersignInput>;

import type { ActedBy } from '../common.schemas';
export type { ActedBy };

/** One unit's act in a round. */
export interface Signature {
  decision: 'AGREE' | 'OBJECT';
  comments: string | null;
  reason: string | null;
  at: string;
  actorId: string;
  actorName: string;
}

/** Why a draft is back with the lead unit: a signer's objection or the leader's return. */
export type Returned = { from: 'SIGNER' | 'LEADER'; reason: string } & ActedBy;

export interface ArchivedRound {
  round: number;
  contentRef: string;
  contentHash: string;
  startedAt: string;
  signatures: Record<string, Signature>;
  returned: Returned | null;
}

export interface CountersignContext extends CountersignInput {
  /** 0 until the draft is sent; each revised draft starts the next round. */
  round: number;
  roundStartedAt: string | null;
  /**
   * The current round's signatures by unit code; earlier rounds are in `rounds`. A unit removed
   * after signing keeps its entry: it counts only while the unit is listed, and the unit cannot
   * sign again in the round if it is added back.
   */
  signatures: Record<string, Signature>;
  rounds: ArchivedRound[];
  signerChanges: ({ action: 'ADD' | 'REMOVE'; unit: string; reason: string } & ActedBy)[];
  /** When the round met its mode's condition: the sign-off clock starts here. */
  readyAt: string | null;
  /** listed units that had not signed when the round's deadline passed */
  lateSigners: string[];
  returned: Returned | null;
  signOff: ({ comments: string | null } & ActedBy) | null;
  withdrawal: ({ reason: string } & ActedBy) | null;
}

const unitChange = z.object({ unit: unitCode, reason }).strict();

export const countersignPayloads = {
  SEND: z.object({ note: text(2000).optional() }).strict(),
  AGREE: z.object({ comments: text(2000).optional() }).strict(),
  OBJECT: z.object({ reason }).strict(),
  ADD_SIGNER: unitChange,
  REMOVE_SIGNER: unitChange,
  REVISE: z.object({ contentRef, contentHash, note: text(2000).optional() }).strict(),
  SIGN_OFF: z.object({ comments: text(2000).optional() }).strict(),
  RETURN: z.object({ reason }).strict(),
  WITHDRAW: z.object({ reason }).strict(),
  CC: z.object({ units: z.array(unitCode).min(1).max(50), note: text(2000).optional() }).strict(),
};

type Payloads = { [K in keyof typeof countersignPayloads]: z.infer<(typeof countersignPayloads)[K]> };
export type CountersignEvent =
  | { [K in keyof Payloads]: { type: K; payload: Payloads[K]; at: string; actor: Actor } }[keyof Payloads]
  | (TimeEvent & { actor: Actor });

/** Agreements the round needs under its mode, counted on the current list of signers. */
export function requiredAgreements(c: Pick<CountersignContext, 'mode' | 'shareRequired' | 'signers'>): number {
  const n = c.signers.length;
  if (c.mode === 'ANY') return Math.min(1, n);
  if (c.mode === 'SHARE') return Math.ceil((c.shareRequired ?? 1) * n - 1e-9); // 0.7 × 10 is 7.000000000000001
  return n;
}

/** The round is done when enough listed units agreed; a round with nobody on the list never is. */
export function roundComplete(c: Pick<CountersignContext, 'mode' | 'shareRequired' | 'signers' | 'signatures'>): boolean {
  const agreed = c.signers.filter((u) => c.signatures[u]?.decision === 'AGREE').length;
  return c.signers.length > 0 && agreed >= Math.max(1, requiredAgreements(c));
}
