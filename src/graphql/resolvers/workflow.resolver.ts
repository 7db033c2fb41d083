import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { alertLevelAt } from '../../calendar/deadlines';
import { describeMachine } from '../../engine/describe';
import { visibleContext, visiblePayload } from '../../engine/drafts';
import { badInput, ErrorCode, WorkflowError } from '../../kernel/errors';
import type { WorkflowRecord } from '../../engine/ports';
import { allows } from '../../engine/rules';
import { ADMIN_EVENT_LABELS } from '../../engine/repair';
import { acceptedEvents, restore } from '../../engine/step';
import { canRead, notFound, readerScope } from '../../engine/visibility';
import { requireActor, type GraphQLContext } from '../context';
import { decodeCursor, encodeCursor } from '../cursor';
import { assertPayloadFits } from '../limits';
import { AlertLevelEnum } from '../types/enums';
import { SendEventInput, StartWorkflowInput, WorkflowFilter } from '../types/workflow.input';
import { HistoryCheck } from '../types/chain.type';
import { AvailableEvent, PendingTimer, Transition, Workflow, WorkflowConnection } from '../types/workflow.type';

export const MAX_PAGE_SIZE = 100;

@Resolver(() => Workflow)
export class WorkflowResolver {
  @Query(() => Workflow, { nullable: true, description: 'One workflow, if it exists and the caller may read it.' })
  async workflow(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord | null> {
    const actor = requireActor(ctx);
    const record = await ctx.services.engine.find(id);
    return record && canRead(actor, record) ? record : null;
  }

  @Query(() => WorkflowConnection, { description: 'Workflows the caller may read, newest first.' })
  async workflows(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => WorkflowFilter, { nullable: true }) filter?: WorkflowFilter,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', { nullable: true }) after?: string,
  ) {
    const actor = requireActor(ctx);
    if (first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput('invalid page size', [{ path: 'first', message: `must be 1 to ${MAX_PAGE_SIZE}` }]);
    }
    const cursor = after ? decodeCursor(after) : null;
    const now = ctx.services.engine.now();
    const page = await ctx.services.reads.list(filter ?? {}, first, cursor, now, readerScope(actor));
    const edges = page.records.map((node, i) => ({ node, cursor: encodeCursor(page.keys[i]) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor } };
  }

  @Query(() => HistoryCheck, {
    description: "Recomputes the workflow's history hash chain and reports the first broken link (tamper evidence).",
  })
  async verifyHistory(@Arg('workflowId', () => ID) workflowId: string, @Ctx() ctx: GraphQLContext) {
    const actor = requireActor(ctx);
    const record = await ctx.services.engine.find(workflowId);
    if (!record || !canRead(actor, record)) throw notFound(workflowId);
    return ctx.services.reads.verifyChain(workflowId);
  }

  @Mutation(() => Workflow, { description: 'Start a workflow of a machine.' })
  startWorkflow(@Arg('input') input: StartWorkflowInput, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord> {
    const actor = requireActor(ctx);
    assertPayloadFits(ctx, 'input', input.input); // MAX_PAYLOAD_BYTES
    return ctx.services.engine.start(input.machineId, input.input, actor, input.idempotencyKey, {
      confidential: input.confidential ?? false,
    });
  }

  @Mutation(() => Workflow, { description: 'Send an event to a workflow.' })
  sendEvent(@Arg('input') input: SendEventInput, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord> {
    const actor = requireActor(ctx);
    assertPayloadFits(ctx, 'payload', input.payload); // MAX_PAYLOAD_BYTES
    return ctx.services.engine.send(
      input.workflowId,
      { type: input.type, payload: input.payload ?? {}, actor },
      { expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey },
    );
  }

  @FieldResolver(() => String)
  stateLabel(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): string {
    return ctx.services.engine.definitionOf(w).states[w.state]?.label ?? w.state;
  }

  @FieldResolver(() => AlertLevelEnum)
  alertLevel(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): AlertLevelEnum {
    return alertLevelAt(w.deadline, w.warnAt, ctx.services.engine.now()) as AlertLevelEnum;
  }

  @FieldResolver(() => GraphQLJSON, { description: 'the machine context; drafts under discussion only for participants' })
  context(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): unknown {
    return visibleContext(ctx.services.engine.definitionOf(w), w, requireActor(ctx));
  }

  @FieldResolver(() => [AvailableEvent])
  availableEvents(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): AvailableEvent[] {
    const actor = requireActor(ctx);
    const definition = ctx.services.engine.definitionOf(w);
    const snapshot = restore(definition, w);
    const schemas = new Map(describeMachine(definition).events.map((e) => [e.type, e.payloadSchema]));
    return acceptedEvents(snapshot, actor, ctx.services.engine.now().toISOString())
      .filter((type) => allows(definition, definition.events[type].allow, actor, snapshot.context))
      .map((type) => ({ type, label: definition.events[type].label, payloadSchema: schemas.get(type) }));
  }

  @FieldResolver(() => [PendingTimer])
  pendingTimers(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reads.timers(w.id);
  }

  @FieldResolver(() => [Transition])
  async history(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext) {
    const definition = ctx.services.engine.definitionOf(w);
    const actor = requireActor(ctx);
    const rows = await ctx.loaders.history.load(w.id);
    return rows.map((t) => ({
      ...t,
      payload: visiblePayload(definition, w, t.eventType, t.payload, actor),
      eventLabel: t.eventType === 'START' ? definition.start.label : (definition.events[t.eventType]?.label ?? ADMIN_EVENT_LABELS[t.eventType] ?? t.eventType),
      stateAfterLabel: definition.states[t.stateAfter]?.label ?? t.stateAfter,
    }));
  }
}
