/**
 * 89000 民生服务热线 citizen request: labels, permissions, payloads and deadlines (clause 13).
 *
 * The hotline office (89000热线办公室) is modelled as the OFFICE role: it receives, assigns,
 * records the citizen's satisfaction and closes. The handling unit (承办单位) is a department or a
 * town, by the `handlingUnit` relation.
 */
import { clause, defineWorkflow, type DeadlineSpec, type Parties } from '../definition';
import { hotlineRequestMachine } from './hotlineRequest.machine';
import {
  CATEGORY_LABELS,
  hotlineInput,
  hotlinePayloads,
  REPLY_LIMITS,
  type HotlineContext,
} from './hotlineRequest.types';

export { REPLY_LIMITS } from './hotlineRequest.types';

const UNITS = ['DEPARTMENT', 'TOWN'] as const;
const HANDLING_UNIT = [{ roles: UNITS, relation: 'handlingUnit' }] as const;
const HOTLINE_OFFICE: Parties = { roles: ['OFFICE'] };

/** The reply limit of the category, from the assignment or the reopening; late: RED, told to the office. */
const replyDeadline = (c: HotlineContext): DeadlineSpec[] => [
  {
    kind: 'reply',
    label: `答复时限（${CATEGORY_LABELS[c.category]}）`,
    ...REPLY_LIMITS[c.category],
    from: c.replyClockFrom!,
    escalateTo: HOTLINE_OFFICE,
  } as DeadlineSpec,
];

const summary = (content: string) => (content.length > 30 ? `${content.slice(0, 30)}…` : content);

export const hotlineRequest = defineWorkflow<HotlineContext, 'handlingUnit'>({
  id: 'hotlineRequest',
  version: 1,
  title: '89000民生服务热线诉求',
  rule: clause(13, '充分发挥89000民生服务热线作用，持续提升服务质效，对群众诉求即接即办、一办到底。'),
  description:
    '充分发挥89000民生服务热线作用，对群众诉求即接即办、一办到底（第13条）：热线办公室受理并派单，承办单位签收或退回，' +
    '在时限内答复（紧急2小时、一般3个工作日、咨询1个工作日，自派单起算）；热线办公室回访群众满意度，' +
    '满意或基本满意办结，不满意重新交原承办单位办理，直至满意或热线办公室说明理由结案。群众姓名、电话仅热线办公室和承办单位可见。',
  machine: hotlineRequestMachine,
  start: {
    label: '受理诉求',
    allow: [{ roles: ['OFFICE'] }],
    input: hotlineInput,
  },
  relations: {
    handlingUnit: { label: '承办单位', holds: (c, actor) => c.unit !== null && actor.unit === c.unit },
  },
  states: {
    received: {
      label: '已受理待派单',
      description: '热线办公室受理群众诉求（第13条“即接即办”），登记渠道、类别、诉求内容和群众姓名电话，派单至承办单位。',
      awaiting: () => HOTLINE_OFFICE,
    },
    assigned: {
      label: '已派单待签收',
      description: '承办单位签收，或说明理由退回（非本单位职责）；答复时限自派单起算，签收不重新计时。',
      awaiting: (c) => ({ units: [c.unit!] }),
      deadlines: replyDeadline,
    },
    returned: {
      label: '已退回待改派',
      description: '承办单位退回，热线办公室改派其他单位；退回单位不再看到群众姓名电话。',
      awaiting: () => HOTLINE_OFFICE,
    },
    handling: {
      label: '办理中',
      description: '承办单位办理并在时限内答复；逾期转红，报热线办公室。回访不满意重新办理的，时限自重新交办起算。',
      awaiting: (c) => ({ units: [c.unit!] }),
      delegable: true,
      deadlines: replyDeadline,
    },
    replied: {
      label: '已答复待回访',
      description: '热线办公室回访群众，记录满意、基本满意或不满意。',
      awaiting: () => HOTLINE_OFFICE,
    },
    resolved: { label: '已办结（群众满意）' },
    closed: { label: '已结案（热线办公室说明理由）' },
  },
  events: {
    ASSIGN: {
      label: '派单',
      description: '热线办公室派单至承办单位；退回后改派的，不能再派给刚退回的单位。',
      allow: [{ roles: ['OFFICE'] }],
      payload: hotlinePayloads.ASSIGN,
      directory: { units: ['unit'] },
      check: (c, p: { unit: string }) =>
        c.unit === null && c.returns.at(-1)?.unit === p.unit
          ? [{ path: 'unit', message: `${p.unit} has just returned it as not its matter: assign another unit` }]
          : [],
    },
    ACCEPT: { label: '签收', description: '承办单位签收，开始办理。', allow: HANDLING_UNIT, payload: hotlinePayloads.ACCEPT },
    RETURN: {
      label: '退回',
      description: '非本单位职责的，承办单位签收前说明理由退回热线办公室。',
      allow: HANDLING_UNIT,
      payload: hotlinePayloads.RETURN,
    },
    REPLY: { label: '答复', description: '承办单位答复群众诉求办理结果。', allow: HANDLING_UNIT, payload: hotlinePayloads.REPLY },
    RECORD_SATISFACTION: {
      label: '回访评价',
      description: '答复后，热线办公室记录群众满意度：满意、基本满意办结；不满意重新交原承办单位办理（一办到底）。',
      allow: [{ roles: ['OFFICE'] }],
      payload: hotlinePayloads.RECORD_SATISFACTION,
    },
    CLOSE: {
      label: '结案',
      description: '热线办公室说明理由结案（如诉求已无法办理、群众撤回）。',
      allow: [{ roles: ['OFFICE'] }],
      payload: hotlinePayloads.CLOSE,
    },
  },
  // 群众姓名电话 are personal data: in every state, for good, the office and the handling unit
  // only; the start input carries them, so START payloads are redacted for everyone else and
  // never reach the stream or webhooks
  drafts: {
    privateIn: ['received', 'assigned', 'returned', 'handling', 'replied', 'resolved', 'closed'],
    readers: (c) => ({ roles: ['OFFICE'], units: c.unit ? [c.unit] : [] }),
    contextKeys: ['citizen'],
    events: ['START'],
  },
  answer: { clockStartsWith: 'ASSIGN', answeredBy: { event: 'REPLY' }, deadlineKind: 'reply' },
  statistics: {
    figures: {
      rated: { label: '已回访', value: (c) => (c.satisfaction ? 1 : 0) },
      satisfied: { label: '满意', value: (c) => (c.satisfaction === 'SATISFIED' ? 1 : 0) },
      basicallySatisfied: { label: '基本满意', value: (c) => (c.satisfaction === 'BASICALLY_SATISFIED' ? 1 : 0) },
      dissatisfied: { label: '不满意', value: (c) => (c.satisfaction === 'DISSATISFIED' ? 1 : 0) },
      reopened: { label: '不满意重办次数', value: (c) => c.reopenCount },
      lateReplies: { label: '超时答复次数', value: (c) => c.replies.filter((r) => r.late).length },
    },
    rates: {
      satisfactionRate: { label: '满意率（满意与基本满意占已回访）', numerator: ['satisfied', 'basicallySatisfied'], denominator: ['rated'] },
    },
  },
  facets: (c) => ({ source: c.channel, kind: c.category }),
  describe: (c) => ({
    title: `${CATEGORY_LABELS[c.category]}：${summary(c.content)}`,
    // the handling unit first: statistics count an item for its first unit
    units: [...new Set([...(c.unit ? [c.unit] : []), ...c.formerUnits])],
    people: [],
  }),
});
