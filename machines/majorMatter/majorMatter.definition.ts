/** 重大事项 major matters: labels, permissions, checks and deadlines (clause 22). One list per leader per year. */
import { clause, defineWorkflow, type PayloadIssue } from '../definition';
import { majorMatterMachine } from './majorMatter.machine';
import {
  findMatter,
  leadsOpenMatter,
  listDueDate,
  openMatters,
  pendingMatters,
  quarterEnd,
  quarterStart,
  reportedOn,
  shanghaiDateOf,
  yearEndFrom,
} from './majorMatter.rules';
import {
  CLAUSE_22,
  MAX_MATTERS,
  MIN_MATTERS,
  REPORT_GRACE_WORKING_DAYS,
  REPORT_WORKING_DAYS,
  majorMatterInput,
  majorMatterPayloads,
  type MajorMatterContext,
  type MajorMatterInput,
} from './majorMatter.types';

const LEADERSHIP = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR'] as const;
const UNITS = ['DEPARTMENT', 'TOWN'] as const;

type Relation = 'leader' | 'unitInCharge';
const LEADER = [{ roles: LEADERSHIP, relation: 'leader' }] as const;
const MAYOR = [{ roles: ['MAYOR'] }] as const;
const OFFICE = [{ roles: ['OFFICE'] }] as const;

/** A missing report or outcome is the leader's to answer for, and the office supervises (纳入督查重点范围). */
const escalation = (c: MajorMatterContext) => ({ escalateTo: { people: [c.leader.id], roles: ['OFFICE'] as const } });
/** The start of a day in Asia/Shanghai: working days are counted from the day after. */
const dayOf = (date: string) => `${date}T00:00:00+08:00`;

function underwayDeadlines(c: MajorMatterContext) {
  const q = c.reportQuarter ?? 1;
  if (openMatters(c).length === 0) return [];
  if (q <= 4) {
    return [
      {
        kind: 'quarterlyReport',
        label: `第${q}季度进展报告`,
        workingDays: REPORT_WORKING_DAYS,
        from: dayOf(quarterEnd(c.year, q)),
        graceWorkingDays: REPORT_GRACE_WORKING_DAYS,
        ...escalation(c),
      },
    ];
  }
  return [{ kind: 'outcome', label: '年终结果', workingDays: REPORT_WORKING_DAYS, from: dayOf(quarterEnd(c.year, 4)), ...escalation(c) }];
}

const countIssue = (n: number): PayloadIssue => ({ path: 'matters', message: `${CLAUSE_22}；现有${n}项` });

function addIssues(c: MajorMatterContext, p: { title: string; leadUnit: string; coUnits: string[] }): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  if (c.matters.length >= MAX_MATTERS) issues.push({ path: 'matters', message: `${CLAUSE_22}；已有${c.matters.length}项，不能再增加` });
  if (c.matters.some((m) => m.title === p.title)) issues.push({ path: 'title', message: 'a matter of this title is already listed' });
  if (p.coUnits.includes(p.leadUnit)) issues.push({ path: 'coUnits', message: 'must not include the unit in charge' });
  if (new Set(p.coUnits).size !== p.coUnits.length) issues.push({ path: 'coUnits', message: 'lists a unit twice' });
  return issues;
}

/** The matter must be on the list and still open. */
function openMatterIssues(c: MajorMatterContext, matterId: string): PayloadIssue[] {
  const matter = findMatter(c, matterId);
  if (!matter) return [{ path: 'matterId', message: `no matter ${matterId} on the list` }];
  return matter.outcome ? [{ path: 'matterId', message: `${matterId} has already ended (${matter.outcome.kind})` }] : [];
}

function reportIssues(c: MajorMatterContext, p: { matterId: string; quarter: number }, today: string): PayloadIssue[] {
  const issues = openMatterIssues(c, p.matterId);
  const due = c.reportQuarter ?? 1;
  if (due > 4) issues.push({ path: 'quarter', message: 'every quarter has been reported' });
  else if (p.quarter !== due) issues.push({ path: 'quarter', message: `the report now due is for quarter ${due}` });
  else if (today < quarterStart(c.year, p.quarter))
    issues.push({ path: 'quarter', message: `quarter ${p.quarter} has not begun (${quarterStart(c.year, p.quarter)})` });
  if (!issues.length && reportedOn(c, p.matterId, p.quarter))
    issues.push({ path: 'matterId', message: `${p.matterId} has already reported for quarter ${p.quarter}` });
  return issues;
}

