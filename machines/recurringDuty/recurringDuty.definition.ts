/**
 * 常态化履职 recurring duties with quotas: labels, permissions, payloads and deadlines (clauses 2,
 * 6, 7, 8, 10, 12, 14). The seed duties are in recurringDuty.catalogue.ts.
 */
import { clause, defineWorkflow, type DeadlineSpec, type Parties, type Role } from '../definition';
import { recurringDutyMachine } from './recurringDuty.machine';
import { periodDeadlineKind } from './recurringDuty.periods';
import {
  inputIssues,
  isOwner,
  makeUpIssues,
  occurrenceIssues,
  owesMakeUp,
  unacknowledgedMisses,
} from './recurringDuty.rules';
import { dutyInput, dutyPayloads, type DutyContext, type DutyInput } from './recurringDuty.types';

/** Everyone of the government may own a duty; an administrator runs the system, not duties. */
const MEMBERS: readonly Role[] = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR', 'OFFICE', 'DEPARTMENT', 'TOWN'];
const OFFICE = [{ roles: ['OFFICE'] }] as const;
const TO_OFFICE = { escalateTo: { roles: ['OFFICE'] as Role[] } };

type Relation = 'owner' | 'absentee';

const ownerParties = (c: Pick<DutyInput, 'ownerPerson' | 'ownerUnit'>): Parties => ({
  units: c.ownerUnit ? [c.ownerUnit] : [],
  people: c.ownerPerson ? [c.ownerPerson.id] : [],
});
const owingMakeUp = (c: DutyContext) => [...new Set(c.makeUpsOwed.map((m) => m.person.id))];

/** The current period's end (or its target window's): warned only while the quota is unmet. */
const periodEnd = (c: DutyContext, unmet: boolean): DeadlineSpec => ({
  kind: periodDeadlineKind(c.periodStart),
  label: `${c.periodLabel}${c.name}期限`,
  date: c.dueDate,
  // met: no YELLOW (the warning falls on the due time) and no escalation when it closes
  warnWorkingDays: unmet ? c.warnWorkingDays : 0,
  ...(unmet ? TO_OFFICE : {}),
});

/** Missed periods not yet handled: the same kind and due time as when they passed, so they stay RED. */
const misses = (c: DutyContext): DeadlineSpec[] =>
  unacknowledgedMisses(c).map((p) => ({
    kind: periodDeadlineKind(p.periodStart),
    label: `${p.label}${c.name}未达标`,
    date: p.dueDate,
    warnWorkingDays: 0,
    ...TO_OFFICE,
  }));

export const recurringDuty = defineWorkflow<DutyContext, Relation>({
  id: 'recurringDuty',
  version: 1,
  title: '常态化履职',
  // each duty cites its own clause in its input (`clause`); the catalogue is kept as 9 asks: 建立工作台账
  rule: clause(9, '建立工作台账，形成工作闭环……定期跟踪问效，狠抓执行落实。'),
  description:
    '按周期考核的常态化工作：每月学习研讨不少于1次、缺席的及时补学（第2条），每月20日左右经济形势分析研判（第6条），' +
    '企业走访调研（第7条），每月至少调度1次分管领域重点招商项目（第8条），每季度召开1次人大代表、政协委员座谈交流会（第10条），' +
    '全年到基层调研走访不少于2个月、“四不两直”调研占比不低于50%（第12条），每月至少安排1天接待群众来访（第14条）。' +
    '责任人逐次记录履职情况；每期截止时达标则本期办结、进入下一期，未达标记为红色并报市政府办公室。' +
    '一项职责一个实例，期期相续（引擎不能由流程自行启动新实例）。',
  machine: recurringDutyMachine,
  start: {
    label: '建立履职台账',
    allow: OFFICE,
    input: dutyInput,
    directory: { units: ['ownerUnit'], people: ['ownerPerson'] },
    check: (input: DutyInput, today) => inputIssues(input, today),
  },
  relations: {
    owner: { label: '责任人（单位）', holds: (c, actor) => isOwner(c, actor) },
    absentee: { label: '待补学人员', holds: (c, actor) => owesMakeUp(c, actor.id) },
  },
  states: {
    pending: {
      label: '本期未达标',
      description: '本期进行中、尚未达到规定次数（或占比）；本期最后N个工作日仍未达标为黄色，期满未达标为红色并报市政府办公室。',
      awaiting: (c) => {
        const owner = ownerParties(c);
        return { units: owner.units, people: [...(owner.people ?? []), ...owingMakeUp(c)] };
      },
      deadlines: (c) => [periodEnd(c, true), ...misses(c)],
    },
    met: {
      label: '本期已达标',
      description: '本期已达到规定次数（及占比），期满即办结并进入下一期；仍可记录，后续记录使占比不足的回到未达标。',
      awaiting: (c) => ({ people: owingMakeUp(c) }),
      deadlines: (c) => [periodEnd(c, false), ...misses(c)],
    },
    suspended: {
      label: '已暂停',
      description: '市政府办公室说明理由后暂停：暂停期间不计周期；恢复时本期计数时段未过的继续本期，否则从当前周期重新开始。',
      deadlines: (c) => misses(c),
    },
    ended: { label: '已终止', finalStatus: 'CANCELLED' },
  },
  events: {
    RECORD_OCCURRENCE: {
      label: '记录履职情况',
      description:
        '责任人（或责任单位成员）记录一次履职：日期须在本期（或本期计数时段）内且不晚于今天，附一句说明和可选附件；' +
        '有占比要求的须注明类别（如“四不两直”）；学习研讨可登记缺席人员，缺席的须及时补学（第2条）。',
      allow: [{ roles: MEMBERS, relation: 'owner' }],
      payload: dutyPayloads.RECORD_OCCURRENCE,
      check: occurrenceIssues,
    },
    RECORD_MAKE_UP: {
      label: '登记补学',
      description: '因故缺席学习的要及时补学（第2条）：补学不计入本期次数，补齐最早一次缺席；本人或责任单位登记。',
      allow: [
        { roles: MEMBERS, relation: 'owner' },
        { roles: MEMBERS, relation: 'absentee' },
      ],
      payload: dutyPayloads.RECORD_MAKE_UP,
      directory: { people: ['person'] },
      check: makeUpIssues,
    },
    SUSPEND: { label: '暂停', description: '市政府办公室暂停该项职责，须说明理由。', allow: OFFICE, payload: dutyPayloads.SUSPEND },
    RESUME: { label: '恢复', description: '市政府办公室恢复已暂停的职责。', allow: OFFICE, payload: dutyPayloads.RESUME },
    END: { label: '终止', description: '市政府办公室终止该项职责，须说明理由；已有各期记录保留。', allow: OFFICE, payload: dutyPayloads.END },
    ACKNOWLEDGE_MISSES: {
      label: '督办处理未达标',
      description: '市政府办公室对未达标的期次作出处理（通报、约谈、督促），说明处理情况后解除红色。',
      allow: OFFICE,
      payload: dutyPayloads.ACKNOWLEDGE_MISSES,
    },
  },
  facets: (c) => ({ kind: c.period, period: { from: c.periodStart, to: c.periodEnd } }),
  describe: (c) => {
    const owner = ownerParties(c);
    return {
      title: `${c.name}（${c.ownerPerson?.name ?? c.ownerUnit}）${c.periodLabel}`,
      units: [...(owner.units ?? [])],
      people: [...new Set([...(owner.people ?? []), ...owingMakeUp(c)])],
    };
  },
});
