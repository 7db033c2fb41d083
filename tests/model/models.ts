/**
 * Test models: for each machine, the people of one scenario, a start input, and payload samples
 * per event. Which samples apply where, and who sends them, is worked out from the definitions
 * (allow rules, the engine's own decision), not listed by hand.
 */
import type { Actor } from '../../machines/definition';
import { clerks, officials, people } from '../helpers/cast';
import { hotlineRequestModel } from './hotlineRequest.model';
import { majorMatterModel } from './majorMatter.model';
import { leaveRequestModel } from './leaveRequest.model';
import { recurringDutyModel } from './recurringDuty.model';

type Context = Record<string, any>;
export type PayloadSamples = Record<string, (context: Context) => Record<string, unknown>[]>;

export interface MachineModel {
  machineId: string;
  starter: Actor;
  input: Record<string, unknown>;
  /** everyone who appears in the scenario: relation holders and bystanders */
  people: Actor[];
  payloads: PayloadSamples;
  /** what besides the state value tells two states apart in the graph (default: nothing) */
  stateKey?: (context: Context) => unknown;
}

const { office, viceMayor, town } = people;
const { executiveViceMayor: execViceMayor, mayorZhou: mayor } = officials;
const leaders = [office, viceMayor, execViceMayor, mayor];
const fixed = (...samples: Record<string, unknown>[]) => () => samples;
const HASH = (c: string) => c.repeat(64);

export const supervisionLetterModel: MachineModel = {
  machineId: 'supervisionLetter',
  starter: office,
  input: {
    title: '老旧小区改造督办',
    source: '领导批示',
    requirement: '年底前完成改造任务',
    leadUnit: '市住建局',
    coUnits: ['罗峰街道'],
    leaderInCharge: { id: 'vm-li', name: '李副市长' },
    dueDate: '2026-12-31',
    flagged: true,
  },
  people: [...leaders, clerks.housingColleague, clerks.transportColleague, town],
  payloads: {
    ISSUE: fixed({}),
    SUBMIT_FEEDBACK: fixed({ content: '已制定方案' }),
    REPORT_PROGRESS: fixed({ content: '完成一半', percent: 50 }),
    REQUEST_CLOSURE: fixed({ summary: '全部完成' }),
    APPROVE_CLOSURE: fixed({}),
    REJECT_CLOSURE: fixed({ reason: '未验收' }),
    EXTEND_DEADLINE: fixed({ newDueDate: '2027-03-31', reason: '冬季施工受限' }),
    URGE: fixed({ message: '请加快' }),
    REASSIGN: fixed({ newLeadUnit: '市交通局', reason: '职责调整' }),
    CANCEL: fixed({ reason: '上级撤回' }),
  },
};

export const rectificationInterviewModel: MachineModel = {
  machineId: 'rectificationInterview',
  starter: office,
  input: {
    unit: '罗峰街道',
    unitKind: 'TOWN',
    grounds: '有令不行',
    facts: '秸秆禁烧工作落实不力',
    leader: { id: 'vm-li', name: '李副市长' },
  },
  people: [...leaders, town, clerks.housingColleague],
  payloads: {
    SCHEDULE: fixed({ time: '2026-11-05T09:00:00+08:00', place: '市政府第三会议室' }),
    RESCHEDULE: fixed({ time: '2026-11-06T09:00:00+08:00', place: '市政府第一会议室', reason: '领导另有公务' }),
    HOLD_INTERVIEW: fixed({ criticism: '落实不力', requirements: '一周内排查', rectificationDeadline: '2026-12-15' }),
    REPORT_RESULT: fixed({ content: '已全部整改' }),
    ACCEPT_RESULT: fixed({ comment: '同意' }),
    REJECT_RESULT: fixed({ reason: '整改不彻底', newDeadline: '2027-01-15' }),
    CANCEL: fixed({ reason: '情况已查明' }),
  },
};