function meetingIssues(c: MajorMatterContext, p: { meetingDate: string; decision: string; reason?: string }, today: string) {
  const issues: PayloadIssue[] = [];
  if (p.meetingDate > today) issues.push({ path: 'meetingDate', message: `must not be after today (${today})` });
  const submitted = c.submittedAt ? shanghaiDateOf(c.submittedAt) : null;
  if (submitted && p.meetingDate < submitted)
    issues.push({ path: 'meetingDate', message: `must not be before the list was submitted (${submitted})` });
  if (p.decision === 'RETURNED' && !p.reason) issues.push({ path: 'reason', message: 'required when the meeting returns the list' });
  if (p.decision === 'CONFIRMED' && p.reason) issues.push({ path: 'reason', message: 'only for a return; use comment' });
  return issues;
}

function startIssues(input: MajorMatterInput, today: string, actor: { id: string; roles: readonly string[] }): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  const year = Number(today.slice(0, 4));
  if (input.year < year || input.year > year + 1) issues.push({ path: 'year', message: `must be ${year} or ${year + 1}` });
  if (!actor.roles.includes('OFFICE') && input.leader.id !== actor.id)
    issues.push({ path: 'leader', message: 'must be yourself; the office starts a list for another leader' });
  return issues;
}

export const majorMatter = defineWorkflow<MajorMatterContext, Relation>({
  id: 'majorMatter',
  version: 1,
  title: '重大事项',
  rule: clause(22, '市政府领导班子成员每年一季度研究确定3-4项分管领域需要全力突破的重大事项，提交市政府研究确定。市政府办公室负责建立年度重大事项清单，纳入督查重点范围，市政府每季度听取班子成员重大事项进展情况报告。'),
  description:
    '重大事项筛选和推进：市政府领导班子成员每年一季度研究确定3-4项分管领域需要全力突破的重大事项，提交市政府研究确定；' +
    '市政府办公室建立年度重大事项清单，纳入督查重点范围；市政府每季度听取班子成员重大事项进展情况报告（第22条）。',
  machine: majorMatterMachine,
  start: {
    label: '建立年度重大事项清单',
    // the leader opens their own list, or the office opens one for a named leader
    allow: [{ roles: LEADERSHIP }, { roles: ['OFFICE'] }],
    input: majorMatterInput,
    directory: { people: ['leader'] },
    check: startIssues,
  },
  relations: {
    leader: { label: '班子成员', holds: (c, actor) => actor.id === c.leader.id },
    unitInCharge: { label: '责任单位', holds: (c, actor) => leadsOpenMatter(c, actor.unit) },
  },
  states: {
    drafting: {
      label: '研究确定重大事项',
      description: '班子成员每年一季度研究确定3-4项分管领域需要全力突破的重大事项（第22条），一季度末前提交；逾期转红并报市政府办公室。',
      awaiting: (c) => ({ people: [c.leader.id] }),
      deadlines: (c) => [{ kind: 'list', label: '提交重大事项', date: listDueDate(c.year), escalateTo: { roles: ['OFFICE'] } }],
    },
    confirming: {
      label: '提交市政府研究确定',
      description: '提交市政府研究确定（第22条）：市长确定，或市政府办公室记录市政府常务会议研究结果；退回的须说明理由。',
      awaiting: () => ({ roles: ['MAYOR', 'OFFICE'] }),
    },
    underway: {
      label: '推进中',
      description:
        '列入年度重大事项清单、纳入督查重点范围；市政府每季度听取班子成员重大事项进展情况报告（第22条）：' +
        `每项未结事项每季度报告进展，季度结束后${REPORT_WORKING_DAYS}个工作日内报送，逾期转黄，再逾${REPORT_GRACE_WORKING_DAYS}个工作日转红并报班子成员和市政府办公室。`,
      awaiting: (c) => ({ people: [c.leader.id], units: [...new Set(pendingMatters(c).map((m) => m.leadUnit))] }),
      deadlines: underwayDeadlines,
    },
    concluded: { label: '年度清单办结', description: '每项重大事项均已完成、结转下年或经市长决定撤销。' },
    cancelled: { label: '已撤销', finalStatus: 'CANCELLED', description: '清单确定前由市政府办公室撤销。' },
  },
  events: {
    ADD_MATTER: {
      label: '增加重大事项',
      description: `一份清单${MIN_MATTERS}-${MAX_MATTERS}项（第22条），第${MAX_MATTERS + 1}项不予增加。`,
      allow: LEADER,
      payload: majorMatterPayloads.ADD_MATTER,
      directory: { units: ['leadUnit', 'coUnits'] },
      check: addIssues,
    },
    REMOVE_MATTER: {
      label: '删除重大事项',
      allow: LEADER,
      payload: majorMatterPayloads.REMOVE_MATTER,
      check: (c, p: { matterId: string }) => (findMatter(c, p.matterId) ? [] : [{ path: 'matterId', message: `no matter ${p.matterId} on the list` }]),
    },
    SUBMIT: {
      label: '提交市政府研究确定',
      description: `少于${MIN_MATTERS}项或多于${MAX_MATTERS}项不予提交（第22条）。`,
      allow: LEADER,
      payload: majorMatterPayloads.SUBMIT,
      check: (c) => (c.matters.length < MIN_MATTERS || c.matters.length > MAX_MATTERS ? [countIssue(c.matters.length)] : []),
    },
    CONFIRM: { label: '市长确定', allow: MAYOR, payload: majorMatterPayloads.CONFIRM },
    RETURN: { label: '退回修改', description: '市长退回班子成员修改，须说明理由。', allow: MAYOR, payload: majorMatterPayloads.RETURN },
    RECORD_MEETING_DECISION: {
      label: '记录常务会议研究结果',
      description: '市政府办公室记录市政府常务会议（日期、次数）确定清单或退回修改（退回须说明理由）。',
      allow: OFFICE,
      payload: majorMatterPayloads.RECORD_MEETING_DECISION,
      check: meetingIssues,
    },
    REPORT_PROGRESS: {
      label: '报告季度进展',
      description: '班子成员或事项的责任单位报告本季度进展；每项每季度一次，季度开始后方可报告。',
      allow: [...LEADER, { roles: UNITS, relation: 'unitInCharge' }],
      payload: majorMatterPayloads.REPORT_PROGRESS,
      check: reportIssues,
    },
    COMPLETE_MATTER: {
      label: '完成事项',
      description: '班子成员报告事项已全力突破完成；完成的事项不再报告进展。',
      allow: LEADER,
      payload: majorMatterPayloads.COMPLETE_MATTER,
      check: (c, p: { matterId: string }) => openMatterIssues(c, p.matterId),
    },
    CARRY_OVER_MATTER: {
      label: '结转下年',
      description: '年底（四季度起）未完成的事项由班子成员说明理由结转下年。',
      allow: LEADER,
      payload: majorMatterPayloads.CARRY_OVER_MATTER,
      check: (c, p: { matterId: string }, today) => {
        const issues = openMatterIssues(c, p.matterId);
        const from = yearEndFrom(c.year);
        return today < from ? [...issues, { path: 'matterId', message: `a matter is carried over at year end, from ${from}` }] : issues;
      },
    },
    DROP_MATTER: {
      label: '撤销事项',
      description: '撤销清单中的事项须说明理由，由市长决定。',
      allow: MAYOR,
      payload: majorMatterPayloads.DROP_MATTER,
      check: (c, p: { matterId: string }) => openMatterIssues(c, p.matterId),
    },
    CANCEL: {
      label: '撤销清单',
      description: '清单确定前，市政府办公室可撤销误建或重复的清单，须说明理由。',
      allow: OFFICE,
      payload: majorMatterPayloads.CANCEL,
    },
  },
  // clause 29: matters proposed and not yet confirmed by the government are undecided
  drafts: {
    privateIn: ['drafting', 'confirming'],
    wholeItem: true,
    readers: (c) => ({ people: [c.leader.id], roles: ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'OFFICE', 'ADMIN'] }),
  },
  // 通报: was the list submitted by the end of the first quarter?
  answer: { clockStartsWith: 'START', answeredBy: { state: 'confirming' }, deadlineKind: 'list' },
  facets: (c) => ({ period: { from: `${c.year}-01-01`, to: `${c.year}-12-31` } }),
  describe: (c) => ({
    title: `${c.year}年度重大事项（${c.leader.name}）`,
    units: [...new Set(c.matters.flatMap((m) => [m.leadUnit, ...m.coUnits]))],
    people: [c.leader.id],
  }),
});
