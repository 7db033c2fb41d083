/**
 * 请销假 leave of absence (clause 3): a member of the municipal government applies in writing 3
 * days before leaving Zhaoyuan and the principal leader approves; in an emergency the member
 * reports when leaving and completes the written application afterwards; back in Zhaoyuan, the
 * member cancels the leave (销假). While away (the `away…` states) an extension goes back for approval.
 * Deadlines are declared in the definition, not with `after`; the approved leave moves to
 * `away` when its departure day begins, on the definition's `departure` deadline.
 */
import { assign, setup } from 'xstate';
import { actedBy } from '../common.schemas';
import {
  pendingExtension,
  shanghaiDateOf,
  type Extension,
  type LeaveContext,
  type LeaveEvent,
  type LeaveInput,
} from './leaveRequest.types';

type Payload<T> = { payload: T };
const payloadOf = <T>(event: unknown) => (event as Payload<T>).payload;

/** The pending extension replaced by what became of it. */
function settleExtension(c: LeaveContext, outcome: Extension['outcome'], decision: Extension['decision'] = null) {
  return c.extensions.map((e) => (e.outcome === 'PENDING' ? { ...e, outcome, decision } : e));
}

export const leaveRequestMachine = setup({
  types: {
    context: {} as LeaveContext,
    events: {} as LeaveEvent,
    input: {} as LeaveInput,
  },
  guards: {
    // an emergency never waits for approval at home: the member has already left
    emergency: ({ context }) => context.emergency,
    extensionPending: ({ context }) => pendingExtension(context) !== undefined,
    // eventless transitions see the event that led to them; the initial one has no time
    departureDayBegun: ({ context, event }) =>
      typeof (event as { at?: unknown }).at === 'string' && shanghaiDateOf(event.at) >= context.departure,
  },
  actions: {
    recordUrgentDeparture: assign(({ context, event }) => {
      const p = payloadOf<{ reason: string; return?: string }>(event);
      return {
        emergency: true,
        departure: shanghaiDateOf(event.at),
        departedAt: event.at,
        return: p.return ?? context.return,
        urgentDeparture: {
          reason: p.reason,
          plannedDeparture: context.departure,
          plannedReturn: context.return,
          ...actedBy(event),
        },
      };
    }),
    // the first act on or after the departure day says when the leave turned to away
    recordDeparture: assign(({ context, event }) => ({ departedAt: context.departedAt ?? event.at })),
    recordFormalities: assign(({ context, event }) => {
      const p = payloadOf<{ statement: string; return?: string }>(event);
      return { formalities: { statement: p.statement, ...actedBy(event) }, return: p.return ?? context.return };
    }),
    recordApproval: assign(({ event }) => ({
      approval: { comment: payloadOf<{ comment?: string }>(event).comment ?? null, ...actedBy(event) },
    })),
    recordRejection: assign(({ event }) => ({
      rejection: { reason: payloadOf<{ reason: string }>(event).reason, ...actedBy(event) },
    })),
    requestExtension: assign(({ context, event }) => {
      const p = payloadOf<{ return: string; reason: string }>(event);
      const extension: Extension = {
        return: p.return,
        previousReturn: context.return,
        reason: p.reason,
        outcome: 'PENDING',
        decision: null,
        ...actedBy(event),
      };
      return { extensions: [...context.extensions, extension] };
    }),
    // a new approval: the new return date holds from now on
    approveExtension: assign(({ context, event }) => ({
      return: pendingExtension(context)!.return,
      extensions: settleExtension(context, 'APPROVED', {
        comment: payloadOf<{ comment?: string }>(event).comment ?? null,
        ...actedBy(event),
      }),
    })),
    // the original approval stands: the member returns by the date already approved
    rejectExtension: assign(({ context, event }) => ({
      extensions: settleExtension(context, 'REJECTED', { comment: payloadOf<{ reason: string }>(event).reason, ...actedBy(event) }),
    })),
    withdrawExtension: assign(({ context }) => ({ extensions: settleExtension(context, 'WITHDRAWN') })),
    lapseExtension: assign(({ context }) => ({ extensions: settleExtension(context, 'LAPSED') })),
    recordReturn: assign(({ event }) => ({
      returned: { note: payloadOf<{ note?: string }>(event).note ?? null, ...actedBy(event) },
    })),
    recordWithdrawal: assign(({ event }) => ({
      withdrawal: { reason: payloadOf<{ reason?: string }>(event).reason ?? null, ...actedBy(event) },
    })),
    recordCancel: assign(({ event }) => ({
      cancellation: { reason: payloadOf<{ reason: string }>(event).reason, ...actedBy(event) },
    })),
  },
}).createMachine({
  id: 'leaveRequest',
  initial: 'pendingApproval',
  context: ({ input }) => ({
    ...input,
    urgentDeparture: null,
    departedAt: null,
    formalities: null,
    approval: null,
    rejection: null,
    extensions: [],
    returned: null,
    withdrawal: null,
    cancellation: null,
  }),
  // the office may cancel any open leave; final states take no events
  on: {
    CANCEL: { target: '.cancelled', actions: 'recordCancel' },
  },
  // the states of a member away from Zhaoyuan all begin with `away` (awayFormalities, away, …);
  // they are flat, not nested, so each is a plain state name in lists, filters and diagrams
  states: {
    pendingApproval: {
      description: 'A written application made 3 days ahead waits for the principal leader.',
      // an emergency report (or an urgent departure reported here) is away at once
      always: { guard: 'emergency', target: 'awayFormalities' },
      on: {
        APPROVE: { target: 'approved', actions: 'recordApproval' },
        REJECT: { target: 'rejected', actions: 'recordRejection' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordWithdrawal' },
        REPORT_URGENT_DEPARTURE: { actions: 'recordUrgentDeparture' },
      },
    },
    approved: {
      description: 'Approved; the member leaves on the departure day, when the leave moves to away by itself.',
      // approved on or after the departure day, or woken by the `departure` deadline at 00:00 of it
      always: { guard: 'departureDayBegun', target: 'away', actions: 'recordDeparture' },
      on: {
        DEADLINE_PASSED: { actions: 'recordDeparture' },
        REPORT_URGENT_DEPARTURE: { target: 'awayFormalities', actions: 'recordUrgentDeparture' },
      },
    },
    awayFormalities: {
      description: 'Left on an urgent matter: the written application is due within 1 working day.',
      on: { COMPLETE_FORMALITIES: { target: 'awayPendingApproval', actions: 'recordFormalities' } },
    },
    awayPendingApproval: {
      description: 'Away: an emergency application or an extension waits for the principal leader.',
      on: {
        APPROVE: [
          { guard: 'extensionPending', target: 'away', actions: 'approveExtension' },
          { target: 'away', actions: 'recordApproval' },
        ],
        REJECT: [
          { guard: 'extensionPending', target: 'away', actions: 'rejectExtension' },
          { target: 'awayRecalled', actions: 'recordRejection' },
        ],
        WITHDRAW: { guard: 'extensionPending', target: 'away', actions: 'withdrawExtension' },
        // back before the extension was decided: the approved leave covered the time away
        RETURN: { guard: 'extensionPending', target: 'returned', actions: ['lapseExtension', 'recordReturn'] },
      },
    },
    away: {
      description: 'On approved leave until the return date, the cover person holding the duties; 销假 on return, or ask for an extension.',
      on: {
        EXTEND: { target: 'awayPendingApproval', actions: 'requestExtension' },
        RETURN: { target: 'returned', actions: 'recordReturn' },
      },
    },
    awayRecalled: {
      description: 'The emergency application was not approved: the member returns and cancels the leave.',
      on: { RETURN: { target: 'returned', actions: 'recordReturn' } },
    },
    returned: { type: 'final', description: 'Back in Zhaoyuan: the leave was cancelled (销假).' },
    rejected: { type: 'final', description: 'Not approved before leaving.' },
    withdrawn: { type: 'final', description: 'Withdrawn by the applicant before approval.' },
    cancelled: { type: 'final', description: 'Cancelled by the office, with a reason.' },
  },
});
