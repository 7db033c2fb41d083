/** GraphQL documents and people for supervision-letter tests. */
import { actor } from './app';

export const WORKFLOW_FIELDS = `
  id machineId machineVersion title state stateLabel status version context alertLevel deadline
  deadlineProvisional units people createdAt updatedAt awaiting escalatedTo
  escalations { kind due to at }
  pendingTimers { kind action dueAt }
  deadlines { kind label due warnAt provisional }
  availableEvents { type label }
  history { seq eventType eventLabel payload stateBefore stateAfter stateAfterLabel alertLevel at actor { id name roles unit } }
`;

export const START = `mutation Start($input: StartWorkflowInput!) { startWorkflow(input: $input) { ${WORKFLOW_FIELDS} } }`;
export const SEND = `mutation Send($input: SendEventInput!) { sendEvent(input: $input) { ${WORKFLOW_FIELDS} } }`;
export const GET = `query Get($id: ID!) { workflow(id: $id) { ${WORKFLOW_FIELDS} } }`;

export const people = {
  office: actor('OFFICE', '市政府办公室', 'office-wang', '王督查'),
  housing: actor('DEPARTMENT', '市住建局', 'housing-zhang', '张科长'),
  transport: actor('DEPARTMENT', '市交通局', 'transport-liu', '刘科长'),
  town: actor('TOWN', '罗峰街道', 'town-zhao', '赵主任'),
  viceMayor: actor('VICE_MAYOR', '市政府', 'vm-li', '李副市长'),
  otherViceMayor: actor('VICE_MAYOR', '市政府', 'vm-chen', '陈副市长'),
  mayor: actor('MAYOR', '市政府', 'mayor-sun', '孙市长'),
  admin: actor('ADMIN', '信息中心', 'admin-1', '管理员'),
};

export function letterInput(overrides: Record<string, unknown> = {}) {
  return {
    title: '老旧小区改造督办',
    source: '领导批示',
    requirement: '年底前完成全部老旧小区改造任务，每5个工作日报告进展',
    leadUnit: '市住建局',
    coUnits: ['罗峰街道'],
    leaderInCharge: { id: 'vm-li', name: '李副市长' },
    dueDate: '2026-12-31',
    flagged: true,
    ...overrides,
  };
}
