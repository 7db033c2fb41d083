/**
 * 重大事项 (clause 22) as a test model: vm-li's list for 2026, drafted and confirmed on the
 * models' Monday 2 November 2026, so the quarter due on confirmation is the fourth, year-end
 * carry-over is open, and the list's own date (31 March) has long passed.
 */
import { clerks, officials, people } from '../helpers/cast';
import type { MachineModel } from './models';

type Context = Record<string, any>;
type Matter = { id: string; outcome: unknown };

const open = (c: Context): Matter[] => (c.matters as Matter[]).filter((m) => !m.outcome);
const reported = (c: Context, m: Matter) => (c.reports as { matterId: string; quarter: number }[]).some((r) => r.matterId === m.id && r.quarter === c.reportQuarter);
const pending = (c: Context) => (c.reportQuarter > 4 ? [] : open(c).filter((m) => !reported(c, m)));
const firstOpen = (c: Context) => open(c)[0]?.id ?? 'M1';
/** the day the list was submitted, in Shanghai: the meeting that decides it is held on it */
const submittedDay = (c: Context) => new Date(Date.parse(c.submittedAt ?? '2026-11-02T01:00:00Z') + 8 * 3600_000).toISOString().slice(0, 10);
const meeting = (c: Context) => ({ meetingDate: submittedDay(c), meetingNumber: '2026年第20次' });

export const majorMatterModel: MachineModel = {
  machineId: 'majorMatter',
  starter: people.viceMayor,
  input: { year: 2026, leader: { id: 'vm-li', name: '李副市长' } },
  people: [people.office, people.viceMayor, officials.executiveViceMayor, officials.mayorZhou, clerks.housingColleague, clerks.transportColleague, people.town],
  payloads: {
    ADD_MATTER: (c) => [
      { title: `重大事项${c.nextNumber}`, goal: '全力突破', leadUnit: c.nextNumber % 2 ? '市住建局' : '市交通局', coUnits: ['罗峰街道'] },
    ],
    REMOVE_MATTER: (c) => [{ matterId: (c.matters as Matter[]).at(-1)?.id ?? 'M1', reason: '并入其他事项' }],
    SUBMIT: () => [{ note: '请市政府研究确定' }],
    CONFIRM: () => [{ comment: '同意' }],
    RETURN: () => [{ reason: '目标需量化' }],
    RECORD_MEETING_DECISION: (c) => [
      { ...meeting(c), decision: 'CONFIRMED' },
      { ...meeting(c), decision: 'RETURNED', reason: '事项需聚焦' },
    ],
    REPORT_PROGRESS: (c) => [{ matterId: pending(c)[0]?.id ?? 'M1', quarter: Math.min(c.reportQuarter ?? 4, 4), content: '按计划推进', percent: 50 }],
    COMPLETE_MATTER: (c) => [{ matterId: firstOpen(c), summary: '已完成' }],
    CARRY_OVER_MATTER: (c) => [{ matterId: firstOpen(c), reason: '跨年度实施' }],
    DROP_MATTER: (c) => [{ matterId: firstOpen(c), reason: '政策调整' }],
    CANCEL: () => [{ reason: '重复建立' }],
  },
  // how far the list is drafted; once confirmed, how many matters are open and still to report
  stateKey: (c) => (c.reportQuarter === null ? { drafted: c.matters.length } : { open: open(c).length, pending: pending(c).length }),
};
