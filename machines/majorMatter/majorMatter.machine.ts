/**
 * 重大事项 major matters (clause 22): a leader drafts 3–4 matters for the year, the government
 * confirms the list (the mayor, or an executive meeting the office records), then every open
 * matter reports each quarter until each has its outcome. The quarter cycle lives in the
 * context (`reportQuarter`); deadlines are declared in the definition, not with `after`.
 */
import { assign, setup } from 'xstate';
import { actedBy } from '../common.schemas';
import { allDecided, findMatter, firstReportQuarter, nextReportQuarter, pendingMatters, openMatters } from './majorMatter.rules';
import type { Decision, MajorMatterContext, MajorMatterEvent, MajorMatterInput, OutcomeKind } from './majorMatter.types';

type Payload = Record<string, any>;
const payloadOf = (event: MajorMatterEvent) => event.payload as Payload;

/** What confirmed or returned the list: the mayor's act, or the meeting the office recorded. */
function decisionOf(event: MajorMatterEvent): Decision {
  const p = payloadOf(event);
  const meeting = event.type === 'RECORD_MEETING_DECISION' ? { date: p.meetingDate, number: p.meetingNumber } : null;
  return { via: meeting ? 'MEETING' : 'MAYOR', meeting, comment: p.comment ?? null, ...actedBy(event) };
}

const OUTCOME_OF: Record<string, OutcomeKind> = {
  COMPLETE_MATTER: 'COMPLETED',
  CARRY_OVER_MATTER: 'CARRIED_OVER',
  DROP_MATTER: 'DROPPED',
};

export const majorMatterMachine = setup({
  types: {
    context: {} as MajorMatterContext,
    events: {} as MajorMatterEvent,
    input: {} as MajorMatterInput,
  },
  guards: {
    // a unit in charge reports on its own matters only; the leader on every one (an unknown
    // matter passes here, for the definition's check to name it)
    reportsOnOwnMatter: ({ context, event }) => {
      const matter = findMatter(context, payloadOf(event).matterId);
      return event.actor.id === context.leader.id || !matter || matter.leadUnit === event.actor.unit;
    },
    meetingConfirms: ({ event }) => payloadOf(event).decision === 'CONFIRMED',
    allDecided: ({ context }) => allDecided(context),
  },
  actions: {
    addMatter: assign(({ context, event }) => {
      const { title, goal, leadUnit, coUnits } = payloadOf(event);
      const matter = { id: `M${context.nextNumber}`, title, goal, leadUnit, coUnits: coUnits ?? [], outcome: null };
      return { matters: [...context.matters, matter], nextNumber: context.nextNumber + 1 };
    }),
    removeMatter: assign(({ context, event }) => ({
      matters: context.matters.filter((m) => m.id !== payloadOf(event).matterId),
    })),
    recordSubmission: assign(({ context, event }) => ({ submittedAt: event.at, submissions: context.submissions + 1 })),
    confirm: assign(({ context, event }) => ({
      confirmation: decisionOf(event),
      reportQuarter: firstReportQuarter(context.year, event.at),
    })),
    recordReturn: assign(({ context, event }) => ({
      returns: [...context.returns, { ...decisionOf(event), reason: payloadOf(event).reason as string }],
    })),
    recordReport: assign(({ context, event }) => {
      const p = payloadOf(event);
      const report = { matterId: p.matterId, quarter: p.quarter, content: p.content, percent: p.percent ?? null, ...actedBy(event) };
      const next = { ...context, reports: [...context.reports, report] };
      return { reports: next.reports, reportQuarter: nextReportQuarter(next) };
    }),
    // an ended matter reports no more: the quarter may be complete without it
    recordOutcome: assign(({ context, event }) => {
      const p = payloadOf(event);
      const outcome = { kind: OUTCOME_OF[event.type], summary: p.summary ?? null, reason: p.reason ?? null, ...actedBy(event) };
      const matters = context.matters.map((m) => (m.id === p.matterId && !m.outcome ? { ...m, outcome } : m));
      return { matters, reportQuarter: nextReportQuarter({ ...context, matters }) };
    }),
    // 督查: what was missing when the deadline passed stays on the record
    markLate: assign(({ context, event }) => {
      const { kind, due } = payloadOf(event) as { kind: string; due: string };
      const missing = kind === 'quarterlyReport' ? pendingMatters(context) : kind === 'outcome' ? openMatters(context) : [];
      const quarter = kind === 'quarterlyReport' ? context.reportQuarter : null;
      return { late: [...context.late, { kind, quarter, matters: missing.map((m) => m.id), due }] };
    }),
    recordCancel: assign(({ event }) => ({ cancellation: { reason: payloadOf(event).reason as string, ...actedBy(event) } })),
  },
}).createMachine({
  id: 'majorMatter',
  initial: 'drafting',
  context: ({ input }) => ({
    ...input,
    matters: [],
    nextNumber: 1,
    submittedAt: null,
    submissions: 0,
    returns: [],
    confirmation: null,
    reportQuarter: null,
    reports: [],
    late: [],
    cancellation: null,
  }),
  states: {
    drafting: {
      description: 'The leader drafts 3–4 matters of the area in charge and submits them by the end of Q1.',
      on: {
        ADD_MATTER: { actions: 'addMatter' },
        REMOVE_MATTER: { actions: 'removeMatter' },
        SUBMIT: { target: 'confirming', actions: 'recordSubmission' },
        DEADLINE_PASSED: { actions: 'markLate' },
        CANCEL: { target: 'cancelled', actions: 'recordCancel' },
      },
    },
    confirming: {
      description: 'The government confirms the list (the mayor, or an executive meeting), or returns it with a reason.',
      on: {
        CONFIRM: { target: 'underway', actions: 'confirm' },
        RETURN: { target: 'drafting', actions: 'recordReturn' },
        RECORD_MEETING_DECISION: [
          { guard: 'meetingConfirms', target: 'underway', actions: 'confirm' },
          { target: 'drafting', actions: 'recordReturn' },
        ],
        CANCEL: { target: 'cancelled', actions: 'recordCancel' },
      },
    },
    underway: {
      description: 'Every open matter reports each quarter; each ends completed, carried over or dropped.',
      always: { guard: 'allDecided', target: 'concluded' },
      on: {
        REPORT_PROGRESS: { guard: 'reportsOnOwnMatter', actions: 'recordReport' },
        COMPLETE_MATTER: { actions: 'recordOutcome' },
        CARRY_OVER_MATTER: { actions: 'recordOutcome' },
        DROP_MATTER: { actions: 'recordOutcome' },
        DEADLINE_PASSED: { actions: 'markLate' },
      },
    },
    concluded: { type: 'final', description: 'Every matter of the year has its outcome.' },
    cancelled: { type: 'final', description: 'Withdrawn by the office before the list was confirmed.' },
  },
});
