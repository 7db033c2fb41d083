/**
 * Who may read which workflow, in one place. The office, the leadership and administrators see
 * every workflow; a department or town sees the workflows addressed to its unit or naming the
 * person. The SQL form below must say the same as `canRead`.
 */
import type { Actor, Role } from '../../machines/definition';
import type { WorkflowRecord } from './ports';

const SEES_ALL: readonly Role[] = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR', 'OFFICE', 'ADMIN'];

export function seesAll(actor: Actor): boolean {
  return actor.roles.some((role) => SEES_ALL.includes(role));
}

export function canRead(actor: Actor, record: Pick<WorkflowRecord, 'units' | 'people' | 'createdBy'>): boolean {
  return (
    seesAll(actor) ||
    record.units.includes(actor.unit) ||
    record.people.includes(actor.id) ||
    record.createdBy.id === actor.id
  );
}

/** The same rule as a list filter: null when the actor sees everything. */
export function visibilityScope(actor: Actor): { unit: string; person: string } | null {
  return seesAll(actor) ? null : { unit: actor.unit, person: actor.id };
}
