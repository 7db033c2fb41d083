import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { badInput } from '../../kernel/errors';
import { after, before, type StreamMessage } from '../../stream/message';
import { requireActor, type GraphQLContext } from '../context';
import { AlertLevelEnum, WorkflowStatusEnum } from '../types/enums';
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

  @FieldResolver(() => WorkflowStatusEnum, {
    nullable: true,
    description:
      'the status after the transition (an item no longer ACTIVE leaves the wall); null when you could not see the item then ' +
      '(you were made a party later), and on transitions recorded before these fields were kept',
  })
  statusAfter(@Root() m: StreamMessage, @Ctx() ctx: GraphQLContext) {
    return after(m, ctx.actor)?.status ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'the lead unit (units[0]) after the transition; null when statusAfter is' })
  leadUnit(@Root() m: StreamMessage, @Ctx() ctx: GraphQLContext) {
    return after(m, ctx.actor)?.leadUnit ?? null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: '挂牌督办 after the transition; null when statusAfter is' })
  flagged(@Root() m: StreamMessage, @Ctx() ctx: GraphQLContext) {
    return after(m, ctx.actor)?.flagged ?? null;
  }

  @FieldResolver(() => WorkflowStatusEnum, {
    nullable: true,
    description: 'the status before the transition; null for the transition that started the item, or when you could not see it before (a draft)',
  })
  statusBefore(@Root() m: StreamMessage, @Ctx() ctx: GraphQLContext) {
    return before(m, ctx.actor)?.status ?? null;
  }

  @FieldResolver(() => AlertLevelEnum, { nullable: true, description: 'the level before the transition; null when statusBefore is' })
  alertLevelBefore(@Root() m: StreamMessage, @Ctx() ctx: GraphQLContext) {
    return before(m, ctx.actor)?.alertLevel ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'the lead unit before the transition; null when statusBefore is' })
  leadUnitBefore(@Root() m: StreamMessage, @Ctx() ctx: GraphQLContext) {
    return before(m, ctx.actor)?.leadUnit ?? null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: '挂牌督办 before the transition; null when statusBefore is' })
  flaggedBefore(@Root() m: StreamMessage, @Ctx() ctx: GraphQLContext) {
    return before(m, ctx.actor)?.flagged ?? null;
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
