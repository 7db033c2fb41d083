/**
 * Who may read which workflow: the one rule, applied first on every path (queries, mutations,
 * tasks, statistics, exports, the stream, webhooks, admin counts). The office, the leadership
 * and administrators see every workflow that is not confidential; everyone sees the workflows
 * they take part in: addressed to their unit, naming them, or started by them. A confidential
 * (涉密) workflow is seen by its participants only. A workflow that is itself undecided (a
 * letter before it is issued: `draft.wholeItem`) is seen only by its draft's readers. A caller
 * who may not read a workflow gets what it would get for an id that does not exist.
 * src/persistence/visibility.sql.ts says the same in SQL; tests check they agree.
 */
import type { Actor, Role } from '../../machines/definition';
import { seesDrafts } from './redaction';
import { ErrorCode, WorkflowError } from '../kernel/errors';
import { actorTokens } from '../../machines/parties';
import type { WorkflowRecord } from './ports';

const SEES_ALL: readonly Role[] = ['MAYOR', 'EXECUTIVE_VICE_MAYOR', 'VICE_MAYOR', 'OFFICE', 'ADMIN'];

export function seesAll(actor: Actor): boolean {
  return actor.roles.some((role) => SEES_ALL.includes(role));
}

type Visible = Pick<WorkflowRecord, 'units' | 'people' | 'createdBy' | 'confidential' | 'draft'>;

export function participates(actor: Actor, record: Pick<Visible, 'units' | 'people' | 'createdBy'>): boolean {
  return record.units.includes(actor.unit) || record.people.includes(actor.id) || record.createdBy.id === actor.id;
}

export function canRead(actor: Actor, record: Visible): boolean {
  const readable = participates(actor, record) || (seesAll(actor) && !record.confidential);
  return readable && (!record.draft?.wholeItem || seesDrafts(actor, record));
}

/** The answer for an id that does not exist, the same for one the caller may not read. */
export const notFound = (workflowId: string) => new WorkflowError(ErrorCode.NOT_FOUND, `no workflow ${workflowId}`);

/** Throws NOT_FOUND unless `actor` may read the record. */
export function assertReadable(actor: Actor, record: Visible & { id: string }): void {
  if (!canRead(actor, record)) throw notFound(record.id);
}

/** What the SQL form needs to know about the reader. */
export interface ReaderScope {
  unit: string;
  person: string;
  seesAll: boolean;
  /** the reader's party tokens, for draft readers */
  tokens: string[];
}

export function readerScope(actor: Actor): ReaderScope {
  return { unit: actor.unit, person: actor.id, seesAll: seesAll(actor), tokens: actorTokens(actor) };
}
