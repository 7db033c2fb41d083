/**
 * Parties as tokens — `unit:<code>`, `person:<id>`, `role:<ROLE>` — so "who must act" and "to
 * whom it was escalated" are arrays PostgreSQL can match against a caller with one `&&`.
 */
import type { Actor, Parties } from './definition';

export function partyTokens(parties: Parties | undefined): string[] {
  if (!parties) return [];
  return [
    ...(parties.units ?? []).map((u) => `unit:${u}`),
    ...(parties.people ?? []).map((p) => `person:${p}`),
    ...(parties.roles ?? []).map((r) => `role:${r}`),
  ];
}

export function actorTokens(actor: Actor): string[] {
  return [`unit:${actor.unit}`, `person:${actor.id}`, ...actor.roles.map((r) => `role:${r}`)];
}

export const unique = (tokens: string[]) => [...new Set(tokens)];
