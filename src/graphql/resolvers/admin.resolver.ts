import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireActor, type GraphQLContext } from '../context';
import { AdminMigrateInput, AdminReassignInput } from '../types/admin.input';
import { AdminMachine, AdminRepairResult, MigrationReport } from '../types/admin.type';

/** Administrators (ADMIN only): inspect definitions, repair instances, migrate versions. */
@Resolver()
export class AdminResolver {
  @Query(() => [AdminMachine], { description: 'ADMIN: every registered version of every machine, with instances per state.' })
  adminMachines(@Ctx() ctx: GraphQLContext) {
    return ctx.services.admin.machines(requireActor(ctx));
  }

  @Query(() => AdminMachine, { nullable: true, description: 'ADMIN: one version of a machine (default: the newest).' })
  async adminMachine(
    @Arg('id') id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ) {
    const views = await ctx.services.admin.machines(requireActor(ctx), id, version);
    return (version == null ? views.find((v) => v.newest) : views[0]) ?? null;
  }

  @Mutation(() => AdminRepairResult, {
    description: "ADMIN: cancel to the machine's cancelled final state (ADMIN_CANCEL), with a reason.",
  })
  adminCancel(@Arg('workflowId', () => ID) workflowId: string, @Arg('reason') reason: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.admin.cancel(requireActor(ctx), workflowId, reason);
  }

  @Mutation(() => AdminRepairResult, {
    description: 'ADMIN: put the workflow in any state of its machine (ADMIN_MOVE); no machine action runs; warnings say what was skipped.',
  })
  adminMoveToState(
    @Arg('workflowId', () => ID) workflowId: string,
    @Arg('state', { description: 'dotted leaf state path' }) state: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('contextPatch', () => GraphQLJSON, { nullable: true, description: 'shallow patch of existing context keys' })
    contextPatch?: unknown,
  ) {
    return ctx.services.admin.moveToState(requireActor(ctx), { workflowId, state, reason, contextPatch });
  }

  @Mutation(() => AdminRepairResult, {
    description: 'ADMIN: move one deadline of the current state (ADMIN_RESCHEDULE); it holds until the state is left or the machine moves it.',
  })
  adminRescheduleDeadline(
    @Arg('workflowId', () => ID) workflowId: string,
    @Arg('kind') kind: string,
    @Arg('due') due: Date,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.admin.rescheduleDeadline(requireActor(ctx), { workflowId, kind, due, reason });
  }

  @Mutation(() => AdminRepairResult, { description: 'ADMIN: replace a unit and/or person wherever the workflow names them (ADMIN_REASSIGN).' })
  adminReassign(
    @Arg('workflowId', () => ID) workflowId: string,
    @Arg('input') input: AdminReassignInput,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.admin.reassign(requireActor(ctx), { ...input, workflowId, reason });
  }

  @Mutation(() => MigrationReport, {
    description: 'ADMIN: move ACTIVE instances to another version of their machine (ADMIN_MIGRATE), each in its own transaction.',
  })
  adminMigrate(@Arg('input') input: AdminMigrateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.admin.migrate(requireActor(ctx), input);
  }
}
