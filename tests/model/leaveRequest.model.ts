/**
 * 请销假 (clause 3) as a model: a vice-mayor applies for two days in June 2030, another
 * vice-mayor covering. The dates lie far ahead because the bad-input corpus starts this input on
 * the wall clock's today, and the model-based test on 2 November 2026: both must be 3 days before.
 * The emergency branch is reached from the same application by the urgent departure report
 * (紧急外出报告), so one start input covers every state.
 */
import { clerks, officials, people } from '../helpers/cast';
import type { MachineModel } from './models';

const fixed = (...samples: Record<string, unknown>[]) => () => samples;

export const leaveRequestModel: MachineModel = {
  machineId: 'leaveRequest',
  starter: people.viceMayor,
  input: {
    applicant: { id: 'vm-li', name: '李副市长' },
    applicantRole: 'VICE_MAYOR',
    destination: '济南',
    reason: '参加全省农村工作会议',
    departure: '2030-06-03',
    return: '2030-06-04',
    cover: { id: 'vm-chen', name: '陈副市长' },
  },
  // the applicant, the cover person, the approver, the one who would approve the mayor's leave, the office, a bystander
  people: [people.viceMayor, people.otherViceMayor, officials.mayorZhou, officials.executiveViceMayor, people.office, clerks.housingColleague],
  payloads: {
    APPROVE: fixed({ comment: '同意' }),
    REJECT: fixed({ reason: '工作安排冲突，请按期返岗' }),
    REPORT_URGENT_DEPARTURE: fixed({ reason: '分管领域突发险情，须赴现场' }),
    COMPLETE_FORMALITIES: fixed({ statement: '因突发险情临时外出，特此补办书面请假手续' }),
    EXTEND: fixed({ return: '2030-06-07', reason: '会期延长' }),
    RETURN: fixed({ note: '已返招' }),
    WITHDRAW: fixed({}),
    CANCEL: fixed({ reason: '重复登记' }),
  },
  // an extension under approval accepts other events than an emergency application does
  stateKey: (c) => ({ extension: (c.extensions as { outcome: string }[]).some((e) => e.outcome === 'PENDING') }),
};
