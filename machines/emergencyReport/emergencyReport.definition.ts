/** 应急信息上报 emergency report escalation: labels, permissions, payloads and deadlines (clause 25, rules M3). */
import { clause, defineWorkflow, type DeadlineSpec, type Parties, type PayloadIssue } from '../definition';
import { emergencyReportMachine } from './emergencyReport.machine';
import { departmentOpinionOnDraft, mayorWasAsked } from './emergencyReport.rules';
import {
  emergencyInput,
  emergencyPayloads,
  stepMinutes,
  type EmergencyContext,
  type EmergencyInput,
} from './emergencyReport.types';

export { STEP_MINUTES_BY_KIND, stepMinutes } from './emergencyReport.types';

const LEADERSHIP = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR'] as const;

type Relation = 'responsibleLeader' | 'industryDepartment';

/** The upward report and its follow-ups are sent by the office or the industry department. */
const REPORTERS = [{ roles: ['OFFICE'] }, { roles: ['DEPARTMENT'], relation: 'industryDepartment' }] as const;

/**
 * One timed step: `from` is when the step was entered; registration runs from the incident. An
 * overdue step turns RED and notifies the next level up (M3).
 */
const step =
  (kind: string, label: string, nextLevelUp: Parties) =>
  (c: EmergencyContext): DeadlineSpec[] => [
    { kind, label, minutes: stepMinutes(c), from: c.stepEnteredAt ?? c.occurredAt, escalateTo: nextLevelUp },
  ];
const EXECUTIVE: Parties = { roles: ['EXECUTIVE_VICE_MAYOR'] };
const MAYOR: Parties = { roles: ['MAYOR'] };
/** above the mayor is the Yantai government itself: the office's duty desk chases the mayor's step */
const DUTY_OFFICE: Parties = { roles: ['OFFICE'] };

const shanghaiDateOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

