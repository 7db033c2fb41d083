import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { TransitionView } from '../../engine/engine';
import type { Delivery } from '../../webhooks/webhook-store';
import { badInput } from '../../kernel/errors';
import { requireActor, type GraphQLContext } from '../context';
import { globalId, transitionId } from '../global-id';
import { findNode } from '../nodes';
import { DirectoryUnit } from '../types/directory.type';
import { Node } from '../types/node.type';
import { WebhookDelivery } from '../types/webhook.type';
import { Transition } from '../types/workflow.type';

/** The most ids one `nodes` call takes. */
export const MAX_NODES = 50;

/** Relay's global object identification: `node` and `nodes`. */
@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global id; null when there is none or the caller may not see it (the rule of its own query).',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<object | null> {
    return findNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Several objects by global id, in the order asked (at most ${MAX_NODES}); null for each one there is none of or the caller may not see.`,
  })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GraphQLContext): Promise<(object | null)[]> {
    requireActor(ctx);
    if (ids.length > MAX_NODES) throw badInput('too many ids', [{ path: 'ids', message: `at most ${MAX_NODES}` }]);
    return Promise.all(ids.map((id) => findNode(ctx, id)));
  }
}

/** The global ids of the types whose own key is not unique across the schema (src/graphql/global-id.ts). */
@Resolver(() => Transition)
export class TransitionIdResolver {
  @FieldResolver(() => ID, { description: 'global id (node(id:)): the workflow and the seq' })
  id(@Root() transition: TransitionView): string {
    return transitionId(transition.workflowId, transition.seq);
  }
}

@Resolver(() => DirectoryUnit)
export class DirectoryUnitIdResolver {
  @FieldResolver(() => ID, { description: 'global id (node(id:)); the unit is named by `code` everywhere else' })
  id(@Root() unit: { code: string }): string {
    return globalId('DirectoryUnit', unit.code);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryIdResolver {
  @FieldResolver(() => ID, { description: 'global id (node(id:))' })
  id(@Root() delivery: Delivery): string {
    return globalId('WebhookDelivery', delivery.id);
  }

  @FieldResolver(() => String)
  serial(@Root() delivery: Delivery): string {
    return delivery.id;
  }
}
