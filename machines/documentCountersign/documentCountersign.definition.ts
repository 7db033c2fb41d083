/** 文件会签 / 会议纪要签发: labels, permissions, payloads and deadlines (clauses 16, 21, rules M4). */
import { clause, defineWorkflow, type PayloadIssue } from '../definition';
import { documentCountersignMachine } from './documentCountersign.machine';
import {
  countersignInput,
  countersignPayloads,
  type CountersignContext,
  type CountersignInput,
} from './documentCountersign.types';

/** 原则上文件会签、会议纪要签发时间均不超过3个工作日 (clause 16) */
export const COUNTERSIGN_WORKING_DAYS = 3;
export const SIGN_OFF_WORKING_DAYS = 3;

const LEADERSHIP = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR'] as const;
/** The office drafts meeting minutes; departments draft and countersign documents. */
const DRAFTERS = ['DEPARTMENT', 'OFFICE'] as const;

type Relation = 'leadUnit' | 'signOffLeader' | 'signer';

const LEAD = [{ roles: DRAFTERS, relation: 'leadUnit' }] as const;
const LEADER = [{ roles: LEADERSHIP, relation: 'signOffLeader' }] as const;
const SIGNER = [{ roles: ['DEPARTMENT', 'OFFICE', 'TOWN'], relation: 'signer' }] as const;

/** Listed units that have not signed in this round. */
export const pendingSigners = (c: CountersignContext) => c.signers.filter((u) => !Object.hasOwn(c.signatures, u));

const duplicates = (units: readonly string[]) => units.filter((u, i) => units.indexOf(u) !== i);

/** Units that may not join a list: the lead unit, those already on `taken`, and repeats. */
function joinIssues(path: string, units: readonly string[], lead: string, taken: readonly string[], what: string) {
  const issues: PayloadIssue[] = [];
  units.forEach((u, i) => {
    const at = path === 'unit' ? path : `${path}.${i}`; // ADD_SIGNER names one unit, the others a list
    if (u === lead) issues.push({ path: at, message: `${u} is the lead unit` });
    else if (taken.includes(u)) issues.push({ path: at, message: `${u} is already ${what}` });
  });
  for (const u of new Set(duplicates(units))) issues.push({ path, message: `${u} is listed twice` });
  return issues;
}

function inputIssues(input: CountersignInput): PayloadIssue[] {
  const issues = [
    ...joinIssues('signers', input.signers, input.leadUnit, [], 'a signer'),
    ...joinIssues('ccUnits', input.ccUnits, input.leadUnit, input.signers, 'a signer'),
  ];
  if (input.mode === 'SHARE' && input.shareRequired === undefined)
    issues.push({ path: 'shareRequired', message: 'required when mode is SHARE' });
  if (input.mode !== 'SHARE' && input.shareRequired !== undefined)
    issues.push({ path: 'shareRequired', message: 'only for mode SHARE' });
  return issues;
}

