/** Payload building blocks shared by the machines' schemas. */
import { z } from 'zod';

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 is refused). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

export const text = (max: number) => z.string().trim().min(1, 'required').max(max);
export const reason = text(2000);
export const unitCode = text(100).describe('unit code, as in the actor token `unit` claim');
export const person = z
  .object({ id: text(100), name: text(100) })
  .strict()
  .describe('a person: id as in the token `sub` claim, and display name');

/** What the engine sends when a deadline is near or has passed (machines/definition.ts). */
export interface TimeEvent {
  type: 'DEADLINE_WARNING' | 'DEADLINE_PASSED';
  payload: { kind: string; label: string; due: string };
  at: string;
  actor: { id: string; name: string; unit: string };
}

/** Who did something and when, kept with the act so the record names a person, not just a role. */
export interface ActedBy {
  at: string;
  by: { id: string; name: string; unit: string };
}

export const actedBy = (event: { at: string; actor: { id: string; name: string; unit: string } }): ActedBy => ({
  at: event.at,
  by: { id: event.actor.id, name: event.actor.name, unit: event.actor.unit },
});
