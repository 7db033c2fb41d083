/** Who may do what, and which events a state accepts: read off the machine definitions. */
import { DEADLINE_PASSED, DEADLINE_WARNING, type Actor, type AllowRule, type WorkflowDefinition } from '../../machines/definition';
import type { AnyMachineSnapshot } from 'xstate';

export function allows(
  definition: WorkflowDefinition,
  rules: readonly AllowRule[],
  actor: Actor,
  context: Record<string, unknown> | null,
): boolean {
  return rules.some(
    (rule) =>
      rule.roles.some((role) => actor.roles.includes(role)) &&
      (!rule.relation || (context !== null && definition.relations[rule.relation].holds(context, actor))),
  );
}

/** Events only the engine sends (timers); clients can neither see nor send them. */
export const SYSTEM_EVENTS: readonly string[] = [DEADLINE_WARNING, DEADLINE_PASSED];

const isClientEvent = (type: string) => !type.startsWith('xstate.') && !SYSTEM_EVENTS.includes(type);

/** Client event types the snapshot's active states handle (guards ignored). */
export function candidateEvents(snapshot: AnyMachineSnapshot): string[] {
  if (snapshot.status !== 'active') return [];
  const types = new Set<string>();
  for (const node of snapshot._nodes) for (const type of node.ownEvents) if (isClientEvent(type)) types.add(type);
  return [...types];
}

/** Dotted path of a state value: `a`, or `a.b` for nested states. Parallel regions joined by `,`. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries
    .map(([key, child]) => {
      const sub = statePath(child);
      return sub ? `${key}.${sub}` : key;
    })
    .join(',');
}