export const emergencyReport = defineWorkflow<EmergencyContext, Relation>({
  id: 'emergencyReport',
  version: 1,
  title: '应急信息上报',
  rule: clause(25, '需要上报烟台市政府的事件，由分管副市长会同行业主管部门拿出意见，报负责政府常务工作的副市长审核把关，视情报市长同意后上报。'),
  description:
    '需向烟台市政府报告的应急事件：分管副市长会同行业主管部门会商拿出意见，报常务副市长审核把关，' +
    '视情报市长同意后上报；上报后续报，终报后办结。每一步限时（默认30分钟，按事件类型可配置）（第25条）。',
  machine: emergencyReportMachine,
  start: {
    label: '接报登记',
    allow: [{ roles: ['OFFICE'] }, { roles: ['DEPARTMENT'] }],
    input: emergencyInput,
    directory: { units: ['department'], people: ['viceMayor'], inChargeOf: { viceMayor: 'department' } },
    check: (input: EmergencyInput, today) =>
      shanghaiDateOf(input.occurredAt) > today
        ? [{ path: 'occurredAt', message: `must not be after today (${today})` }]
        : [],
  },
  relations: {
    responsibleLeader: { label: '分管副市长', holds: (c, actor) => actor.id === c.viceMayor.id },
    industryDepartment: { label: '行业主管部门', holds: (c, actor) => actor.unit === c.department },
  },
  states: {
    registered: {
      label: '已接报',
      description: '事件已登记，待分管副市长启动会商；时限自事发时间起算。',
      awaiting: (c) => ({ people: [c.viceMayor.id], units: [c.department], roles: ['OFFICE'] }),
      deadlines: step('registration', '启动会商时限', EXECUTIVE),
    },
    consulting: {
      label: '会商拟定意见',
      description: '分管副市长会同行业主管部门会商：行业主管部门先提出本部门意见，分管副市长再拿出会商意见报审。',
      // the department sees the task until it has given its opinion on this draft
      awaiting: (c) => ({ people: [c.viceMayor.id], units: departmentOpinionOnDraft(c) ? [] : [c.department] }),
      deadlines: step('consultation', '会商时限', EXECUTIVE),
    },
    reviewing: {
      label: '常务副市长审核',
      description: '常务副市长审核把关：退回修改，或同意并决定是否报市长同意。',
      awaiting: () => EXECUTIVE,
      deadlines: step('review', '审核时限', MAYOR),
    },
    awaitingMayor: {
      label: '报市长同意',
      description: '常务副市长决定须报市长同意；市长同意前不得上报。一经报市长，此后每一稿都须经市长同意才能上报。',
      awaiting: () => MAYOR,
      deadlines: step('mayorApproval', '市长审批时限', DUTY_OFFICE),
    },
    readyToReport: {
      label: '待上报',
      description: '已审核同意（须报市长的已经市长同意），待上报烟台市政府。',
      awaiting: (c) => ({ roles: ['OFFICE'], units: [c.department] }),
      deadlines: step('upwardReport', '上报时限', EXECUTIVE),
    },
    reported: {
      awaiting: (c) => ({ roles: ['OFFICE'], units: [c.department] }),
      label: '已上报（续报中）',
      description: '已上报烟台市政府；事件未结束期间续报，结束后终报。续报不设固定间隔。',
    },
    closed: { label: '已终报' },
    cancelled: { label: '已撤销（误报等）', finalStatus: 'CANCELLED' },
  },
  events: {
    START_CONSULTATION: {
      label: '启动会商',
      description: '分管副市长、行业主管部门或市政府办公室启动会商。',
      allow: [
        { roles: LEADERSHIP, relation: 'responsibleLeader' },
        { roles: ['DEPARTMENT'], relation: 'industryDepartment' },
        { roles: ['OFFICE'] },
      ],
      payload: emergencyPayloads.START_CONSULTATION,
    },
    SUBMIT_DEPARTMENT_OPINION: {
      label: '提交行业主管部门意见',
      description: '行业主管部门就本稿提出本部门意见，每稿一次；退回重拟的新稿须重新提出。',
      allow: [{ roles: ['DEPARTMENT'], relation: 'industryDepartment' }],
      payload: emergencyPayloads.SUBMIT_DEPARTMENT_OPINION,
    },
    SUBMIT_OPINION: {
      label: '提交会商意见',
      description:
        '行业主管部门提出意见后，分管副市长提交会商意见，报常务副市长审核；' +
        '本步时限已过而行业主管部门仍未提出意见的，可说明理由径行报审。',
      allow: [{ roles: LEADERSHIP, relation: 'responsibleLeader' }],
      payload: emergencyPayloads.SUBMIT_OPINION,
      check: (c, p: { withoutDepartmentReason?: string }) => {
        const answered = departmentOpinionOnDraft(c) !== undefined;
        if (!answered && !p.withoutDepartmentReason)
          return [{ path: 'withoutDepartmentReason', message: 'required: the industry department has not given its opinion on this draft' }];
        if (answered && p.withoutDepartmentReason)
          return [{ path: 'withoutDepartmentReason', message: 'not allowed: the industry department has given its opinion on this draft' }];
        return [];
      },
    },
    RETURN: {
      label: '退回修改',
      description: '常务副市长审核后附意见退回会商。',
      allow: [{ roles: ['EXECUTIVE_VICE_MAYOR'] }],
      payload: emergencyPayloads.RETURN,
    },
    APPROVE: {
      label: '审核同意',
      description: '只有常务副市长可以审核同意，并须决定是否报市长同意、说明理由；已报过市长的，此后各稿均须报市长同意。',
      allow: [{ roles: ['EXECUTIVE_VICE_MAYOR'] }],
      payload: emergencyPayloads.APPROVE,
      check: (c, p: { mayorApprovalRequired: boolean }) =>
        !p.mayorApprovalRequired && mayorWasAsked(c)
          ? [{ path: 'mayorApprovalRequired', message: 'must be true: the mayor was asked about an earlier draft, so every later draft needs the mayor too' }]
          : [],
    },
    MAYOR_APPROVE: {
      label: '市长同意',
      description: '市长同意当前这一稿；退回重拟的新稿须再经市长同意。',
      allow: [{ roles: ['MAYOR'] }],
      payload: emergencyPayloads.MAYOR_APPROVE,
    },
    MAYOR_RETURN: {
      label: '市长退回',
      description: '市长附意见退回会商，之后须重新审核。',
      allow: [{ roles: ['MAYOR'] }],
      payload: emergencyPayloads.MAYOR_RETURN,
    },
    REPORT_UPWARD: {
      label: '上报烟台市政府',
      description: '市政府办公室或行业主管部门上报，记录上报时间和方式；须报市长的，市长同意前不受理。',
      allow: REPORTERS,
      payload: emergencyPayloads.REPORT_UPWARD,
      check: (c, p: { reportedAt?: string }) => {
        const cleared = c.mayorApproval?.at ?? c.decision?.at;
        return p.reportedAt && cleared && Date.parse(p.reportedAt) < Date.parse(cleared)
          ? [{ path: 'reportedAt', message: `must not be before the approval (${cleared})` }]
          : [];
      },
    },
    FOLLOW_UP: {
      label: '续报',
      description: '事件未结束期间可多次续报，可更新伤亡情况。',
      allow: REPORTERS,
      payload: emergencyPayloads.FOLLOW_UP,
    },
    FINAL_REPORT: {
      label: '终报',
      allow: REPORTERS,
      payload: emergencyPayloads.FINAL_REPORT,
    },
    CANCEL: {
      label: '撤销（误报）',
      description: '上报前经核实为误报等情形，由市政府办公室或常务副市长撤销并说明理由；上报后只能以终报说明。',
      allow: [{ roles: ['OFFICE'] }, { roles: ['EXECUTIVE_VICE_MAYOR'] }],
      payload: emergencyPayloads.CANCEL,
    },
  },
  // the draft opinion and the review's comments stay with those in the process until approved
  drafts: {
    contextKeys: ['opinion', 'returns', 'decision', 'departmentOpinions', 'mayorRequired'],
    events: ['SUBMIT_OPINION', 'RETURN', 'APPROVE', 'MAYOR_RETURN', 'SUBMIT_DEPARTMENT_OPINION'],
    privateIn: ['registered', 'consulting', 'reviewing', 'awaitingMayor'],
    readers: (c) => ({ people: [c.viceMayor.id], units: [c.department], roles: ['EXECUTIVE_VICE_MAYOR', 'MAYOR'] }),
  },
  answer: { clockStartsWith: 'START', answeredBy: { event: 'REPORT_UPWARD' }, deadlineKind: null },
  facets: (c) => {
    const day = shanghaiDateOf(c.occurredAt);
    return { kind: c.kind, period: { from: day, to: day } };
  },
  describe: (c) => ({
    title: `${c.kind}：${c.place}`,
    units: [c.department],
    people: [c.viceMayor.id],
  }),
});
