/**
 * Paths through a machine's graph (@xstate/graph), with the events the engine would accept:
 * candidates come from the model's payload samples, senders from the definition's allow rules,
 * and each is kept only if the engine's own decision (decideEvent) accepts it.
 */
import { getShortestPaths } from '@xstate/graph';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { shanghaiDate } from '../../src/calendar/calendar';
import { allows, candidateEvents, statePath } from '../../src/engine/rules';
import { decideEvent } from '../../src/engine/step';
import type { MachineModel } from './models';

export interface ModelEvent {
  type: string;
  payload: Record<string, unknown>;
  actor: Actor;
  at: string;
}

export interface Step {
  event: ModelEvent;
  /** state path after the event */
  state: string;
  /** a timer the engine fired once the clock reached `event.at` (tests/model/timers.ts) */
  timer?: boolean;
}

export interface ModelPath {
  steps: Step[];
  /** the snapshot the path ends in */
  end: AnyMachineSnapshot;
}

type TransitionDef = { source: { id: string }; eventType: string; target?: { path: string[] }[] };

/** Events the engine accepts in `snapshot`: one sender per (type, payload), the first that works. */
export function acceptedModelEvents(
  definition: WorkflowDefinition,
  model: MachineModel,
  snapshot: AnyMachineSnapshot,
  now: Date,
): ModelEvent[] {
  const events: ModelEvent[] = [];
  for (const type of candidateEvents(snapshot)) {
    for (const payload of model.payloads[type]?.(snapshot.context) ?? []) {
      for (const actor of model.people) {
        if (!allows(definition, definition.events[type].allow, actor, snapshot.context)) continue;
        try {
          decideEvent(definition, snapshot, { type, payload, actor }, now, shanghaiDate(now));
        } catch {
          continue;
        }
        events.push({ type, payload, actor, at: now.toISOString() });
        break;
      }
    }
  }
  return events;
}

/** Every transition definition of the machine, keyed by source, event and index. */
export function transitionsOf(machine: AnyStateMachine): Map<TransitionDef, string> {
  const all = new Map<TransitionDef, string>();
  const visit = (node: any) => {
    for (const [eventType, list] of node.transitions as Map<string, TransitionDef[]>) {
      // timers' events (DEADLINE_WARNING, DEADLINE_PASSED) count too: the model moves the clock
      if (eventType.startsWith('xstate.')) continue;
      list.forEach((t, i) => all.set(t, `${node.id} --${eventType}#${i}--> ${t.target?.[0]?.path.join('.') ?? '(self)'}`));
    }
    (node.always ?? []).forEach((t: TransitionDef, i: number) =>
      all.set(t, `${node.id} --(always)#${i}--> ${t.target?.[0]?.path.join('.') ?? '(self)'}`),
    );
    for (const child of Object.values(node.states ?? {})) visit(child);
  };
  visit(machine.root);
  return all;
}

/** Which transition definitions a step took, eventless ones included. */
export function takenBy(machine: AnyStateMachine, before: AnyMachineSnapshot, event: ModelEvent, after: AnyMachineSnapshot): TransitionDef[] {
  const taken = (machine as any).getTransitionData(before, event) as TransitionDef[];
  const landed = statePath(after.value);
  const targeted = taken[0]?.target?.[0]?.path.join('.') ?? statePath(before.value);
  if (landed === targeted) return taken;
  // an eventless (always) transition moved on from where the event led
  const always: TransitionDef[] = [];
  for (const def of transitionsOf(machine).keys()) {
    if (def.eventType === '' && def.target?.[0]?.path.join('.') === landed) always.push(def);
  }
  return [...taken, ...always];
}

/** Shortest paths to every reachable state (states told apart by value). */
export function statePaths(definition: WorkflowDefinition, model: MachineModel, now: Date): ModelPath[] {
  const input = definition.start.input.parse(model.input);
  const paths = getShortestPaths(definition.machine, {
    input,
    events: (snapshot: AnyMachineSnapshot) => acceptedModelEvents(definition, model, snapshot, now) as any,
    serializeState: (snapshot: AnyMachineSnapshot) =>
      JSON.stringify([snapshot.value, model.stateKey?.(snapshot.context) ?? null]),
  });
  return paths.map((p) => {
    const events = p.steps.map((s) => s.event as unknown as ModelEvent).filter((e) => !e.type.startsWith('xstate.'));
    // the library keeps one snapshot per key, not necessarily this path's: replay to get ours
    let end = initialTransition(definition.machine, input)[0];
    const steps = events.map((event) => {
      end = transition(definition.machine, end, event)[0];
      return { event, state: statePath(end.value) };
    });
    return { steps, end };
  });
}

/** The transition definitions a path takes, step by step from the start. */
export function coveredBy(definition: WorkflowDefinition, input: unknown, path: ModelPath): TransitionDef[] {
  const taken: TransitionDef[] = [];
  let before = initialTransition(definition.machine, input)[0];
  for (const { event } of path.steps) {
    const [after] = transition(definition.machine, before, event);
    taken.push(...takenBy(definition.machine, before, event, after));
    before = after;
  }
  return taken;
}
