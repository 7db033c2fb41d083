/**
 * Who may read which workflow, in one place (clause 29: opinions and undecided matters must not
 * leak). The office, the leadership and administrators see every workflow that is not
 * confidential; everyone sees the workflows they take part in: addressed to their unit, naming
 * them, or started by them. A confidential (涉密) workflow is seen by its participants only.
 * src/persistence/visibility.sql.ts says the same in SQL; a test checks they agree.
 */
import type { Actor, Role } from '../../machines/definition';
import type { WorkflowRecord } from './ports';

const SEES_ALL: readonly Role[] = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR', 'OFFICE', 'ADMIN'];

export function seesAll(actor: Actor): boolean {
  return actor.roles.some((role) => SEES_ALL.includes(role));
}

type Visible = Pick<WorkflowRecord, 'units' | 'people' | 'createdBy' | 'confidential'>;

export function participates(actor: Actor, record: Omit<Visible, 'confidential'>): boolean {
  return record.units.includes(actor.unit) || record.people.includes(actor.id) || record.createdBy.id === actor.id;
}

export function canRead(actor: Actor, record: Visible): boolean {
  return participates(actor, record) || (seesAll(actor) && !record.confidential);
}

/** What the SQL form needs to know about the reader. */
export interface ReaderScope {
  unit: string;
  person: string;
  seesAll: boolean;
}

export function readerScope(actor: Actor): ReaderScope {
  return { unit: actor.unit, person: actor.id, seesAll: seesAll(actor) };
}
