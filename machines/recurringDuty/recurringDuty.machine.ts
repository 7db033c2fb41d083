/**
 * 常态化履职 recurring duty with a quota (clauses 2, 6, 7, 8, 10, 12, 14): an owner records
 * occurrences with evidence; at each period's end the period is closed as met or missed and the
 * next one opens, in the same instance.
 *
 * Why one looping instance and not one instance per period: a machine cannot start a workflow
 * (the engine starts instances only on a client's request), and nothing in the engine starts one
 * when another ends. So the period end — a `date` deadline the definition declares — reaches the
 * machine as DEADLINE_PASSED, which records the period in `periods` and moves `periodStart` on.
 * One instance per period would need the engine to start a successor when a workflow ends (e.g.
 * a definition's `next(context)` → input of a new instance, started in the same transaction), and
 * lists and statistics that group instances by duty. A missed period stays on record as a
 * deadline of the states that follow (same kind, same due time), so the engine keeps its
 * escalation: the duty stays RED and on the office's tasks until the office handles it.
 */
import { assign, setup } from 'xstate';
import { actedBy } from '../common.schemas';
import { firstOpenPeriodFrom, addDays, openPeriod, periodDeadlineKind, shanghaiDay } from './recurringDuty.periods';
import { isOwner, owesMakeUp, quotaMet, tally, unacknowledgedMisses } from './recurringDuty.rules';
import {
  MAKE_UP_KIND,
  type DutyContext,
  type DutyEvent,
  type DutyInput,
  type Occurrence,
  type PeriodOutcome,
  type PeriodRecord,
} from './recurringDuty.types';

type Payload = Record<string, any>;

/** The current period as a history entry. */
function periodRecord(c: DutyContext, outcome: PeriodOutcome, at: string, note: string | null = null): PeriodRecord {
  return {
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    dueDate: c.dueDate,
    label: c.periodLabel,
    outcome,
    done: c.done,
    required: c.required,
    shareDone: c.shareDone,
    occurrences: c.occurrences,
    makeUpsOwed: c.makeUpsOwed.length,
    closedAt: at,
    note,
    acknowledged: null,
  };
}

/** The context with one more occurrence, recounted. */
function withOccurrence(c: DutyContext, occurrence: Occurrence): Partial<DutyContext> {
  const occurrences = [...c.occurrences, occurrence];
  return { occurrences, occurrenceCount: occurrence.seq, ...tally(c, occurrences) };
}

