/**
 * Working drafts and opinions are shown to participants only until decided (clause 29), from
 * one place: the definition declares which context keys and event payloads are drafts, in which
 * states, and who may see them (machines/definition.ts `drafts`).
 */
import type { Actor, WorkflowDefinition } from '../../machines/definition';

export const REDACTED = { redacted: '讨论中的意见，仅参与者可见' };

function hidden(definition: WorkflowDefinition, state: string, context: Record<string, unknown>, actor: Actor): boolean {
  const drafts = definition.drafts;
  return !!drafts && drafts.privateIn.includes(state) && !drafts.visibleTo(context, actor);
}

/** The context as `actor` may see it now. */
export function visibleContext(
  definition: WorkflowDefinition,
  state: string,
  context: Record<string, unknown>,
  actor: Actor,
): Record<string, unknown> {
  if (!hidden(definition, state, context, actor)) return context;
  const shown = { ...context };
  for (const key of definition.drafts!.contextKeys) if (key in shown) shown[key] = REDACTED;
  return shown;
}

/** A history payload as `actor` may see it, given the workflow's current state and context. */
export function visiblePayload(
  definition: WorkflowDefinition,
  eventType: string,
  payload: Record<string, unknown>,
  state: string,
  context: Record<string, unknown>,
  actor: Actor,
): Record<string, unknown> {
  return definition.drafts?.events.includes(eventType) && hidden(definition, state, context, actor) ? REDACTED : payload;
}

/** The stream and webhooks never carry a draft's text: integrators get the act, not the opinion. */
export function streamPayload(definition: WorkflowDefinition | undefined, eventType: string, payload: Record<string, unknown>) {
  return definition?.drafts?.events.includes(eventType) ? REDACTED : payload;
}
