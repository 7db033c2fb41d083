/** 督办函 supervision letter: labels, permissions, payloads and deadlines (clause 9, rules M1). */
import { clause, defineWorkflow, type PayloadIssue } from '../definition';
import { supervisionLetterMachine } from './supervisionLetter.machine';
import { letterInput, letterPayloads, type LetterContext } from './supervisionLetter.types';

/** 收函单位3个工作日内反馈整改落实情况 */
export const FEEDBACK_WORKING_DAYS = 3;

const LEADERSHIP = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR'] as const;
const UNITS = ['DEPARTMENT', 'TOWN'] as const;

/** Late feedback or a late final date escalates to the leader in charge; a flagged letter to the mayor too. */
const escalation = (c: LetterContext) => ({
  escalateTo: { people: [c.leaderInCharge.id], roles: c.flagged ? (['MAYOR'] as const) : [] },
});
const finalDue = (c: LetterContext) => ({ kind: 'final', label: '限期办结', date: c.dueDate, ...escalation(c) });
/** Late periodic progress is YELLOW at once and RED after this many more working days. */
export const PROGRESS_GRACE_WORKING_DAYS = 2;

function laterThanDue(context: LetterContext, payload: { newDueDate: string }): PayloadIssue[] {
  return payload.newDueDate > context.dueDate
    ? []
    : [{ path: 'newDueDate', message: `must be later than the current due date ${context.dueDate}` }];
}

export const supervisionLetter = defineWorkflow<LetterContext, 'leadUnit' | 'leaderInCharge'>({
  id: 'supervisionLetter',
  version: 1,
  title: '督办函',
  rule: clause(9, '对有明确时限和目标要求的工作，采取向相关部门单位发函方式，提出明确工作要求，收函单位3个工作日内反馈整改落实情况，定期报告进展直至办结。'),
  deadlineRules: {
    feedback: clause(9, '收函单位3个工作日内反馈整改落实情况'),
    progress: clause(9, '定期报告进展直至办结'),
    final: clause(9, '对上级和我市领导批示交办及上级巡视、督察、审计、检查反馈等重要问题进行挂牌督办，限期办结'),
  },
  description:
    '督查督办：市政府办公室向承办单位发函督办，承办单位3个工作日内反馈整改落实情况，定期报告进展直至办结（第9条）。',
  machine: supervisionLetterMachine,
  start: {
    label: '起草督办函',
    allow: [{ roles: ['OFFICE'] }],
    input: letterInput,
    directory: { units: ['leadUnit', 'coUnits'], people: ['leaderInCharge'], inChargeOf: { leaderInCharge: 'leadUnit' } },
    check: (input: { dueDate: string; leadUnit: string; coUnits: string[] }, today) => {
      const issues: PayloadIssue[] = [];
      if (input.dueDate < today) issues.push({ path: 'dueDate', message: `must not be before today (${today})` });
      if (input.coUnits.includes(input.leadUnit))
        issues.push({ path: 'coUnits', message: 'must not include the lead unit' });
      return issues;
    },
  },
  relations: {
    leadUnit: { label: '承办单位', holds: (c, actor) => actor.unit === c.leadUnit },
    leaderInCharge: { label: '分管领导', holds: (c, actor) => actor.id === c.leaderInCharge.id },
  },
  states: {
    draft: { label: '草稿', awaiting: () => ({ roles: ['OFFICE'] }) },
    awaitingFeedback: {
      label: '待反馈',
      awaiting: (c) => ({ units: [c.leadUnit] }),
      delegable: true,
      deadlines: (c) => [
        { kind: 'feedback', label: '反馈期限', workingDays: FEEDBACK_WORKING_DAYS, from: c.issuedAt!, ...escalation(c) },
        finalDue(c),
      ],
    },
    inProgress: {
      label: '办理中',
      awaiting: (c) => ({ units: [c.leadUnit] }),
      delegable: true,
      deadlines: (c) => [
        {
          kind: 'progress',
          label: '进展报告',
          workingDays: c.progressEveryWorkingDays,
          from: c.lastProgressAt!,
          graceWorkingDays: PROGRESS_GRACE_WORKING_DAYS,
          escalateTo: { people: [c.leaderInCharge.id] },
        },
        finalDue(c),
      ],
    },
    closureReview: { label: '办结审核', awaiting: () => ({ roles: ['OFFICE'] }) },
    closed: { label: '已办结' },
    cancelled: { label: '已撤销', finalStatus: 'CANCELLED' },
  },
  events: {
    ISSUE: { label: '发函', allow: [{ roles: ['OFFICE'] }], payload: letterPayloads.ISSUE },
    SUBMIT_FEEDBACK: {
      label: '反馈整改落实情况',
      allow: [{ roles: UNITS, relation: 'leadUnit' }],
      payload: letterPayloads.SUBMIT_FEEDBACK,
    },
    REPORT_PROGRESS: {
      label: '报告进展',
      allow: [{ roles: UNITS, relation: 'leadUnit' }],
      payload: letterPayloads.REPORT_PROGRESS,
    },
    REQUEST_CLOSURE: {
      label: '申请办结',
      allow: [{ roles: UNITS, relation: 'leadUnit' }],
      payload: letterPayloads.REQUEST_CLOSURE,
    },
    APPROVE_CLOSURE: { label: '确认办结', allow: [{ roles: ['OFFICE'] }], payload: letterPayloads.APPROVE_CLOSURE },
    REJECT_CLOSURE: { label: '退回办结申请', allow: [{ roles: ['OFFICE'] }], payload: letterPayloads.REJECT_CLOSURE },
    EXTEND_DEADLINE: {
      label: '延期',
      allow: [{ roles: LEADERSHIP, relation: 'leaderInCharge' }],
      payload: letterPayloads.EXTEND_DEADLINE,
      check: laterThanDue,
    },
    URGE: { label: '催办', allow: [{ roles: ['OFFICE'] }], payload: letterPayloads.URGE },
    REASSIGN: {
      label: '转办',
      allow: [{ roles: ['OFFICE'] }],
      payload: letterPayloads.REASSIGN,
      directory: { units: ['newLeadUnit'] },
      check: (c, p: { newLeadUnit: string }) =>
        p.newLeadUnit === c.leadUnit ? [{ path: 'newLeadUnit', message: 'is already the lead unit' }] : [],
    },
    CANCEL: { label: '撤销', allow: [{ roles: ['OFFICE'] }], payload: letterPayloads.CANCEL },
  },
  // a letter is the office's draft until it is issued: the addressed units do not see it before
  drafts: {
    privateIn: ['draft'],
    wholeItem: true,
    readers: (c) => ({ roles: ['OFFICE', 'ADMIN'], people: [c.leaderInCharge.id] }),
  },
  answer: { clockStartsWith: 'ISSUE', answeredBy: { event: 'SUBMIT_FEEDBACK' }, deadlineKind: 'feedback' },
  facets: (c) => ({ source: c.source, flagged: c.flagged }),
  describe: (c) => ({
    title: c.title,
    units: [c.leadUnit, ...c.coUnits.filter((u) => u !== c.leadUnit)],
    people: [c.leaderInCharge.id],
  }),
});
