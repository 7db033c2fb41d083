import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { badInput } from '../../kernel/errors';
import type { StreamMessage } from '../../stream/message';
import { requireActor, type GraphQLContext } from '../context';
import { TransitionEvent, TransitionFeed, TransitionFilter } from '../types/stream.type';

const MAX_FEED_PAGE = 500;

@Resolver(() => TransitionEvent)
export class StreamResolver {
  @FieldResolver(() => GraphQLJSON, {
    description:
      'The same transition as a CloudEvents 1.0 event (structured mode, JSON): id = cursor, subject = workflowId, ' +
      'type gov.zhaoyuan.duban.transition, data = the fields of this message; what a CLOUDEVENTS webhook sends',
  })
  cloudEvent(@Root() message: StreamMessage, @Ctx() ctx: GraphQLContext): unknown {
    return ctx.services.stream.cloudEvent(message);
  }

  @Query(() => TransitionFeed, {
    description: 'The transition stream the caller may see, after a cursor, in order (confidential workflows excluded).',
  })
  async transitionFeed(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => TransitionFilter, { nullable: true }) filter?: TransitionFilter,
    @Arg('after', { nullable: true }) after?: string,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
  ) {
    const actor = requireActor(ctx);
    if (first < 1 || first > MAX_FEED_PAGE) throw badInput('invalid page size', [{ path: 'first', message: `must be 1 to ${MAX_FEED_PAGE}` }]);
    const page = await ctx.services.stream.page(filter ?? {}, after, first, actor);
    const edges = page.messages.map((node) => ({ cursor: node.cursor, node }));
    const pageInfo = { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? after ?? null };
    return { edges, pageInfo }; // forward only: hasPreviousPage is false (PageInfo)
  }

  @Subscription(() => TransitionEvent, {
    description:
      'Every transition the caller may see, in order: first those after `after` (replayed), then live. ' +
      'Resume after a disconnect with the last cursor received.',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      return ctx.services.stream.subscribe(args.filter ?? {}, args.after, requireActor(ctx), ctx.socketBacklog);
    },
  })
  transitions(
    @Root() message: StreamMessage,
    @Arg('filter', () => TransitionFilter, { nullable: true }) _filter?: TransitionFilter,
    @Arg('after', { nullable: true }) _after?: string,
  ): StreamMessage {
    return message;
  }
}
