/** 请销假 leave of absence: labels, permissions, payloads and deadlines (clause 3). */
import { clause, defineWorkflow, type DeadlineSpec, type Parties, type PayloadIssue } from '../definition';
import { leaveRequestMachine } from './leaveRequest.machine';
import {
  ADVANCE_DAYS,
  approverRole,
  FORMALITIES_WORKING_DAYS,
  leaveInput,
  leavePayloads,
  MEMBER_ROLES,
  RETURN_WORKING_DAYS,
  shiftDate,
  startOfDay,
  type LeaveContext,
  type LeaveInput,
} from './leaveRequest.types';

export { ADVANCE_DAYS, FORMALITIES_WORKING_DAYS, RETURN_WORKING_DAYS } from './leaveRequest.types';

type Relation = 'applicant' | 'approver';

const APPLICANT = [{ roles: MEMBER_ROLES, relation: 'applicant' }] as const;
const APPROVER = [{ roles: ['MAYOR', 'EXECUTIVE_VICE_MAYOR'], relation: 'approver' }] as const;
const OFFICE: Parties = { roles: ['OFFICE'] };

const approvers = (c: LeaveContext): Parties => ({ roles: [approverRole(c)] });
const applicant = (c: LeaveContext): Parties => ({ people: [c.applicant.id] });

/** 返招后及时销假: due at the end of the first working day after the planned return; the office is told. */
const returnDue = (c: LeaveContext): DeadlineSpec => ({
  kind: 'return',
  label: '销假期限',
  workingDays: RETURN_WORKING_DAYS,
  from: startOfDay(c.return),
  escalateTo: OFFICE,
});

const notBefore = (path: string, value: string, day: string, what: string): PayloadIssue[] =>
  value < day ? [{ path, message: `must not be before ${what} (${day})` }] : [];

/** 提前 3 天 for an application, 在离开岗位的同时 for an emergency report: both read on `departure`. */
function departureIssues(input: LeaveInput, today: string): PayloadIssue[] {
  if (input.emergency && input.departure !== today)
    return [{ path: 'departure', message: `an emergency is reported when leaving (第3条：在离开岗位的同时向主要负责同志报告): must be today (${today})` }];
  const latest = shiftDate(input.departure, -ADVANCE_DAYS);
  if (!input.emergency && today > latest)
    return [
      {
        path: 'departure',
        message: `第3条：离招外出须提前${ADVANCE_DAYS}天书面请假 — for ${input.departure} apply by ${latest}, or report an emergency when leaving`,
      },
    ];
  return [];
}