export const documentCountersign = defineWorkflow<CountersignContext, Relation>({
  id: 'documentCountersign',
  version: 1,
  title: '文件会签',
  rule: clause(16, '原则上文件会签、会议纪要签发时间均不超过3个工作日。'),
  description:
    '牵头单位起草文件或会议纪要，送会签单位并行会签（3个工作日内），有不同意见退回修改后重新会签；' +
    '会签完成后由签发领导3个工作日内签发（第16条、第21条）。',
  machine: documentCountersignMachine,
  start: {
    label: '起草会签文件',
    allow: [{ roles: DRAFTERS }],
    input: countersignInput,
    directory: { units: ['leadUnit', 'signers', 'ccUnits'], people: ['signOffLeader'], inChargeOf: { signOffLeader: 'leadUnit' } },
    // a department drafts for its own unit; the office may start one for any lead unit
    check: (input: CountersignInput, _today, actor) =>
      !actor.roles.includes('OFFICE') && input.leadUnit !== actor.unit
        ? [...inputIssues(input), { path: 'leadUnit', message: 'must be your own unit' }]
        : inputIssues(input),
  },
  relations: {
    leadUnit: { label: '牵头单位', holds: (c, actor) => actor.unit === c.leadUnit },
    signOffLeader: { label: '签发领导', holds: (c, actor) => actor.id === c.signOffLeader.id },
    // only listed units may sign (FORBIDDEN for others); signing twice in a round is refused by
    // the machine's guard (EVENT_NOT_ACCEPTED)
    signer: { label: '会签单位', holds: (c, actor) => c.signers.includes(actor.unit) },
  },
  states: {
    draft: {
      label: '草拟',
      description: '牵头单位准备稿件和会签单位名单，送会签后开始第一轮。',
      awaiting: (c) => ({ units: [c.leadUnit] }),
    },
    countersigning: {
      label: '会签中',
      description:
        '会签单位并行会签，每轮每个单位只签一次（同意可附意见，不同意须说明理由）；名单外单位和本轮已签单位不能再签。',
      awaiting: (c) => ({ units: pendingSigners(c) }),
      // a late signer: it and the document go RED; the lead unit is told (M4)
      deadlines: (c) => [
        {
          kind: 'countersign',
          label: '会签期限',
          workingDays: COUNTERSIGN_WORKING_DAYS,
          from: c.roundStartedAt!,
          escalateTo: { units: [...pendingSigners(c), c.leadUnit] },
        },
      ],
    },
    revising: {
      label: '退回修改',
      awaiting: (c) => ({ units: [c.leadUnit] }),
      description: '有会签单位不同意或签发领导退回，牵头单位修改后重新送签（新一轮，此前签署不再有效）。不设期限。',
    },
    awaitingSignOff: {
      label: '待签发',
      description: '会签已完成（会签：全部同意；或签：一个同意；票签：达到比例），待签发领导签发。',
      awaiting: (c) => ({ people: [c.signOffLeader.id] }),
      deadlines: (c) => [
        {
          kind: 'signOff',
          label: '签发期限',
          workingDays: SIGN_OFF_WORKING_DAYS,
          from: c.readyAt!,
          escalateTo: { roles: ['OFFICE'] },
        },
      ],
    },
    issued: { label: '已签发' },
    withdrawn: { label: '已撤回', finalStatus: 'CANCELLED' },
  },
  events: {
    SEND: { label: '送会签', allow: LEAD, payload: countersignPayloads.SEND },
    AGREE: {
      label: '同意',
      description: '名单内、本轮尚未签署的会签单位同意，可附意见。',
      allow: SIGNER,
      payload: countersignPayloads.AGREE,
    },
    OBJECT: {
      label: '不同意',
      description: '名单内、本轮尚未签署的会签单位不同意，须说明理由；稿件退回牵头单位修改。',
      allow: SIGNER,
      payload: countersignPayloads.OBJECT,
    },
    ADD_SIGNER: {
      label: '加签',
      description: '牵头单位增加会签单位，须说明理由；抄送单位加签后改为会签单位。',
      allow: LEAD,
      payload: countersignPayloads.ADD_SIGNER,
      directory: { units: ['unit'] },
      check: (c, p: { unit: string }) => joinIssues('unit', [p.unit], c.leadUnit, c.signers, 'a signer'),
    },
    REMOVE_SIGNER: {
      label: '减签',
      description:
        '牵头单位减少会签单位，须说明理由；不能减去最后一个会签单位；减签后可能即完成会签。' +
        '被减单位本轮已作的签署留在本轮记录中、不再计入；本轮又加签的，不能再签，原签署重新计入。',
      allow: LEAD,
      payload: countersignPayloads.REMOVE_SIGNER,
      check: (c, p: { unit: string }) => {
        if (!c.signers.includes(p.unit)) return [{ path: 'unit', message: `${p.unit} is not a signer` }];
        return c.signers.length === 1 ? [{ path: 'unit', message: 'the last signer cannot be removed' }] : [];
      },
    },
    REVISE: {
      label: '修改后重新送签',
      description: '牵头单位提交修改稿，开始新一轮会签。',
      allow: LEAD,
      payload: countersignPayloads.REVISE,
      check: (c, p: { contentHash: string }) =>
        p.contentHash === c.contentHash ? [{ path: 'contentHash', message: 'the revised draft is unchanged' }] : [],
    },
    SIGN_OFF: { label: '签发', allow: LEADER, payload: countersignPayloads.SIGN_OFF },
    RETURN: { label: '退回修改', description: '签发领导退回修改，须说明理由。', allow: LEADER, payload: countersignPayloads.RETURN },
    WITHDRAW: {
      label: '撤回',
      description: '签发前牵头单位可撤回，须说明理由。',
      allow: LEAD,
      payload: countersignPayloads.WITHDRAW,
    },
    CC: {
      label: '抄送',
      description: '牵头单位增加抄送单位：抄送单位可以查看，不能会签。',
      allow: LEAD,
      payload: countersignPayloads.CC,
      directory: { units: ['units'] },
      check: (c, p: { units: string[] }) => joinIssues('units', p.units, c.leadUnit, [...c.signers, ...c.ccUnits], 'listed'),
    },
  },
  // a round's comments are for the lead unit, the signers and the sign-off leader until it ends
  drafts: {
    contextKeys: ['signatures'],
    events: ['AGREE', 'OBJECT'],
    privateIn: ['countersigning'],
    readers: (c) => ({ units: [c.leadUnit, ...c.signers], people: [c.signOffLeader.id] }),
  },
  answer: { clockStartsWith: 'SEND', answeredBy: { state: 'awaitingSignOff' }, deadlineKind: 'countersign' },
  facets: (c) => ({ kind: c.kind }),
  describe: (c) => ({
    title: c.title,
    units: [...new Set([c.leadUnit, ...c.signers, ...c.ccUnits])],
    people: [c.signOffLeader.id],
  }),
});
