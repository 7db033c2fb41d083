import { registerEnumType } from 'type-graphql';
import { ROLE_LABELS, ROLES } from '../../../machines/definition';

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
