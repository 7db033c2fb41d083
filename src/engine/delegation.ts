/**
 * 委派: whoever a state awaits — by unit (`unit:<code>`) or by name (`person:<id>`) — hands that
 * step to a named colleague of the same unit. Only states a definition marks `delegable` take it
 * (machines/definition.ts). The delegation is kept in the stored snapshot beside the deadline
 * overrides, so the history's snapshot digest covers it, and it lasts while the workflow stays in
 * that state and the delegator's party is still awaited there; the first transition that changes
 * either drops it (src/engine/step.ts recordFor).
 *
 * While it stands, the delegate is among the workflow's people (so they may read it) and among
 * those it awaits (`person:<id>`, so it is in their tasks); who else is awaited, the deadlines,
 * alert levels and escalations are those of the state, unchanged: the delegator stays accountable.
 * The delegate acts for the delegator: their events are decided as the delegator's (roles,
 * relations and the machine's guards see the delegator), and the history row records the real
 * actor with `onBehalfOf` naming the delegator.
 */
import type { Actor, Role, WorkflowDefinition } from '../../machines/definition';
import { partyTokens } from '../../machines/parties';

export const DELEGATE = 'DELEGATE';
export const UNDELEGATE = 'UNDELEGATE';

/** Chinese labels of the delegation entries, for histories. */
export const DELEGATION_EVENT_LABELS: Record<string, string> = {
  [DELEGATE]: '委派',
  [UNDELEGATE]: '撤回委派',
};

/** Someone named in a delegation. */
export interface DelegationParty {
  id: string;
  name: string;
  unit: string;
}

/** A standing 委派 of the current state's step. */
export interface Delegation {
  /** the state it covers: it ends when the workflow leaves it */
  state: string;
  /** the awaited party the delegator acted as (`unit:<code>` or `person:<id>`) */
  party: string;
  /** the delegator, with the roles they had when they delegated: the delegate acts with them */
  by: DelegationParty & { roles: Role[] };
  to: DelegationParty;
  note: string;
  /** ISO time it was made */
  at: string;
}

/** Whom the state itself awaits, as party tokens (without any delegate). */
export function stateAwaits(definition: WorkflowDefinition, state: string, context: unknown): string[] {
  return partyTokens(definition.states[state]?.awaiting?.(context));
}

export const isDelegable = (definition: WorkflowDefinition, state: string): boolean => definition.states[state]?.delegable === true;

/** The party through which the state awaits `actor` by name or by unit, if it does. */
export function awaitedParty(definition: WorkflowDefinition, state: string, context: unknown, actor: Actor): string | null {
  const awaited = stateAwaits(definition, state, context);
  for (const token of [`person:${actor.id}`, `unit:${actor.unit}`]) if (awaited.includes(token)) return token;
  return null;
}

/**
 * The delegation as it stands after a transition into `state` with `context`: kept while the
 * workflow is active, in the same delegable state, and the delegator's party is still awaited.
 */
export function standingDelegation(
  definition: WorkflowDefinition,
  state: string,
  context: unknown,
  active: boolean,
  delegation: Delegation | undefined,
): Delegation | undefined {
  if (!delegation || !active || delegation.state !== state || !isDelegable(definition, state)) return undefined;
  return stateAwaits(definition, state, context).includes(delegation.party) ? delegation : undefined;
}

/**
 * Whom `actor` acts as on a workflow with this delegation: the delegator when `actor` is its
 * delegate (signed in with the delegate's unit), otherwise themselves.
 */
export function actingAs(actor: Actor, delegation: Delegation | undefined): { actor: Actor; onBehalfOf: DelegationParty | null } {
  if (!delegation || delegation.to.id !== actor.id || delegation.to.unit !== actor.unit || delegation.by.id === actor.id) {
    return { actor, onBehalfOf: null };
  }
  const { id, name, unit, roles } = delegation.by;
  return { actor: { id, name, unit, roles: [...roles] }, onBehalfOf: { id, name, unit } };
}

/** The delegator named on a history row's payload, when the row was written by a delegate. */
export function onBehalfOfIn(payload: unknown): DelegationParty | null {
  const value = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).onBehalfOf : null;
  if (!value || typeof value !== 'object') return null;
  const { id, name, unit } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof name === 'string' && typeof unit === 'string' ? { id, name, unit } : null;
}
