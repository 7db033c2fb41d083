/** The visibility rule of src/engine/visibility.ts as a WHERE condition on `workflow`. */
import type { ReaderScope } from '../engine/visibility';
import type { Param } from './sql-params';

/** Who takes part, or sees everything not confidential. */
function readableSql(scope: ReaderScope, param: Param, t: string): string {
  const participates = `(${t}units @> ARRAY[${param(scope.unit)}]::text[] OR ${t}people @> ARRAY[${param(scope.person)}]::text[]
    OR ${t}created_by->>'id' = ${param(scope.person)})`;
  return scope.seesAll ? `(NOT ${t}confidential OR ${participates})` : participates;
}

/** A workflow that is itself undecided is seen by its draft's readers only. */
function draftSql(scope: ReaderScope, param: Param, table = ''): string {
  const t = table ? `${table}.` : '';
  return `(NOT ${t}draft_whole OR ${t}draft_readers && ${param(scope.tokens)}::text[])`;
}

/** `draftTable`: where the draft scope is read, when not from the workflow itself (the stream's outbox rows). */
export function visibilitySql(scope: ReaderScope, param: Param, table = '', draftTable = table): string {
  const t = table ? `${table}.` : '';
  return `(${readableSql(scope, param, t)} AND ${draftSql(scope, param, draftTable)})`;
}
