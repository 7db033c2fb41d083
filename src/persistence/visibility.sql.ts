/** The visibility rule of src/engine/visibility.ts as a WHERE condition on `workflow`. */
import type { ReaderScope } from '../engine/visibility';
import type { Param } from './sql-params';

/** Named in the workflow (`people`) or its creator: `person` (a placeholder) as a `person:` party of workflow_parties. */
export function personSql(person: string, table = 'w'): string {
  const t = table ? `${table}.` : '';
  return `(${t}people @> ARRAY[${person}]::text[] OR ${t}created_by->>'id' = ${person})`;
}

/** Who takes part, or sees everything not confidential. */
function readableSql(scope: ReaderScope, param: Param, table: string): string {
  const t = table ? `${table}.` : '';
  const participates = `(${t}units @> ARRAY[${param(scope.unit)}]::text[] OR ${personSql(param(scope.person), table)})`;
  return scope.seesAll ? `(NOT ${t}confidential OR ${participates})` : participates;
}

/** A workflow that is itself undecided is seen by its draft's readers only. */
function draftSql(scope: ReaderScope, param: Param, table = ''): string {
  const t = table ? `${table}.` : '';
  return `(NOT ${t}draft_whole OR ${t}draft_readers && ${param(scope.tokens)}::text[])`;
}

/**
 * The whole drafts the reader is a draft reader of: the only whole drafts it may read, found by
 * its tokens (workflow_draft_readers_idx; workflow_open_draft_readers_idx for the open ones).
 */
export function readerDraftsSql(scope: ReaderScope, param: Param, table = 'w'): string {
  const t = table ? `${table}.` : '';
  return `(${t}draft_whole AND ${t}draft_readers && ${param(scope.tokens)}::text[])`;
}

/** `draftTable`: where the draft scope is read, when not from the workflow itself (the stream's outbox rows). */
export function visibilitySql(scope: ReaderScope, param: Param, table = '', draftTable = table): string {
  return `(${readableSql(scope, param, table)} AND ${draftSql(scope, param, draftTable)})`;
}