export const recurringDutyMachine = setup({
  types: {
    context: {} as DutyContext,
    events: {} as DutyEvent,
    input: {} as DutyInput,
  },
  guards: {
    quotaMet: ({ context }) => quotaMet(context),
    quotaShort: ({ context }) => !quotaMet(context),
    // the current period's end, not a missed period's (already handled) nor anything else
    currentPeriodDue: ({ context, event }) => (event.payload as Payload).kind === periodDeadlineKind(context.periodStart),
    // the owner records anyone's 补学; an absentee only their own
    mayRecordMakeUp: ({ context, event }) => {
      if (!context.makeUpsOwed.length) return false;
      if (isOwner(context, event.actor)) return true;
      const named = (event.payload as Payload).person?.id as string | undefined;
      return (named === undefined || named === event.actor.id) && owesMakeUp(context, event.actor.id);
    },
    hasMisses: ({ context }) => unacknowledgedMisses(context).length > 0,
  },
  actions: {
    recordOccurrence: assign(({ context, event }) => {
      const p = event.payload as Payload;
      const seq = context.occurrenceCount + 1;
      const absentees = (p.absentees ?? []) as { id: string; name: string }[];
      const occurrence: Occurrence = {
        seq,
        date: p.date,
        days: p.days ?? 1,
        kind: p.kind ?? null,
        evidence: p.evidence,
        attachmentRef: p.attachmentRef ?? null,
        absentees,
        makeUp: null,
        ...actedBy(event),
      };
      return {
        ...withOccurrence(context, occurrence),
        makeUpsOwed: [...context.makeUpsOwed, ...absentees.map((person) => ({ person, sessionSeq: seq, sessionDate: p.date }))],
      };
    }),
    // settles the person's oldest absence
    recordMakeUp: assign(({ context, event }) => {
      const p = event.payload as Payload;
      const i = context.makeUpsOwed.findIndex((m) => m.person.id === p.person.id);
      const owed = context.makeUpsOwed[i];
      const occurrence: Occurrence = {
        seq: context.occurrenceCount + 1,
        date: p.date,
        days: 1,
        kind: MAKE_UP_KIND,
        evidence: p.evidence,
        attachmentRef: p.attachmentRef ?? null,
        absentees: [],
        makeUp: { person: owed.person, sessionSeq: owed.sessionSeq, sessionDate: owed.sessionDate },
        ...actedBy(event),
      };
      return { ...withOccurrence(context, occurrence), makeUpsOwed: context.makeUpsOwed.filter((_, k) => k !== i) };
    }),
    // met or missed, and the next period opens (owed 补学 carry over)
    closePeriod: assign(({ context, event }) => ({
      periods: [...context.periods, periodRecord(context, quotaMet(context) ? 'MET' : 'MISSED', event.at)],
      ...openPeriod(context, addDays(context.periodEnd, 1)),
    })),
    suspend: assign(({ event }) => ({ suspension: { reason: (event.payload as Payload).reason, ...actedBy(event) } })),
    // the same period goes on if its window is still open; else it is recorded as suspended
    resume: assign(({ context, event }) => {
      const today = shanghaiDay(event.at);
      if (today <= context.dueDate) return { suspension: null };
      return {
        suspension: null,
        periods: [...context.periods, periodRecord(context, 'SUSPENDED', event.at, context.suspension?.reason ?? null)],
        ...openPeriod(context, firstOpenPeriodFrom(context, today)),
      };
    }),
    end: assign(({ context, event }) => {
      const reason = (event.payload as Payload).reason as string;
      return {
        ending: { reason, ...actedBy(event) },
        periods: [...context.periods, periodRecord(context, 'ENDED', event.at, reason)],
      };
    }),
    acknowledgeMisses: assign(({ context, event }) => {
      const acknowledged = { note: (event.payload as Payload).note as string, ...actedBy(event) };
      return {
        periods: context.periods.map((p) => (p.outcome === 'MISSED' && !p.acknowledged ? { ...p, acknowledged } : p)),
      };
    }),
  },
}).createMachine({
  id: 'recurringDuty',
  initial: 'pending',
  context: ({ input }) => ({
    ...input,
    ...openPeriod(input, input.periodStart),
    firstPeriodStart: input.periodStart,
    occurrenceCount: 0,
    makeUpsOwed: [],
    periods: [],
    suspension: null,
    ending: null,
  }),
  // final states take no events
  on: {
    END: { target: '.ended', actions: 'end' },
    ACKNOWLEDGE_MISSES: { guard: 'hasMisses', actions: 'acknowledgeMisses' },
  },
  states: {
    pending: {
      description: 'The period is open and its quota not yet met: the owner records what was done.',
      always: { guard: 'quotaMet', target: 'met' },
      on: {
        RECORD_OCCURRENCE: { actions: 'recordOccurrence' },
        RECORD_MAKE_UP: { guard: 'mayRecordMakeUp', actions: 'recordMakeUp' },
        DEADLINE_PASSED: { guard: 'currentPeriodDue', actions: 'closePeriod' },
        SUSPEND: { target: 'suspended', actions: 'suspend' },
      },
    },
    met: {
      description: 'The quota is met for this period; more may be recorded, and a share may fall short again.',
      always: { guard: 'quotaShort', target: 'pending' },
      on: {
        RECORD_OCCURRENCE: { actions: 'recordOccurrence' },
        RECORD_MAKE_UP: { guard: 'mayRecordMakeUp', actions: 'recordMakeUp' },
        DEADLINE_PASSED: { guard: 'currentPeriodDue', target: 'pending', actions: 'closePeriod' },
        SUSPEND: { target: 'suspended', actions: 'suspend' },
      },
    },
    suspended: {
      description: 'Suspended by the office with a reason: no period runs, nothing is recorded.',
      on: {
        RESUME: { target: 'pending', actions: 'resume' },
      },
    },
    ended: { type: 'final', description: 'Ended by the office with a reason; the periods stay on record.' },
  },
});
