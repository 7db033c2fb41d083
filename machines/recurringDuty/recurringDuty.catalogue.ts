/**
 * The seed catalogue of recurring duties in 招政发〔2022〕21号, each citing its clause in the
 * document's words. A template is a start input without its owner and first period: the office
 * starts one instance per duty and owner (`dutyInputFor`).
 *
 * Product choices where the document gives no number (configurable per instance):
 * - 每月20日左右: counted from the 17th to the 23rd (toleranceDays 3).
 * - 全年到基层调研走访不少于2个月: 60 days, counted in days.
 * - Yearly and weekly duties warn earlier or later than the default 3 working days.
 */
import type { DutyInput } from './recurringDuty.types';

export interface DutyTemplate {
  /** stable key of the catalogue entry */
  id: string;
  /** who owns it, in the document's words, and whether that is a person or a unit */
  ownedBy: string;
  owner: 'PERSON' | 'UNIT';
  duty: Omit<DutyInput, 'ownerPerson' | 'ownerUnit' | 'periodStart' | 'measure' | 'kinds' | 'makeUp' | 'warnWorkingDays'> &
    Partial<Pick<DutyInput, 'measure' | 'kinds' | 'makeUp' | 'warnWorkingDays'>>;
}

export const DUTY_CATALOGUE: readonly DutyTemplate[] = [
  {
    id: 'theoryStudy',
    ownedBy: '各级政府及工作部门（党组理论学习中心组）',
    owner: 'UNIT',
    duty: {
      name: '理论学习中心组学习研讨',
      clause: { number: 2, text: '加强和改进党组理论学习中心组学习，每月学习研讨不少于1次，每次安排党组成员作重点发言，因故缺席学习的要及时补学' },
      period: 'MONTH',
      minimum: 1,
      makeUp: true,
    },
  },
  {
    id: 'economicAnalysis',
    ownedBy: '市政府',
    owner: 'UNIT',
    duty: {
      name: '经济形势分析研判',
      clause: { number: 6, text: '市政府每月20日左右对经济形势进行1次分析研判' },
      period: 'MONTH',
      minimum: 1,
      target: { day: 20, toleranceDays: 3 },
    },
  },
  {
    id: 'economicIndicatorsWeekly',
    ownedBy: '市政府',
    owner: 'UNIT',
    duty: {
      name: '重要经济指标周调度',
      clause: { number: 6, text: '对重要经济指标实行周调度、月分析' },
      period: 'WEEK',
      minimum: 1,
      warnWorkingDays: 1,
    },
  },
  {
    id: 'enterpriseVisitCityLeader',
    ownedBy: '市级领导',
    owner: 'PERSON',
    duty: {
      name: '企业走访调研（市级领导）',
      clause: { number: 7, text: '市级领导每季度至少开展一次走访调研，帮助解决企业发展中遇到的困难和问题' },
      period: 'QUARTER',
      minimum: 1,
      warnWorkingDays: 10,
    },
  },
  {
    id: 'enterpriseVisitTownDepartment',
    ownedBy: '镇街区和部门领导班子成员',
    owner: 'PERSON',
    duty: {
      name: '企业走访调研（镇街区和部门领导班子成员）',
      clause: { number: 7, text: '镇街区和部门领导班子成员每月至少开展一次走访调研，帮助解决企业发展中遇到的困难和问题' },
      period: 'MONTH',
      minimum: 1,
    },
  },
  {
    id: 'investmentProjects',
    ownedBy: '市政府领导班子成员',
    owner: 'PERSON',
    duty: {
      name: '调度分管领域重点招商项目',
      clause: { number: 8, text: '市政府领导班子成员要带头招商，每月至少调度1次分管领域重点招商项目' },
      period: 'MONTH',
      minimum: 1,
    },
  },
  {
    id: 'deputiesForum',
    ownedBy: '市政府',
    owner: 'UNIT',
    duty: {
      name: '人大代表、政协委员座谈交流会',
      clause: { number: 10, text: '市政府每季度召开1次人大代表、政协委员座谈交流会，听取对政府工作的意见建议' },
      period: 'QUARTER',
      minimum: 1,
      warnWorkingDays: 10,
    },
  },
  {
    id: 'grassrootsResearch',
    ownedBy: '市政府领导班子成员',
    owner: 'PERSON',
    duty: {
      name: '到基层调研走访',
      clause: { number: 12, text: '全年到基层调研走访不少于2个月，其中“四不两直”调研占比不低于50%' },
      period: 'YEAR',
      measure: 'DAYS',
      minimum: 60,
      kinds: ['四不两直', '常规调研'],
      share: { kind: '四不两直', atLeast: 0.5 },
      warnWorkingDays: 40,
    },
  },
  {
    id: 'petitionReception',
    ownedBy: '市政府领导班子成员',
    owner: 'PERSON',
    duty: {
      name: '接待群众来访',
      clause: { number: 14, text: '市政府领导班子成员每月至少安排1天接待群众来访' },
      period: 'MONTH',
      measure: 'DAYS',
      minimum: 1,
    },
  },
];

export function findDutyTemplate(id: string): DutyTemplate | undefined {
  return DUTY_CATALOGUE.find((t) => t.id === id);
}

/** The start input of a catalogue duty for one owner, from the first period starting `periodStart`. */
export function dutyInputFor(
  template: DutyTemplate,
  owner: { person: { id: string; name: string } } | { unit: string },
  periodStart: string,
): Record<string, unknown> {
  const who = 'person' in owner ? { ownerPerson: owner.person } : { ownerUnit: owner.unit };
  return { ...template.duty, ...who, periodStart };
}
