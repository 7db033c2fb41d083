/**
 * 89000 民生服务热线 citizen request (clause 13, 即接即办、一办到底): the hotline office receives it
 * and assigns it to a unit; the unit accepts or sends it back; its reply is rated by the citizen
 * through the office, and a 不满意 reopens it with the same unit until a satisfactory reply or the
 * office closes it. The reply limit is declared in the definition, not with `after`.
 */
import { assign, setup } from 'xstate';
import { actedBy } from '../common.schemas';
import type { HotlineContext, HotlineEvent, HotlineInput, Satisfaction } from './hotlineRequest.types';

export const hotlineRequestMachine = setup({
  types: {
    context: {} as HotlineContext,
    events: {} as HotlineEvent,
    input: {} as HotlineInput,
  },
  guards: {
    dissatisfied: ({ event }) => (event.payload as { satisfaction?: Satisfaction }).satisfaction === 'DISSATISFIED',
  },
  actions: {
    // the limit runs from the assignment: a unit cannot gain time by accepting late
    assign: assign(({ context, event }) => {
      const { unit, note } = event.payload as { unit: string; note?: string };
      return {
        unit,
        assignments: [...context.assignments, { unit, note: note ?? null, ...actedBy(event) }],
        replyClockFrom: event.at,
        acceptedAt: null,
        roundOverdue: false,
      };
    }),
    accept: assign({ acceptedAt: ({ event }) => event.at }),
    // the unit that said it is not its matter stops seeing the citizen, not the request
    recordReturn: assign(({ context, event }) => {
      const unit = context.unit!;
      return {
        unit: null,
        formerUnits: context.formerUnits.includes(unit) ? context.formerUnits : [...context.formerUnits, unit],
        returns: [...context.returns, { unit, reason: (event.payload as { reason: string }).reason, ...actedBy(event) }],
        replyClockFrom: null,
      };
    }),
    markOverdue: assign({ roundOverdue: true }),
    recordReply: assign(({ context, event }) => ({
      replies: [
        ...context.replies,
        {
          unit: context.unit!,
          content: (event.payload as { content: string }).content,
          round: context.reopenCount + 1,
          late: context.roundOverdue,
          ...actedBy(event),
        },
      ],
    })),
    recordVisit: assign(({ context, event }) => {
      const { satisfaction, note } = event.payload as { satisfaction: Satisfaction; note?: string };
      return {
        satisfaction,
        visits: [
          ...context.visits,
          { satisfaction, note: note ?? null, round: context.reopenCount + 1, unit: context.unit!, ...actedBy(event) },
        ],
      };
    }),
    // 一办到底: back to the same unit, with a new limit from now
    reopen: assign(({ context, event }) => ({
      reopenCount: context.reopenCount + 1,
      replyClockFrom: event.at,
      roundOverdue: false,
    })),
    recordClosure: assign({ closure: ({ event }) => ({ reason: (event.payload as { reason: string }).reason, ...actedBy(event) }) }),
  },
}).createMachine({
  id: 'hotlineRequest',
  initial: 'received',
  context: ({ input }) => ({
    ...input,
    unit: null,
    formerUnits: [],
    assignments: [],
    returns: [],
    replyClockFrom: null,
    acceptedAt: null,
    roundOverdue: false,
    replies: [],
    satisfaction: null,
    visits: [],
    reopenCount: 0,
    closure: null,
  }),
  // the office may close an open request at any point, with a reason
  on: {
    CLOSE: { target: '.closed', actions: 'recordClosure' },
  },
  states: {
    received: {
      description: 'Received by the hotline office; it assigns the request to the responsible unit.',
      on: { ASSIGN: { target: 'assigned', actions: 'assign' } },
    },
    assigned: {
      description: 'With the unit, which accepts it or sends it back; the reply limit is already running.',
      on: {
        ACCEPT: { target: 'handling', actions: 'accept' },
        RETURN: { target: 'returned', actions: 'recordReturn' },
        DEADLINE_PASSED: { actions: 'markOverdue' },
      },
    },
    returned: {
      description: 'Sent back as not the unit’s matter; the office assigns it to another unit.',
      on: { ASSIGN: { target: 'assigned', actions: 'assign' } },
    },
    handling: {
      description: 'Accepted; the unit replies within the limit of the category.',
      on: {
        REPLY: { target: 'replied', actions: 'recordReply' },
        DEADLINE_PASSED: { actions: 'markOverdue' },
      },
    },
    replied: {
      description: 'Replied; the office records the citizen’s satisfaction (回访).',
      on: {
        // unguarded last: with no payload yet the event is still offered
        RECORD_SATISFACTION: [
          { guard: 'dissatisfied', target: 'handling', actions: ['recordVisit', 'reopen'] },
          { target: 'resolved', actions: 'recordVisit' },
        ],
      },
    },
    resolved: { type: 'final', description: 'Closed with a satisfactory reply (满意 or 基本满意).' },
    closed: { type: 'final', description: 'Closed by the office with a reason.' },
  },
});
