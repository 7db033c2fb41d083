/**
 * Time in the model. The engine's own pure steps (computeStart, computeEvent, computeTimer) build
 * the record a path leaves behind, with its pending timers; moving the clock to a due time fires,
 * in due order, every timer due by then, as the engine's timer worker does. After the clock has
 * moved, the events that time itself made acceptable (an urgent step once a limit ran out) are
 * tried too.
 */
import { transition, type AnyMachineSnapshot } from 'xstate';
import { SYSTEM_ACTOR, type WorkflowDefinition } from '../../machines/definition';
import { CalendarProvider } from '../../src/calendar/provider';
import type { Change, TimerSpec } from '../../src/engine/ports';
import { statePath } from '../../src/engine/rules';
import { computeEvent, computeStart, computeTimer, restore, type StepContext } from '../../src/engine/step';
import { acceptedModelEvents, type ModelPath, type Step } from './graph';
import type { MachineModel } from './models';

const calendar = new CalendarProvider();
const at = (time: Date): StepContext => ({ now: time, calendar });
const WORKFLOW_ID = '00000000-0000-4000-8000-000000000001';

/** The record (and pending timers) a path of client events leaves behind, all at `now`. */
function changeAfter(definition: WorkflowDefinition, model: MachineModel, path: ModelPath, now: Date): Change {
  let change = computeStart(definition, WORKFLOW_ID, model.input, model.starter, null, at(now));
  for (const { event } of path.steps) change = computeEvent(definition, change.record, event, null, at(new Date(event.at)));
  return change;
}

/** Moves the clock to `time`: every timer due by then fires, earliest first; each may replace the rest. */
function fireUntil(definition: WorkflowDefinition, change: Change, time: Date): { steps: Step[]; end: AnyMachineSnapshot } {
  const steps: Step[] = [];
  let current = change;
  let pending: TimerSpec[] = [...change.timers];
  for (let guard = 0; guard < 100; guard++) {
    const due = pending.filter((t) => t.dueAt <= time).sort((a, b) => +a.dueAt - +b.dueAt)[0];
    if (!due) break;
    const next = computeTimer(definition, current.record, { ...due, id: 'model', workflowId: WORKFLOW_ID }, at(time));
    if (!next) {
      pending = pending.filter((t) => t !== due); // no longer the workflow's deadline: dropped unfired
      continue;
    }
    const { eventType: type, payload } = next.transition;
    steps.push({ event: { type, payload, actor: SYSTEM_ACTOR, at: time.toISOString() }, state: next.record.state, timer: true });
    current = next;
    pending = [...next.timers];
  }
  return { steps, end: restore(definition, current.record) };
}

const key = (e: { type: string; payload: unknown }) => JSON.stringify([e.type, e.payload]);

/**
 * From the end of each path: the clock moved to each pending timer's due time in turn, and then
 * every event accepted only now that time has passed. Every timer path starts at `now`.
 */
export function timedPaths(definition: WorkflowDefinition, model: MachineModel, bases: ModelPath[], now: Date): ModelPath[] {
  const paths: ModelPath[] = [];
  for (const base of bases) {
    const change = changeAfter(definition, model, base, now);
    const times = [...new Set(change.timers.map((t) => t.dueAt.getTime()))].sort((a, b) => a - b);
    const before = new Set(acceptedModelEvents(definition, model, base.end, now).map(key));
    for (const time of times.map((t) => new Date(t))) {
      const fired = fireUntil(definition, change, time);
      if (!fired.steps.length) continue;
      const timed = { steps: [...base.steps, ...fired.steps], end: fired.end };
      paths.push(timed);
      for (const event of acceptedModelEvents(definition, model, fired.end, time)) {
        if (before.has(key(event))) continue;
        const [next] = transition(definition.machine, fired.end, event);
        paths.push({ steps: [...timed.steps, { event, state: statePath(next.value) }], end: next });
      }
    }
  }
  return paths;
}
