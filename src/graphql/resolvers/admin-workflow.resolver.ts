import { GraphQLJSON } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkflowRecord } from '../../engine/engine';
import { viewOf, type GraphQLContext } from '../context';
import { DeadlineOverride } from '../types/admin.type';
import { Workflow } from '../types/workflow.type';

/** Instance fields for inspection; anyone who may read the workflow may read them. */
@Resolver(() => Workflow)
export class AdminWorkflowFieldsResolver {
  @FieldResolver(() => GraphQLJSON, { description: 'the stored XState snapshot: value, context, status (and deadline overrides); drafts redacted as in `context`' })
  snapshot(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): unknown {
    return viewOf(ctx, w).snapshot;
  }

  @FieldResolver(() => [DeadlineOverride], { description: 'deadlines an administrator moved that are in force' })
  deadlineOverrides(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): unknown[] {
    return viewOf(ctx, w).deadlineOverrides;
  }
}
