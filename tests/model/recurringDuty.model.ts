/**
 * 常态化履职 in the model: a department's monthly duty with a share rule and 补学, so every
 * transition is reachable (a share falling short takes `met` back to `pending`). Occurrences are
 * dated on the current period's first day, which is today both at the model's start (2 November,
 * in November) and right after a period rolls over (1 December).
 */
import { clerks, officials, people } from '../helpers/cast';
import type { MachineModel } from './models';

const { office, viceMayor } = people;
const absentee = { id: clerks.housing.id, name: '张科长' };

export const recurringDutyModel: MachineModel = {
  machineId: 'recurringDuty',
  starter: office,
  input: {
    name: '理论学习中心组学习研讨',
    clause: { number: 2, text: '每月学习研讨不少于1次，因故缺席学习的要及时补学' },
    ownerUnit: '市住建局',
    period: 'MONTH',
    minimum: 1,
    kinds: ['集中学习', '专题研讨'],
    share: { kind: '专题研讨', atLeast: 0.5 },
    makeUp: true,
    periodStart: '2026-11-01',
  },
  people: [office, viceMayor, officials.executiveViceMayor, officials.mayorZhou, clerks.housingColleague, clerks.transportColleague],
  payloads: {
    RECORD_OCCURRENCE: (c) => [
      { date: c.periodStart, kind: '专题研讨', evidence: '专题研讨，党组成员作重点发言' },
      { date: c.periodStart, kind: '集中学习', evidence: '集中学习', absentees: [absentee] },
    ],
    RECORD_MAKE_UP: (c) => [{ date: c.periodStart, person: absentee, evidence: '自学并撰写心得' }],
    SUSPEND: () => [{ reason: '机构改革期间暂停' }],
    RESUME: () => [{ note: '机构改革完成' }],
    END: () => [{ reason: '职责调整' }],
    ACKNOWLEDGE_MISSES: () => [{ note: '已通报并督促' }],
  },
  // counts do not matter, only whether a make-up is owed and a missed month is unhandled
  stateKey: (c) => ({
    owed: c.makeUpsOwed.length > 0,
    missed: (c.periods as { outcome: string; acknowledged: unknown }[]).some((p) => p.outcome === 'MISSED' && !p.acknowledged),
  }),
};
