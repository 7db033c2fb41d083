/** What the directory accepts, from GraphQL and from a set-up file alike. */
import { z } from 'zod';

export const UNIT_KINDS = ['OFFICE', 'LEADERSHIP', 'DEPARTMENT', 'TOWN', 'ZONE'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  OFFICE: '市政府办公室',
  LEADERSHIP: '市政府领导',
  DEPARTMENT: '市政府工作部门',
  TOWN: '镇街区',
  ZONE: '开发区',
};

const code = z.string().trim().min(1, 'required').max(100);
const name = z.string().trim().min(1, 'required').max(200);

export const unitInput = z.object({ code, name, kind: z.enum(UNIT_KINDS) }).strict();
export type UnitInput = z.infer<typeof unitInput>;

export const personInput = z
  .object({
    id: code.describe("the token's sub"),
    name: z.string().trim().min(1, 'required').max(100),
    unit: code,
    position: z.string().trim().max(100).default(''),
    governmentMember: z.boolean().default(false).describe('市政府组成人员 (asks for leave)'),
    leadershipMember: z.boolean().default(false).describe('班子成员 (proposes major matters, holds duties)'),
  })
  .strict();
export type PersonInput = z.infer<typeof personInput>;

/** 分工: who is in charge of which units; units not named keep the leader they have. */
export const assignmentInput = z.object({ leaderId: code, units: z.array(code).min(1).max(500) }).strict();
export type AssignmentInput = z.infer<typeof assignmentInput>;

/** The first set-up in one file: units, then people, then the division of work. */
export const directoryFile = z
  .object({
    units: z.array(unitInput).max(5000).default([]),
    people: z.array(personInput).max(50000).default([]),
    divisionOfWork: z.array(assignmentInput).max(500).default([]),
  })
  .strict();
export type DirectoryFile = z.infer<typeof directoryFile>;
