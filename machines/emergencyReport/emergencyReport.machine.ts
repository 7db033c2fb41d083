/**
 * 应急信息上报 emergency report escalation (clause 25): the industry department gives its own
 * opinion and the responsible vice-mayor submits the joint one (会商), the executive vice-mayor
 * reviews it (审核把关) and decides whether the mayor must approve (视情报市长同意; once asked, the
 * mayor approves every later draft too), then it is reported to the Yantai government,
 * followed by follow-up reports (续报) and a final report (终报). Each step is timed in minutes
 * from `stepEnteredAt`; the limits are declared in the definition (index.ts), not with `after`.
 */
import { assign, setup } from 'xstate';
import { actedBy } from '../common.schemas';
import type { Casualties, EmergencyContext, EmergencyEvent, EmergencyInput } from './emergencyReport.types';
import {
  clearedForUpwardReport,
  consultationOverdue,
  departmentOpinionOnDraft,
  draftInPreparation,
  mayorWasAsked,
} from './emergencyReport.rules';

type Report = { content: string; casualties?: Casualties };

export const emergencyReportMachine = setup({
  types: {
    context: {} as EmergencyContext,
    events: {} as EmergencyEvent,
    input: {} as EmergencyInput,
  },
  guards: {
    // read defensively: the engine asks `can` with an empty payload to list the accepted events
    // once the mayor was asked about a draft, every later draft goes to the mayor too (the
    // definition's check refuses a "not required" then; the machine alone still routes it there)
    mayorRequested: ({ context, event }) =>
      (event.payload as { mayorApprovalRequired?: boolean }).mayorApprovalRequired === true || mayorWasAsked(context),
    // the mayor step can never be skipped once required: the mayor must approve the latest draft
    clearedForUpwardReport: ({ context }) => clearedForUpwardReport(context),
    // the department speaks for itself, once per draft
    departmentOpinionMissing: ({ context }) => !departmentOpinionOnDraft(context),
    // the joint opinion needs the department's, unless the step limit ran out without it (urgent)
    opinionMayGoToReview: ({ context, event }) =>
      Boolean(departmentOpinionOnDraft(context)) || consultationOverdue(context, event.at),
  },
  actions: {
    // entry actions see the event that entered the step: its time starts the step's clock
    enterStep: assign(({ event }) => ({ stepEnteredAt: event.at })),
    recordConsultation: assign(({ event }) => ({
      consultation: { note: (event.payload as { note?: string }).note ?? null, ...actedBy(event) },
    })),
    recordDepartmentOpinion: assign(({ context, event }) => ({
      departmentOpinions: [
        ...(context.departmentOpinions ?? []),
        { draft: draftInPreparation(context), content: (event.payload as { opinion: string }).opinion, ...actedBy(event) },
      ],
    })),
    recordOpinion: assign(({ context, event }) => {
      const p = event.payload as { opinion: string; withoutDepartmentReason?: string };
      const draft = draftInPreparation(context);
      return {
        opinion: { content: p.opinion, draft, withoutDepartmentReason: p.withoutDepartmentReason ?? null, ...actedBy(event) },
        drafts: draft,
      };
    }),
    // a returned draft needs a fresh review, and a fresh decision about the mayor
    recordReturn: assign(({ context, event }) => ({
      returns: [
        ...context.returns,
        {
          step: event.type === 'MAYOR_RETURN' ? ('mayor' as const) : ('review' as const),
          comments: (event.payload as { comments: string }).comments,
          ...actedBy(event),
        },
      ],
      decision: null,
      mayorApproval: null,
    })),
    recordDecision: assign(({ event }) => {
      const p = event.payload as { mayorApprovalRequired: boolean; reason: string; comments?: string };
      return {
        decision: {
          mayorApprovalRequired: p.mayorApprovalRequired,
          reason: p.reason,
          comments: p.comments ?? null,
          ...actedBy(event),
        },
      };
    }),
    // sticky: the first time the mayor is asked is kept, whatever later reviews say
    recordMayorAsked: assign(({ context, event }) => ({
      mayorRequired: context.mayorRequired ?? {
        draft: context.drafts,
        reason: (event.payload as { reason: string }).reason,
        ...actedBy(event),
      },
    })),
    recordMayorApproval: assign(({ context, event }) => ({
      mayorApproval: {
        draft: context.drafts,
        comments: (event.payload as { comments?: string }).comments ?? null,
        ...actedBy(event),
      },
    })),
    recordUpwardReport: assign(({ event }) => {
      const p = event.payload as { reportedAt?: string; channel: string; content?: string };
      return {
        upwardReport: { reportedAt: p.reportedAt ?? event.at, channel: p.channel, content: p.content ?? null, ...actedBy(event) },
      };
    }),
    recordFollowUp: assign(({ context, event }) => {
      const p = event.payload as Report;
      return {
        followUps: [...context.followUps, { content: p.content, casualties: p.casualties ?? null, ...actedBy(event) }],
        casualties: p.casualties ?? context.casualties,
      };
    }),
    recordFinalReport: assign(({ context, event }) => {
      const p = event.payload as Report;
      return {
        finalReport: { content: p.content, casualties: p.casualties ?? null, ...actedBy(event) },
        casualties: p.casualties ?? context.casualties,
      };
    }),
    recordCancel: assign(({ event }) => ({
      cancellation: { reason: (event.payload as { reason: string }).reason, ...actedBy(event) },
    })),
  },
}).createMachine({
  id: 'emergencyReport',
  initial: 'registered',
  context: ({ input }) => ({
    ...input,
    stepEnteredAt: null,
    consultation: null,
    departmentOpinions: [],
    opinion: null,
    drafts: 0,
    returns: [],
    decision: null,
    mayorRequired: null,
    mayorApproval: null,
    upwardReport: null,
    followUps: [],
    finalReport: null,
    cancellation: null,
  }),
  states: {
    registered: {
      description: 'The incident is registered; the responsible vice-mayor starts the consultation.',
      on: {
        START_CONSULTATION: { target: 'consulting', actions: 'recordConsultation' },
        CANCEL: { target: 'cancelled', actions: 'recordCancel' },
      },
    },
    consulting: {
      description:
        'The industry department gives its opinion; the responsible vice-mayor then submits the joint opinion ' +
        '(without the department only once the step limit has run out).',
      entry: 'enterStep',
      on: {
        SUBMIT_DEPARTMENT_OPINION: { guard: 'departmentOpinionMissing', actions: 'recordDepartmentOpinion' },
        SUBMIT_OPINION: { guard: 'opinionMayGoToReview', target: 'reviewing', actions: 'recordOpinion' },
        CANCEL: { target: 'cancelled', actions: 'recordCancel' },
      },
    },
    reviewing: {
      description: 'The executive vice-mayor reviews: returns it with comments or approves it.',
      entry: 'enterStep',
      on: {
        RETURN: { target: 'consulting', actions: 'recordReturn' },
        APPROVE: [
          { guard: 'mayorRequested', target: 'awaitingMayor', actions: ['recordDecision', 'recordMayorAsked'] },
          { target: 'readyToReport', actions: 'recordDecision' },
        ],
        CANCEL: { target: 'cancelled', actions: 'recordCancel' },
      },
    },
    awaitingMayor: {
      description: 'The mayor approves, or returns the draft with comments.',
      entry: 'enterStep',
      on: {
        MAYOR_APPROVE: { target: 'readyToReport', actions: 'recordMayorApproval' },
        MAYOR_RETURN: { target: 'consulting', actions: 'recordReturn' },
        CANCEL: { target: 'cancelled', actions: 'recordCancel' },
      },
    },
    readyToReport: {
      description: 'Approved: the office reports it to the Yantai municipal government.',
      entry: 'enterStep',
      on: {
        REPORT_UPWARD: { guard: 'clearedForUpwardReport', target: 'reported', actions: 'recordUpwardReport' },
        CANCEL: { target: 'cancelled', actions: 'recordCancel' },
      },
    },
    // once reported upward it cannot be cancelled: a false alarm is explained in the final report
    reported: {
      description: 'Reported upward: follow-up reports while the incident is open, then a final report.',
      entry: 'enterStep',
      on: {
        FOLLOW_UP: { actions: 'recordFollowUp' },
        FINAL_REPORT: { target: 'closed', actions: 'recordFinalReport' },
      },
    },
    closed: { type: 'final', description: 'The final report was made.' },
    cancelled: { type: 'final', description: 'Cancelled before the upward report, e.g. a false alarm.' },
  },
});
