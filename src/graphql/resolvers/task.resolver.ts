import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../../kernel/errors';
import { readerScope } from '../../engine/engine';
import { requireActor, viewsOf, type GraphQLContext } from '../context';
import { AlertSummary, AlertSummaryFilter, Task } from '../types/task.type';

const MAX_TASKS = 200;

@Resolver()
export class TaskResolver {
  @Query(() => [Task], {
    description: 'What needs the caller: items where they must act, or escalated to them, nearest deadline first.',
  })
  async myTasks(@Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { defaultValue: 50 }) first: number) {
    const actor = requireActor(ctx);
    if (first < 1 || first > MAX_TASKS) throw badInput('invalid page size', [{ path: 'first', message: `must be 1 to ${MAX_TASKS}` }]);
    const scope = readerScope(actor);
    const tokens = scope.tokens;
    const records = await ctx.services.reads.tasks(scope, first);
    return records.map((workflow) => ({
      workflow,
      mustAct: workflow.awaiting.some((t) => tokens.includes(t)),
      escalated: workflow.escalatedTo.some((t) => tokens.includes(t)),
      delegation: viewsOf(ctx).of(workflow).delegation,
      delegatedToYou: workflow.snapshot.delegation?.to.id === actor.id,
    }));
  }

  @Query(() => AlertSummary, { description: '蓝黄红 counts of open items now: in all, per lead unit, per machine.' })
  alertSummary(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => AlertSummaryFilter, { nullable: true }) filter?: AlertSummaryFilter,
  ) {
    const actor = requireActor(ctx);
    return ctx.services.reads.alertSummary(filter ?? {}, readerScope(actor));
  }
}
