import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync, type PubSub } from 'type-graphql';
import { AdminResolver } from './resolvers/admin.resolver';
import { AdminWorkflowFieldsResolver } from './resolvers/admin-workflow.resolver';
import { CalendarResolver } from './resolvers/calendar.resolver';
import { DirectoryResolver } from './resolvers/directory.resolver';
import { MachineResolver } from './resolvers/machine.resolver';
import { MeResolver } from './resolvers/me.resolver';
import { DirectoryUnitIdResolver, NodeResolver, TransitionIdResolver, WebhookDeliveryIdResolver } from './resolvers/node.resolver';
import { StatisticsResolver } from './resolvers/statistics.resolver';
import { StreamResolver } from './resolvers/stream.resolver';
import { TaskResolver } from './resolvers/task.resolver';
import { WebhookResolver } from './resolvers/webhook.resolver';
import { WorkflowResolver } from './resolvers/workflow.resolver';

let schema: GraphQLSchema | undefined;

/**
 * type-graphql requires a PubSub even when, as here, every subscription supplies its own
 * `subscribe` (src/stream: the outbox is the source, not in-memory topics). Topics are unused.
 */
const noTopics: PubSub = {
  publish: () => {
    throw new Error('subscriptions read the outbox stream; topics are not used');
  },
  subscribe: () => {
    throw new Error('subscriptions read the outbox stream; topics are not used');
  },
};

/** The API's schema, built once from the resolvers; `npm run schema` prints it to schema.graphql. */
export function buildApiSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: [
      MachineResolver,
      WorkflowResolver,
      MeResolver,
      CalendarResolver,
      TaskResolver,
      StreamResolver,
      WebhookResolver,
      AdminResolver,
      AdminWorkflowFieldsResolver,
      StatisticsResolver,
      DirectoryResolver,
      NodeResolver,
      TransitionIdResolver,
      DirectoryUnitIdResolver,
      WebhookDeliveryIdResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    pubSub: noTopics,
  });
  return schema;
}
