import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { CalendarResolver } from './resolvers/calendar.resolver';
import { MachineResolver } from './resolvers/machine.resolver';
import { MeResolver } from './resolvers/me.resolver';
import { TaskResolver } from './resolvers/task.resolver';
import { WorkflowResolver } from './resolvers/workflow.resolver';

let schema: GraphQLSchema | undefined;

/** The API's schema, built once from the resolvers; `npm run schema` prints it to schema.graphql. */
export function buildApiSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: [MachineResolver, WorkflowResolver, MeResolver, CalendarResolver, TaskResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  });
  return schema;
}
