/**
 * 督办函 supervision letter (clause 9): issued by the office to a lead unit, which must feed
 * back within 3 working days, then report progress periodically until the office confirms
 * closure. Deadlines are declared in the definition (index.ts), not with `after`.
 */
import { assign, setup } from 'xstate';
import type { LetterContext, LetterEvent, LetterInput } from './supervisionLetter.types';

export const supervisionLetterMachine = setup({
  types: {
    context: {} as LetterContext,
    events: {} as LetterEvent,
    input: {} as LetterInput,
  },
  actions: {
    recordIssue: assign({ issuedAt: ({ event }) => event.at }),
    recordFeedback: assign(({ event }) => {
      const { content } = event.payload as { content: string };
      return { feedback: { content, at: event.at }, lastProgressAt: event.at };
    }),
    recordProgress: assign(({ context, event }) => ({
      lastProgressAt: event.at,
      progressReports: context.progressReports + 1,
    })),
    recordClosureRejection: assign(({ event }) => ({
      lastClosureRejection: { reason: (event.payload as { reason: string }).reason, at: event.at },
      // the progress clock restarts when the office sends the letter back
      lastProgressAt: event.at,
    })),
    extendDeadline: assign(({ context, event }) => ({
      dueDate: (event.payload as { newDueDate: string }).newDueDate,
      extensions: context.extensions + 1,
    })),
    countUrge: assign(({ context }) => ({ urgeCount: context.urgeCount + 1 })),
    // a passed deadline is an automatic 催办: counted with the office's
    autoUrge: assign(({ context }) => ({ urgeCount: context.urgeCount + 1, autoUrges: context.autoUrges + 1 })),
    reassign: assign(({ context, event }) => ({
      leadUnit: (event.payload as { newLeadUnit: string }).newLeadUnit,
      reassignments: context.reassignments + 1,
      // the new unit gets its own 3 working days to feed back
      issuedAt: event.at,
      feedback: null,
      lastProgressAt: null,
    })),
    recordCancel: assign({ cancelReason: ({ event }) => (event.payload as { reason: string }).reason }),
  },
}).createMachine({
  id: 'supervisionLetter',
  initial: 'draft',
  context: ({ input }) => ({
    ...input,
    issuedAt: null,
    feedback: null,
    lastProgressAt: null,
    progressReports: 0,
    urgeCount: 0,
    autoUrges: 0,
    lastClosureRejection: null,
    extensions: 0,
    reassignments: 0,
    cancelReason: null,
  }),
  on: {
    CANCEL: { target: '.cancelled', actions: 'recordCancel' },
  },
  states: {
    draft: {
      description: 'The office drafts the letter and its requirements.',
      on: {
        ISSUE: { target: 'awaitingFeedback', actions: 'recordIssue' },
        EXTEND_DEADLINE: { actions: 'extendDeadline' },
      },
    },
    awaitingFeedback: {
      description: 'The lead unit must feed back within 3 working days of issue.',
      on: {
        SUBMIT_FEEDBACK: { target: 'inProgress', actions: 'recordFeedback' },
        EXTEND_DEADLINE: { actions: 'extendDeadline' },
        URGE: { actions: 'countUrge' },
        DEADLINE_PASSED: { actions: 'autoUrge' },
        REASSIGN: { target: 'awaitingFeedback', reenter: true, actions: 'reassign' },
      },
    },
    inProgress: {
      description: 'The lead unit reports progress periodically until it asks for closure.',
      on: {
        REPORT_PROGRESS: { actions: 'recordProgress' },
        REQUEST_CLOSURE: { target: 'closureReview' },
        EXTEND_DEADLINE: { actions: 'extendDeadline' },
        URGE: { actions: 'countUrge' },
        DEADLINE_PASSED: { actions: 'autoUrge' },
        REASSIGN: { target: 'awaitingFeedback', actions: 'reassign' },
      },
    },
    closureReview: {
      description: 'The office checks the result and confirms or rejects closure.',
      on: {
        APPROVE_CLOSURE: { target: 'closed' },
        REJECT_CLOSURE: { target: 'inProgress', actions: 'recordClosureRejection' },
      },
    },
    closed: { type: 'final', description: 'Closed loop: the office confirmed the work done.' },
    cancelled: { type: 'final', description: 'Withdrawn by the office, with a reason.' },
  },
});