export const leaveRequest = defineWorkflow<LeaveContext, Relation>({
  id: 'leaveRequest',
  version: 1,
  title: '请销假',
  rule: clause(3, '市政府组成人员离招外出须提前3天按程序书面向市政府请假，报主要负责同志批准；因紧急事项临时外出，在离开岗位的同时向主要负责同志报告并履行请假手续；返招后及时销假。'),
  description:
    '严格执行请销假制度：市政府组成人员离招外出须提前3天按程序书面向市政府请假，报主要负责同志批准；' +
    '因紧急事项临时外出，在离开岗位的同时向主要负责同志报告并履行请假手续；返招后及时销假（第3条）。' +
    `主要负责同志为市长；市长本人请假由常务副市长审批（产品约定）。紧急外出的书面请假手续须在离招后${FORMALITIES_WORKING_DAYS}个工作日内补办，` +
    `返招日期后第${RETURN_WORKING_DAYS}个工作日结束前未销假的，逾期并报市政府办公室（产品约定）。外出期间续假须重新审批。`,
  machine: leaveRequestMachine,
  start: {
    label: '书面请假（或紧急外出报告）',
    allow: [{ roles: MEMBER_ROLES }],
    input: leaveInput,
    // 市政府组成人员: that the applicant is one is the directory's to say (governmentMember)
    directory: { people: ['applicant', 'cover'] },
    check: (input: LeaveInput, today, actor) => {
      const issues: PayloadIssue[] = [];
      if (input.applicant.id !== actor.id) issues.push({ path: 'applicant.id', message: 'must be yourself: members apply for their own leave' });
      if (!actor.roles.includes(input.applicantRole)) issues.push({ path: 'applicantRole', message: `must be one of your roles (${actor.roles.join(', ')})` });
      if (input.cover.id === input.applicant.id) issues.push({ path: 'cover.id', message: 'someone else covers the duties (代岗)' });
      issues.push(...notBefore('departure', input.departure, today, 'today'));
      if (issues.every((i) => i.path !== 'departure')) issues.push(...departureIssues(input, today));
      issues.push(...notBefore('return', input.return, input.departure, 'the departure'));
      return issues;
    },
  },
  relations: {
    applicant: { label: '请假人', holds: (c, actor) => actor.id === c.applicant.id },
    // nobody approves their own leave, whatever roles they hold
    approver: {
      label: '审批领导',
      holds: (c, actor) => actor.roles.includes(approverRole(c)) && actor.id !== c.applicant.id,
    },
  },
  states: {
    pendingApproval: {
      label: '待审批',
      description: '已提前3天书面请假，待主要负责同志（市长；市长请假为常务副市长）批准；应在离招日前审批，逾期报市政府办公室。',
      awaiting: approvers,
      deadlines: (c) => [
        { kind: 'approval', label: '审批期限（离招前）', date: shiftDate(c.departure, -1), escalateTo: OFFICE },
      ],
    },
    approved: {
      label: '已批准（待离招）',
      description: '请假已批准；离招日零时起自动转为外出中。',
      // not a duty anyone can miss: it only moves the leave to `away` when the departure day begins
      deadlines: (c) => [{ kind: 'departure', label: '离招日期', date: shiftDate(c.departure, -1), warnWorkingDays: 0 }],
    },
    awayFormalities: {
      label: '外出中（待补办请假手续）',
      description: `因紧急事项临时外出，已在离开岗位的同时报告；须在${FORMALITIES_WORKING_DAYS}个工作日内补办书面请假手续，逾期报市政府办公室。`,
      awaiting: applicant,
      deadlines: (c) => [
        {
          kind: 'formalities',
          label: '补办请假手续期限',
          workingDays: FORMALITIES_WORKING_DAYS,
          from: startOfDay(c.departure),
          escalateTo: OFFICE,
        },
        returnDue(c),
      ],
    },
    awayPendingApproval: {
      label: '外出中（待审批）',
      description: '已补办书面请假手续的紧急外出，或外出期间的续假申请，待主要负责同志批准；续假未批准前以原批准的返招日期为准。',
      awaiting: approvers,
      deadlines: (c) => [returnDue(c)],
    },
    away: {
      label: '外出中',
      description: `经批准外出，由代岗人员负责；返招后及时销假，返招日期后第${RETURN_WORKING_DAYS}个工作日结束前未销假的逾期并报市政府办公室。`,
      awaiting: applicant,
      deadlines: (c) => [returnDue(c)],
    },
    awayRecalled: {
      label: '外出中（未获批准，须返岗）',
      description: `紧急外出的请假未获批准：应即返岗并销假，不批准之日后第${RETURN_WORKING_DAYS}个工作日结束前未销假的逾期并报市政府办公室。`,
      awaiting: applicant,
      deadlines: (c) => [
        { kind: 'return', label: '销假期限', workingDays: RETURN_WORKING_DAYS, from: c.rejection!.at, escalateTo: OFFICE },
      ],
    },
    returned: { label: '已销假' },
    rejected: { label: '未获批准' },
    withdrawn: { label: '已撤回', finalStatus: 'CANCELLED' },
    cancelled: { label: '已撤销', finalStatus: 'CANCELLED' },
  },
  events: {
    APPROVE: {
      label: '批准',
      description: '主要负责同志批准请假或续假（市长请假由常务副市长批准）；本人不能批准自己的请假。',
      allow: APPROVER,
      payload: leavePayloads.APPROVE,
    },
    REJECT: {
      label: '不予批准',
      description: '不予批准须说明理由：离招前的请假就此办结；紧急外出的须即返岗销假；续假不批准的按原返招日期返岗。',
      allow: APPROVER,
      payload: leavePayloads.REJECT,
    },
    REPORT_URGENT_DEPARTURE: {
      label: '紧急外出报告',
      description: '已请假但因紧急事项须提前离招：在离开岗位的同时报告，离招日期改为当日，再补办书面请假手续。',
      allow: APPLICANT,
      payload: leavePayloads.REPORT_URGENT_DEPARTURE,
      check: (c, p: { return?: string }, today) => [
        ...(today >= c.departure ? [{ path: 'departure', message: `the leave already begins on ${c.departure}` }] : []),
        ...(p.return ? notBefore('return', p.return, today, 'today') : []),
      ],
    },
    COMPLETE_FORMALITIES: {
      label: '补办请假手续',
      description: `紧急外出后${FORMALITIES_WORKING_DAYS}个工作日内提交书面请假报告，报主要负责同志批准。`,
      allow: APPLICANT,
      payload: leavePayloads.COMPLETE_FORMALITIES,
      check: (c, p: { return?: string }) => (p.return ? notBefore('return', p.return, c.departure, 'the departure') : []),
    },
    EXTEND: {
      label: '续假',
      description: '外出期间需延长的，说明理由并提出新的返招日期，重新报批。',
      allow: APPLICANT,
      payload: leavePayloads.EXTEND,
      check: (c, p: { return: string }) =>
        p.return > c.return ? [] : [{ path: 'return', message: `must be later than the approved return (${c.return})` }],
    },
    RETURN: {
      label: '销假',
      description: '返招后及时销假；续假尚未审批的，续假申请随之失效。紧急外出的请假须先补办手续并经审批（或不予批准）后销假。',
      allow: APPLICANT,
      payload: leavePayloads.RETURN,
    },
    WITHDRAW: {
      label: '撤回',
      description: '请假人在批准前撤回请假，或撤回尚未审批的续假；紧急外出报告不能撤回。',
      allow: APPLICANT,
      payload: leavePayloads.WITHDRAW,
    },
    CANCEL: {
      label: '撤销',
      description: '市政府办公室撤销请假记录，须说明理由。',
      allow: [{ roles: ['OFFICE'] }],
      payload: leavePayloads.CANCEL,
    },
  },
  // 按时销假: the statistic counts returns against the return deadline
  answer: { clockStartsWith: 'START', answeredBy: { event: 'RETURN' }, deadlineKind: 'return' },
  // who is away now and who covers: the states beginning with `away`, naming the applicant and the cover person
  facets: (c) => ({ kind: c.emergency ? '紧急外出' : '请假', period: { from: c.departure, to: c.return } }),
  describe: (c) => ({
    title: `请假：${c.applicant.name} 赴${c.destination}（${c.departure}至${c.return}，${c.cover.name}代岗）`,
    units: [],
    people: [c.applicant.id, c.cover.id],
  }),
});
