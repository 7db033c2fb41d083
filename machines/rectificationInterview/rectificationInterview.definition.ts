/** 约谈整改 interview and rectification: labels, permissions, payloads and deadlines (clause 23, rules M2). */
import { clause, defineWorkflow, type PayloadIssue } from '../definition';
import { rectificationInterviewMachine } from './rectificationInterview.machine';
import {
  interviewInput,
  interviewPayloads,
  shanghaiDateOf,
  type InterviewContext,
} from './rectificationInterview.types';

/**
 * The document sets no time for reviewing a rectification report; 5 working days is a product
 * choice (as the supervision letter's progress period) so a report cannot wait unseen.
 */
export const REVIEW_WORKING_DAYS = 5;

const LEADERSHIP = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR'] as const;
const UNITS = ['TOWN', 'DEPARTMENT'] as const;

type Relation = 'interviewer' | 'interviewedUnit';

/** The interviewing leader decides; the mayor, who leads the government, may act in their stead. */
const LEADER_OR_MAYOR = [{ roles: LEADERSHIP, relation: 'interviewer' }, { roles: ['MAYOR'] }] as const;
/** Arranging time and place is office work; the leader may also do it. */
const OFFICE_OR_LEADER = [{ roles: ['OFFICE'] }, { roles: LEADERSHIP, relation: 'interviewer' }] as const;

function laterThan(path: string, day: string, what: string, value: string): PayloadIssue[] {
  return value > day ? [] : [{ path, message: `must be later than ${what} (${day})` }];
}

export const rectificationInterview = defineWorkflow<InterviewContext, Relation>({
  id: 'rectificationInterview',
  version: 1,
  title: '约谈整改',
  rule: clause(23, '对镇街区、市政府工作部门有令不行、有禁不止，重点工作落实不力造成重大负面影响的，由市政府领导班子成员进行工作约谈，对约谈对象进行严肃批评，并提出整改要求。被约谈对象要按期整改，并向市政府报告约谈整改落实结果。'),
  deadlineRules: { rectification: clause(23, '被约谈对象要按期整改，并向市政府报告约谈整改落实结果') },
  description:
    '工作约谈：对有令不行、有禁不止，或重点工作落实不力造成重大负面影响的镇街区、部门，由市政府领导约谈，' +
    '提出整改要求和期限；被约谈单位按期整改并向市政府报告约谈整改落实结果，经审核通过后办结（第23条）。',
  machine: rectificationInterviewMachine,
  start: {
    label: '提出约谈',
    allow: [{ roles: ['OFFICE'] }, { roles: LEADERSHIP }],
    input: interviewInput,
    directory: { units: ['unit'], people: ['leader'], inChargeOf: { leader: 'unit' } },
  },
  relations: {
    interviewer: { label: '约谈领导', holds: (c, actor) => actor.id === c.leader.id },
    interviewedUnit: { label: '被约谈单位', holds: (c, actor) => actor.unit === c.unit },
  },
  states: {
    proposed: {
      label: '拟约谈',
      description: '已提出约谈，待市政府办公室或约谈领导安排时间、地点。',
      awaiting: (c) => ({ roles: ['OFFICE'], people: [c.leader.id] }),
    },
    scheduled: {
      label: '已安排约谈',
      description: '约谈时间、地点已确定；约谈当日结束前应记录约谈情况。',
      awaiting: (c) => ({ people: [c.leader.id] }),
      deadlines: (c) => [{ kind: 'interview', label: '约谈日期', date: shanghaiDateOf(c.schedule!.time) }],
    },
    rectifying: {
      label: '整改中',
      description: '被约谈单位按约谈提出的整改要求整改，并在整改期限内报告整改落实结果。',
      awaiting: (c) => ({ units: [c.unit] }),
      delegable: true,
      // overdue rectification: RED and escalation to the interviewing leader (M2)
      deadlines: (c) => [
        { kind: 'rectification', label: '整改期限', date: c.rectificationDeadline!, escalateTo: { people: [c.leader.id] } },
      ],
    },
    reviewing: {
      label: '整改结果审核',
      description: `约谈领导（或市长）审核整改落实结果，${REVIEW_WORKING_DAYS}个工作日内作出通过或退回的决定。`,
      awaiting: (c) => ({ people: [c.leader.id] }),
      deadlines: (c) => [
        { kind: 'review', label: '审核期限', workingDays: REVIEW_WORKING_DAYS, from: c.report!.at, escalateTo: { roles: ['MAYOR'] } },
      ],
    },
    closed: { label: '已办结' },
    cancelled: { label: '已撤销', finalStatus: 'CANCELLED' },
  },
  events: {
    SCHEDULE: {
      label: '安排约谈',
      description: '市政府办公室或约谈领导确定约谈时间、地点。',
      allow: OFFICE_OR_LEADER,
      payload: interviewPayloads.SCHEDULE,
    },
    RESCHEDULE: {
      label: '调整约谈安排',
      description: '市政府办公室或约谈领导调整约谈时间、地点，须说明理由。',
      allow: OFFICE_OR_LEADER,
      payload: interviewPayloads.RESCHEDULE,
    },
    HOLD_INTERVIEW: {
      label: '开展约谈',
      description: '约谈领导记录批评意见、整改要求和整改期限；只有约谈领导本人可以记录。',
      allow: [{ roles: LEADERSHIP, relation: 'interviewer' }],
      payload: interviewPayloads.HOLD_INTERVIEW,
      check: (c, p: { rectificationDeadline: string }) =>
        laterThan('rectificationDeadline', shanghaiDateOf(c.schedule!.time), 'the interview day', p.rectificationDeadline),
    },
    REPORT_RESULT: {
      label: '报告整改落实结果',
      description: '只有被约谈单位可以向市政府报告约谈整改落实结果。',
      allow: [{ roles: UNITS, relation: 'interviewedUnit' }],
      payload: interviewPayloads.REPORT_RESULT,
    },
    ACCEPT_RESULT: {
      label: '审核通过',
      description: '约谈领导（或市长）审核通过整改落实结果，约谈整改办结。',
      allow: LEADER_OR_MAYOR,
      payload: interviewPayloads.ACCEPT_RESULT,
    },
    REJECT_RESULT: {
      label: '退回整改',
      description: '约谈领导（或市长）退回整改落实结果，说明理由并重新确定整改期限。',
      allow: LEADER_OR_MAYOR,
      payload: interviewPayloads.REJECT_RESULT,
      check: (c, p: { newDeadline: string }) =>
        laterThan('newDeadline', shanghaiDateOf(c.report!.at), 'the day of the report', p.newDeadline),
    },
    CANCEL: {
      label: '撤销约谈',
      description: '约谈领导（或市长）撤销约谈，须说明理由；已办结的不能撤销。',
      allow: LEADER_OR_MAYOR,
      payload: interviewPayloads.CANCEL,
    },
  },
  // 拟约谈: the proposal and its grounds stay with the office and the leaders until it is scheduled
  drafts: {
    privateIn: ['proposed'],
    wholeItem: true,
    readers: (c) => ({ roles: ['OFFICE', 'MAYOR', 'ADMIN'], people: [c.leader.id] }),
  },
  answer: { clockStartsWith: 'HOLD_INTERVIEW', answeredBy: { event: 'REPORT_RESULT' }, deadlineKind: 'rectification' },
  facets: (c) => ({ kind: c.grounds }),
  describe: (c) => ({
    title: `约谈整改：${c.unit}（${c.grounds}）`,
    units: [c.unit],
    people: [c.leader.id],
  }),
});
