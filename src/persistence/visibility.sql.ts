/** The visibility rule of src/engine/visibility.ts as a WHERE condition on `workflow`. */
import type { ReaderScope } from '../engine/visibility';

export function visibilitySql(scope: ReaderScope, param: (value: unknown) => string, table = ''): string {
  const t = table ? `${table}.` : '';
  const participates = `(${t}units @> ARRAY[${param(scope.unit)}]::text[] OR ${t}people @> ARRAY[${param(scope.person)}]::text[]
    OR ${t}created_by->>'id' = ${param(scope.person)})`;
  return scope.seesAll ? `(NOT ${t}confidential OR ${participates})` : participates;
}
