import { registerEnumType } from 'type-graphql';
import { ROLE_LABELS, ROLES } from '../../../machines/definition';
import { REPAIR_WARNING_CODES, type RepairWarningCode } from '../../engine/engine';

export enum RoleEnum {
  MAYOR = 'MAYOR',
  EXECUTIVE_VICE_MAYOR = 'EXECUTIVE_VICE_MAYOR',
  VICE_MAYOR = 'VICE_MAYOR',
  OFFICE = 'OFFICE',
  DEPARTMENT = 'DEPARTMENT',
  TOWN = 'TOWN',
  ADMIN = 'ADMIN',
}
// the GraphQL enum and the machines' role list must not drift apart
for (const role of ROLES) if (!(role in RoleEnum)) throw new Error(`role ${role} missing from RoleEnum`);

registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'A role an actor holds (token claim `roles`).',
  valuesConfig: Object.fromEntries(ROLES.map((r) => [r, { description: ROLE_LABELS[r] }])),
});

export enum WorkflowStatusEnum {
  ACTIVE = 'ACTIVE',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(WorkflowStatusEnum, {
  name: 'WorkflowStatus',
  valuesConfig: {
    ACTIVE: { description: '进行中' },
    DONE: { description: '已办结' },
    CANCELLED: { description: '已撤销' },
  },
});

export enum AlertLevelEnum {
  BLUE = 'BLUE',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerEnumType(AlertLevelEnum, {
  name: 'AlertLevel',
  description: '蓝黄红 three-colour management (clause 9).',
  valuesConfig: {
    BLUE: { description: '蓝：正常推进' },
    YELLOW: { description: '黄：临近期限' },
    RED: { description: '红：逾期未办' },
  },
});

/** The engine's codes (src/engine/repair.ts), each value its own name. */
export const RepairWarningCodeEnum = Object.fromEntries(REPAIR_WARNING_CODES.map((c) => [c, c])) as { [K in RepairWarningCode]: K };
const REPAIR_WARNING_LABELS: Record<RepairWarningCode, string> = {
  REOPENED: '重新打开了已办结或已撤销的事项（status: 它原来的状态）',
  STATE_UNCHANGED: '环节没有变化（from）',
  NO_PATH: '按流程规则没有办理步骤能从 from 到达 to',
  BYPASSED: '从 from 移至 to，跳过了 bypassed 中的办理步骤',
  DEADLINE_PAST: '新环节的期限已经过去（deadline），将立即按逾期处理',
  DUPLICATE_PARTY: '调整后 path 处有重复的单位或人员',
};
registerEnumType(RepairWarningCodeEnum, {
  name: 'RepairWarningCode',
  description: "What an administrator's repair skipped or could not guarantee.",
  valuesConfig: Object.fromEntries(REPAIR_WARNING_CODES.map((c) => [c, { description: REPAIR_WARNING_LABELS[c] }])),
});
