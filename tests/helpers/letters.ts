/** GraphQL documents for supervision-letter tests, and their people (from the cast). */
export { people } from './cast';

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

/** An incident report (应急信息上报) with casualties: the one whose opinions stay drafts until approved. */
export function mineIncidentInput(now: Date) {
  return {
    kind: '安全生产事故', occurredAt: new Date(now.getTime() - 600_000).toISOString(), place: '金矿', summary: '井下透水',
    casualties: { deaths: 0, injured: 2, missing: 1 }, viceMayor: { id: 'vm-li', name: '李副市长' }, department: '市应急局',
  };
}
