import { Field, ID, InterfaceType } from 'type-graphql';

/** The GraphQL type of each object `node`/`nodes` answer with, set where the object is found. */
const typeOfNode = new WeakMap<object, string>();

/** Marks `value` as an object of the GraphQL type `type`, for `Node`'s resolveType. */
export function asNode<T extends object>(type: string, value: T): T {
  typeOfNode.set(value, type);
  return value;
}

@InterfaceType({
  description:
    'Global object identification (Relay): any object with an `id` can be fetched again with `node(id:)`. ' +
    'The ids are unique across types. Workflow and Webhook keep their UUIDs; types without an id of their own ' +
    'that is unique across the schema (Transition, DirectoryUnit, WebhookDelivery) have an opaque one.',
  resolveType: (value: object) => typeOfNode.get(value),
})
export abstract class Node {
  @Field(() => ID, { description: 'unique across every type of the schema; pass it to `node(id:)`' }) id: string;
}
