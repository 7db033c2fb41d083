/** The 89000 hotline request (clause 13) in the model-based tests: the office, two units, bystanders. */
import { clerks, officials, people } from '../helpers/cast';
import type { MachineModel } from './models';

const fixed = (...samples: Record<string, unknown>[]) => () => samples;

export const hotlineRequestModel: MachineModel = {
  machineId: 'hotlineRequest',
  starter: people.office,
  input: {
    channel: '电话',
    category: 'ORDINARY',
    content: '金城小区3号楼楼道灯损坏一个月无人维修',
    citizen: { name: '刘秀英', phone: '13905351234' },
  },
  // the handling unit (市住建局 or 市交通局, whichever was assigned), a town and leaders as bystanders
  people: [people.office, people.viceMayor, officials.mayorZhou, clerks.housingColleague, clerks.transportColleague, people.town],
  payloads: {
    // two units: after one returns it, the other is assigned
    ASSIGN: fixed({ unit: '市住建局', note: '请尽快处理' }, { unit: '市交通局' }),
    ACCEPT: fixed({}),
    RETURN: fixed({ reason: '非本单位职责' }),
    REPLY: fixed({ content: '已更换楼道灯' }),
    RECORD_SATISFACTION: fixed(
      { satisfaction: 'SATISFIED' },
      { satisfaction: 'BASICALLY_SATISFIED' },
      { satisfaction: 'DISSATISFIED', note: '灯仍不亮' },
    ),
    CLOSE: fixed({ reason: '群众撤回诉求' }),
  },
};
