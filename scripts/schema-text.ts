import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildApiSchema } from '../src/graphql/schema';

/** The committed form of the schema: sorted, so the file changes only when the API does. */
export function printApiSchema(): string {
  return printSchema(lexicographicSortSchema(buildApiSchema())) + '\n';
}