export const emergencyReportModel: MachineModel = {
  machineId: 'emergencyReport',
  starter: office,
  input: {
    kind: '森林火灾',
    occurredAt: '2026-11-02T08:30:00+08:00',
    place: '罗山林场',
    summary: '林场东坡起火，过火面积约5亩',
    casualties: { deaths: 0, injured: 1, missing: 0 },
    viceMayor: { id: 'vm-li', name: '李副市长' },
    department: '市应急局',
  },
  people: [...leaders, clerks.emergency, clerks.housingColleague],
  payloads: {
    START_CONSULTATION: fixed({ note: '立即会商' }),
    SUBMIT_DEPARTMENT_OPINION: fixed({ opinion: '同意上报' }),
    // the second only once the consultation step's limit has run out without the department
    SUBMIT_OPINION: fixed({ opinion: '建议上报' }, { opinion: '火势蔓延，先行报审', withoutDepartmentReason: '行业主管部门逾时未提出意见' }),
    RETURN: fixed({ comments: '伤亡情况核实后再报' }),
    APPROVE: fixed(
      { mayorApprovalRequired: true, reason: '有人员受伤，须报市长' },
      { mayorApprovalRequired: false, reason: '损失较小' },
    ),
    MAYOR_APPROVE: fixed({ comments: '同意上报' }),
    MAYOR_RETURN: fixed({ comments: '补充处置措施' }),
    REPORT_UPWARD: fixed({ channel: '电话' }),
    FOLLOW_UP: fixed({ content: '明火已扑灭' }),
    FINAL_REPORT: fixed({ content: '处置完毕', casualties: { deaths: 0, injured: 1, missing: 0 } }),
    CANCEL: fixed({ reason: '误报' }),
  },
  // whether the department has spoken on the draft, and whether the mayor was ever asked
  stateKey: (c) => ({
    department: (c.departmentOpinions as { draft: number }[]).some((o) => o.draft === c.drafts + 1),
    mayorAsked: c.mayorRequired !== null,
  }),
};

export const documentCountersignModel: MachineModel = {
  machineId: 'documentCountersign',
  starter: clerks.development,
  input: {
    title: '关于加快项目建设的通知',
    kind: '文件',
    leadUnit: '市发改局',
    signers: ['市财政局', '市司法局'],
    contentRef: 'doc://drafts/1',
    contentHash: HASH('a'),
    signOffLeader: { id: 'evm-sun', name: '孙常务副市长' },
    ccUnits: ['市审计局'],
  },
  people: [
    ...leaders,
    clerks.development,
    clerks.finance,
    clerks.justice,
    clerks.housingColleague,
    clerks.audit,
  ],
  payloads: {
    SEND: fixed({}),
    AGREE: fixed({ comments: '同意' }),
    OBJECT: fixed({ reason: '第三条表述不准确' }),
    ADD_SIGNER: fixed({ unit: '市住建局', reason: '涉及住建职能' }),
    REMOVE_SIGNER: (c) => [{ unit: (c.signers as string[]).at(-1), reason: '不涉及该单位职能' }],
    REVISE: (c) => [{ contentRef: `doc://drafts/${c.round + 1}`, contentHash: c.contentHash === HASH('a') ? HASH('b') : HASH('a') }],
    SIGN_OFF: fixed({ comments: '同意印发' }),
    RETURN: fixed({ reason: '请再斟酌' }),
    WITHDRAW: fixed({ reason: '政策调整' }),
    CC: fixed({ units: ['市统计局'] }),
  },
  // a round's progress matters (who signed, who is listed); the round number does not
  stateKey: (c) => ({ signers: c.signers, signed: Object.keys(c.signatures).sort() }),
};

export const models: MachineModel[] = [
  supervisionLetterModel,
  rectificationInterviewModel,
  emergencyReportModel,
  documentCountersignModel,
  hotlineRequestModel,
  majorMatterModel,
  leaveRequestModel,
  recurringDutyModel,
];
