/**
 * 约谈整改 interview and rectification (clause 23): a leader interviews a unit that 有令不行、有禁不止
 * or let key work fail badly, sets rectification requirements with a deadline; the unit rectifies
 * and reports the result, which the leadership accepts (closed) or rejects with a new deadline.
 * Deadlines are declared in the definition (index.ts), not with `after`.
 */
import { assign, setup } from 'xstate';
import { actedBy } from '../common.schemas';
import type { ActedBy, InterviewContext, InterviewEvent, InterviewInput } from './rectificationInterview.types';

/** The actor and time of the event, as stored beside each act. */
export const rectificationInterviewMachine = setup({
  types: {
    context: {} as InterviewContext,
    events: {} as InterviewEvent,
    input: {} as InterviewInput,
  },
  actions: {
    recordSchedule: assign(({ event }) => {
      const { time, place } = event.payload as { time: string; place: string };
      return { schedule: { time, place, ...actedBy(event) } };
    }),
    recordReschedule: assign(({ context, event }) => {
      const { time, place, reason } = event.payload as { time: string; place: string; reason: string };
      return {
        schedule: { time, place, ...actedBy(event) },
        reschedules: [...context.reschedules, { time, place, reason, ...actedBy(event) }],
      };
    }),
    recordInterview: assign(({ event }) => {
      const p = event.payload as { criticism: string; requirements: string; rectificationDeadline: string };
      return {
        interview: { criticism: p.criticism, requirements: p.requirements, ...actedBy(event) },
        rectificationDeadline: p.rectificationDeadline,
      };
    }),
    recordReport: assign(({ context, event }) => ({
      report: { content: (event.payload as { content: string }).content, ...actedBy(event) },
      reports: context.reports + 1,
    })),
    recordAcceptance: assign(({ event }) => ({
      acceptance: { comment: (event.payload as { comment?: string }).comment ?? null, ...actedBy(event) },
    })),
    recordRejection: assign(({ context, event }) => {
      const { reason, newDeadline } = event.payload as { reason: string; newDeadline: string };
      return {
        rectificationDeadline: newDeadline,
        rejections: [
          ...context.rejections,
          { reason, previousDeadline: context.rectificationDeadline!, newDeadline, ...actedBy(event) },
        ],
      };
    }),
    recordCancel: assign(({ event }) => ({
      cancellation: { reason: (event.payload as { reason: string }).reason, ...actedBy(event) },
    })),
  },
}).createMachine({
  id: 'rectificationInterview',
  initial: 'proposed',
  context: ({ input }) => ({
    ...input,
    schedule: null,
    reschedules: [],
    interview: null,
    rectificationDeadline: null,
    report: null,
    reports: 0,
    rejections: [],
    acceptance: null,
    cancellation: null,
  }),
  // final states take no events, so cancelling is possible from every open state and none other
  on: {
    CANCEL: { target: '.cancelled', actions: 'recordCancel' },
  },
  states: {
    proposed: {
      description: 'An interview is proposed; the office or the interviewing leader fixes a time and place.',
      on: { SCHEDULE: { target: 'scheduled', actions: 'recordSchedule' } },
    },
    scheduled: {
      description: 'Time and place are set; the interview is held and its requirements recorded.',
      on: {
        RESCHEDULE: { actions: 'recordReschedule' },
        HOLD_INTERVIEW: { target: 'rectifying', actions: 'recordInterview' },
      },
    },
    rectifying: {
      description: 'The unit rectifies by the deadline and reports the result to the municipal government.',
      on: { REPORT_RESULT: { target: 'reviewing', actions: 'recordReport' } },
    },
    reviewing: {
      description: 'The leadership reviews the report: accepted closes the case, rejected sends it back.',
      on: {
        ACCEPT_RESULT: { target: 'closed', actions: 'recordAcceptance' },
        REJECT_RESULT: { target: 'rectifying', actions: 'recordRejection' },
      },
    },
    closed: { type: 'final', description: 'Rectification accepted: the case is closed.' },
    cancelled: { type: 'final', description: 'Cancelled with a reason before it was closed.' },
  },
});
