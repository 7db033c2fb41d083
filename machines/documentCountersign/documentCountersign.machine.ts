/**
 * 文件会签 / 会议纪要签发 (clauses 16, 21): the lead unit sends a draft to the listed units, which
 * sign in parallel, once each per round; an objection sends it back for revision, and a revised
 * draft starts a new round. When the mode's condition is met the leader signs it off (签发).
 * Deadlines (3 working days each) are declared in the definition (index.ts), not with `after`.
 */
import { assign, setup } from 'xstate';
import { actedBy } from '../common.schemas';
import {
  roundComplete,
  type ActedBy,
  type CountersignContext,
  type CountersignEvent,
  type CountersignInput,
} from './documentCountersign.types';

export const documentCountersignMachine = setup({
  types: {
    context: {} as CountersignContext,
    events: {} as CountersignEvent,
    input: {} as CountersignInput,
  },
  guards: {
    // one rule for signing: a listed unit that has not yet signed this round, else EVENT_NOT_ACCEPTED
    pendingSigner: ({ context, event }) =>
      context.signers.includes(event.actor.unit) && !Object.hasOwn(context.signatures, event.actor.unit),
    roundComplete: ({ context }) => roundComplete(context),
  },
  actions: {
    startFirstRound: assign(({ event }) => ({ round: 1, roundStartedAt: event.at })),
    recordSignature: assign(({ context, event }) => {
      const p = event.payload as { comments?: string; reason?: string };
      return {
        signatures: {
          ...context.signatures,
          [event.actor.unit]: {
            decision: event.type === 'OBJECT' ? ('OBJECT' as const) : ('AGREE' as const),
            comments: p.comments ?? null,
            reason: p.reason ?? null,
            at: event.at,
            actorId: event.actor.id,
            actorName: event.actor.name,
          },
        },
      };
    }),
    recordReturn: assign(({ event }) => ({
      returned: {
        from: event.type === 'OBJECT' ? ('SIGNER' as const) : ('LEADER' as const),
        reason: (event.payload as { reason: string }).reason,
        ...actedBy(event),
      },
      readyAt: null,
    })),
    // earlier signatures no longer count: they are archived with the draft they were about
    startNextRound: assign(({ context, event }) => {
      const p = event.payload as { contentRef: string; contentHash: string };
      return {
        rounds: [
          ...context.rounds,
          {
            round: context.round,
            contentRef: context.contentRef,
            contentHash: context.contentHash,
            startedAt: context.roundStartedAt!,
            signatures: context.signatures,
            returned: context.returned,
          },
        ],
        round: context.round + 1,
        roundStartedAt: event.at,
        contentRef: p.contentRef,
        contentHash: p.contentHash,
        signatures: {},
        lateSigners: [],
        returned: null,
      };
    }),
    // a unit added from the cc list stops being a follower: it signs now
    addSigner: assign(({ context, event }) => {
      const { unit, reason } = event.payload as { unit: string; reason: string };
      return {
        signers: [...context.signers, unit],
        ccUnits: context.ccUnits.filter((u) => u !== unit),
        signerChanges: [...context.signerChanges, { action: 'ADD' as const, unit, reason, ...actedBy(event) }],
      };
    }),
    // a removed unit's signature stays on the round's record (it counts only while the unit is
    // listed): dropping it would let the unit, added back, sign the same draft a second time
    removeSigner: assign(({ context, event }) => {
      const { unit, reason } = event.payload as { unit: string; reason: string };
      return {
        signers: context.signers.filter((u) => u !== unit),
        signerChanges: [...context.signerChanges, { action: 'REMOVE' as const, unit, reason, ...actedBy(event) }],
      };
    }),
    addCc: assign(({ context, event }) => {
      const { units } = event.payload as { units: string[] };
      return { ccUnits: [...context.ccUnits, ...units.filter((u) => !context.ccUnits.includes(u))] };
    }),
    markReady: assign(({ event }) => ({ readyAt: event.at })),
    // who was late in this round: their status goes RED with the document's
    markLateSigners: assign(({ context }) => ({
      lateSigners: context.signers.filter((u) => !Object.hasOwn(context.signatures, u)),
    })),
    recordSignOff: assign(({ event }) => ({
      signOff: { comments: (event.payload as { comments?: string }).comments ?? null, ...actedBy(event) },
    })),
    recordWithdrawal: assign(({ event }) => ({
      withdrawal: { reason: (event.payload as { reason: string }).reason, ...actedBy(event) },
    })),
  },
}).createMachine({
  id: 'documentCountersign',
  initial: 'draft',
  context: ({ input }) => ({
    ...input,
    round: 0,
    roundStartedAt: null,
    signatures: {},
    rounds: [],
    signerChanges: [],
    readyAt: null,
    lateSigners: [],
    returned: null,
    signOff: null,
    withdrawal: null,
  }),
  // final states take no events: withdrawal is possible only before sign-off
  on: {
    WITHDRAW: { target: '.withdrawn', actions: 'recordWithdrawal' },
    CC: { actions: 'addCc' },
  },
  states: {
    draft: {
      description: 'The lead unit prepares the draft and the list of countersigning units.',
      on: {
        SEND: { target: 'countersigning', actions: 'startFirstRound' },
        ADD_SIGNER: { actions: 'addSigner' },
        REMOVE_SIGNER: { actions: 'removeSigner' },
      },
    },
    countersigning: {
      description: 'The listed units sign in parallel, once each, within 3 working days.',
      // after every signature or list change: has the mode's condition been met?
      always: { guard: 'roundComplete', target: 'awaitingSignOff' },
      on: {
        AGREE: { guard: 'pendingSigner', actions: 'recordSignature' },
        OBJECT: { guard: 'pendingSigner', target: 'revising', actions: ['recordSignature', 'recordReturn'] },
        ADD_SIGNER: { actions: 'addSigner' },
        REMOVE_SIGNER: { actions: 'removeSigner' },
        DEADLINE_PASSED: { actions: 'markLateSigners' },
      },
    },
    revising: {
      description: 'Back with the lead unit after an objection or a return; a revised draft starts a new round.',
      on: {
        REVISE: { target: 'countersigning', actions: 'startNextRound' },
        ADD_SIGNER: { actions: 'addSigner' },
        REMOVE_SIGNER: { actions: 'removeSigner' },
      },
    },
    awaitingSignOff: {
      description: 'The round is complete; the leader signs it off within 3 working days, or returns it.',
      // entered from `always`, this still sees the signature or list change that completed the round
      entry: 'markReady',
      on: {
        SIGN_OFF: { target: 'issued', actions: 'recordSignOff' },
        RETURN: { target: 'revising', actions: 'recordReturn' },
      },
    },
    issued: { type: 'final', description: 'Signed off and issued.' },
    withdrawn: { type: 'final', description: 'Withdrawn by the lead unit before sign-off.' },
  },
});
