/**
 * For the pure-step scenario: per machine id, a valid start input, the events that bring a
 * workflow into a busy state, and one event that state accepts (and can accept again, so the
 * same snapshot serves every iteration). A machine registered without a recipe here is skipped
 * and named in the report; a recipe the machine no longer accepts is reported, not fatal.
 */
import type { Actor } from '../../machines/definition';

export interface RecipeEvent {
  type: string;
  payload: Record<string, unknown>;
  actor: Actor;
}

export interface Recipe {
  input: Record<string, unknown>;
  starter: Actor;
  before: RecipeEvent[];
  step: RecipeEvent;
}

const office: Actor = { id: 'office-wang', name: '王督查', roles: ['OFFICE'], unit: '市政府办公室' };
const housing: Actor = { id: 'housing-zhang', name: '张科长', roles: ['DEPARTMENT'], unit: '市住建局' };
const transport: Actor = { id: 'transport-liu', name: '刘科长', roles: ['DEPARTMENT'], unit: '市交通局' };
const viceMayor: Actor = { id: 'vm-li', name: '李副市长', roles: ['VICE_MAYOR'], unit: '市政府' };
const executive: Actor = { id: 'evm-zhou', name: '周常务', roles: ['EXECUTIVE_VICE_MAYOR'], unit: '市政府' };
const emergencyDept: Actor = { id: 'yjj-wu', name: '吴科长', roles: ['DEPARTMENT'], unit: '市应急局' };
const leader = { id: 'vm-li', name: '李副市长' };

const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const at = (hoursAhead: number) => new Date(Date.now() + hoursAhead * 3_600_000).toISOString().replace('Z', '+00:00');

export const recipes: Record<string, Recipe> = {
  // 督办函: URGE in awaitingFeedback counts and stays: the same event the HTTP load sends
  supervisionLetter: {
    input: {
      title: '老旧小区改造督办',
      source: '领导批示',
      requirement: '年底前完成全部老旧小区改造任务，每5个工作日报告进展',
      leadUnit: '市住建局',
      coUnits: ['罗峰街道'],
      leaderInCharge: leader,
      dueDate: daysAhead(60),
      flagged: true,
    },
    starter: office,
    before: [{ type: 'ISSUE', payload: {}, actor: office }],
    step: { type: 'URGE', payload: { message: '请抓紧反馈' }, actor: office },
  },
  // 文件会签: one of two signers agrees; the round is not complete, so the state stays
  documentCountersign: {
    input: {
      title: '关于印发城市更新实施方案的通知',
      kind: '文件',
      leadUnit: '市住建局',
      signers: ['市交通局', '罗峰街道'],
      contentRef: 'docs/urban-renewal-v1',
      contentHash: 'a'.repeat(64),
      signOffLeader: leader,
      mode: 'ALL',
    },
    starter: housing,
    before: [{ type: 'SEND', payload: {}, actor: housing }],
    step: { type: 'AGREE', payload: { comments: '同意' }, actor: transport },
  },
  // 应急信息上报: a follow-up report (续报) once reported upward
  emergencyReport: {
    input: {
      kind: '森林火灾',
      occurredAt: at(-2),
      place: '罗峰街道北山',
      summary: '北山发生林火，过火面积约5亩',
      casualties: { deaths: 0, injured: 0, missing: 0 },
      viceMayor: leader,
      department: '市应急局',
    },
    starter: office,
    before: [
      { type: 'START_CONSULTATION', payload: {}, actor: viceMayor },
      { type: 'SUBMIT_DEPARTMENT_OPINION', payload: { opinion: '同意扑救方案' }, actor: emergencyDept },
      { type: 'SUBMIT_OPINION', payload: { opinion: '组织扑救，转移群众' }, actor: viceMayor },
      { type: 'APPROVE', payload: { mayorApprovalRequired: false, reason: '无人员伤亡' }, actor: executive },
      { type: 'REPORT_UPWARD', payload: { channel: '电话' }, actor: office },
    ],
    step: { type: 'FOLLOW_UP', payload: { content: '明火已扑灭，正在清理余火' }, actor: office },
  },
  // 约谈整改: rescheduling keeps the state
  rectificationInterview: {
    input: {
      unit: '罗峰街道',
      unitKind: 'TOWN',
      grounds: '重点工作落实不力造成重大负面影响',
      facts: '秸秆禁烧工作落实不力',
      leader,
    },
    starter: office,
    before: [{ type: 'SCHEDULE', payload: { time: at(48), place: '市政府301会议室' }, actor: office }],
    step: { type: 'RESCHEDULE', payload: { time: at(72), place: '市政府302会议室', reason: '领导出差' }, actor: office },
  },
};
