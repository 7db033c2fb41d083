import { GraphQLJSON } from 'graphql-scalars';
import { z } from 'zod';
import { isoDate } from '../../../machines/common.schemas';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../kernel/errors';
import { readerScope, type AvailableEventView, type DelegationView, type TransitionView, type WorkflowRecord } from '../../engine/engine';
import { requireActor, viewOf, viewsOf, type GraphQLContext } from '../context';
import { InvolvedUnit } from '../types/directory.type';
import { decodeCursor, decodeSeqCursor, encodeCursor, encodeSeqCursor } from '../cursor';
import { assertPayloadFits } from '../limits';
import { traced } from '../tracing';
import { AlertLevelEnum } from '../types/enums';
import { DelegateStepInput, SendEventInput, StartWorkflowInput, UndelegateStepInput, WorkflowFilter } from '../types/workflow.input';
import { HistoryCheck } from '../types/chain.type';
import {
  AvailableEvent,
  Deadline,
  Delegation,
  Escalation,
  PendingTimer,
  Transition,
  TransitionConnection,
  Workflow,
  WorkflowConnection,
} from '../types/workflow.type';

export const MAX_PAGE_SIZE = 100;
/** The most transitions one page of `Workflow.transitions` holds. */
export const MAX_TRANSITIONS_PAGE = 100;

function pageSize(first: number, max: number): number {
  if (first < 1 || first > max) throw badInput('invalid page size', [{ path: 'first', message: `must be 1 to ${max}` }]);
  return first;
}

/** The search fields' bounds; the rest of the filter is typed by the schema. */
const searchFields = z.object({
  states: z.array(z.string().max(200)).max(50).nullish(),
  text: z.string().trim().min(1, 'must not be blank').max(100).nullish(),
  person: z.string().max(100).nullish(),
  leadUnit: z.string().max(100).nullish(),
  source: z.string().max(100).nullish(),
  kind: z.string().max(100).nullish(),
  period: z
    .object({ from: isoDate, to: isoDate })
    .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' })
    .nullish(),
});

function checkedFilter(filter: WorkflowFilter | undefined): WorkflowFilter {
  if (!filter) return {};
  const checked = searchFields.safeParse(filter);
  if (!checked.success) {
    // paths as the client wrote them: filter.period.to
    const fields = new Map<string, string>();
    for (const issue of checked.error.issues) {
      const path = ['filter', ...issue.path].join('.');
      if (!fields.has(path)) fields.set(path, issue.message);
    }
    throw badInput('invalid filter', [...fields].map(([path, message]) => ({ path, message })));
  }
  return { ...filter, text: filter.text?.trim() };
}

@Resolver(() => Workflow)
export class WorkflowResolver {
  @Query(() => Workflow, { nullable: true, description: 'One workflow, if it exists and the caller may read it.' })
  async workflow(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord | null> {
    return (await viewsOf(ctx).find(id))?.record ?? null;
  }

  @Query(() => WorkflowConnection, { description: 'Workflows the caller may read, newest first.' })
  async workflows(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => WorkflowFilter, { nullable: true }) filter?: WorkflowFilter,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', { nullable: true }) after?: string,
  ) {
    const actor = requireActor(ctx);
    pageSize(first, MAX_PAGE_SIZE);
    const cursor = after ? decodeCursor(after) : null;
    const now = ctx.services.engine.now();
    const page = await ctx.services.reads.list(checkedFilter(filter), first, cursor, now, readerScope(actor));
    const edges = page.records.map((node, i) => ({ node, cursor: encodeCursor(page.keys[i]) }));
    // forward only: hasPreviousPage is false (PageInfo)
    const pageInfo = { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
    return { edges, pageInfo };
  }

  @Query(() => HistoryCheck, {
    description: "Recomputes the workflow's history hash chain and reports the first broken link (tamper evidence).",
  })
  async verifyHistory(@Arg('workflowId', () => ID) workflowId: string, @Ctx() ctx: GraphQLContext) {
    await viewsOf(ctx).load(workflowId);
    return ctx.services.reads.verifyChain(workflowId);
  }

  @Mutation(() => Workflow, { description: 'Start a workflow of a machine.' })
  startWorkflow(@Arg('input') input: StartWorkflowInput, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord> {
    const actor = requireActor(ctx);
    assertPayloadFits(ctx, 'input', input.input); // MAX_PAYLOAD_BYTES
    return traced(ctx, 'startWorkflow', () =>
      ctx.services.engine.start(input.machineId, input.input, actor, input.idempotencyKey, {
        confidential: input.confidential ?? false,
      }),
    );
  }

  @Mutation(() => Workflow, { description: 'Send an event to a workflow.' })
  sendEvent(@Arg('input') input: SendEventInput, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord> {
    const actor = requireActor(ctx);
    assertPayloadFits(ctx, 'payload', input.payload); // MAX_PAYLOAD_BYTES
    return traced(ctx, 'sendEvent', () =>
      ctx.services.engine.send(
        input.workflowId,
        { type: input.type, payload: input.payload ?? {}, actor },
        { expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey },
      ),
    );
  }

  @Mutation(() => Workflow, {
    description: '委派: hand the current step to a colleague of your unit (a person of the directory); you stay accountable.',
  })
  delegateStep(@Arg('input') input: DelegateStepInput, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord> {
    const actor = requireActor(ctx);
    return traced(ctx, 'delegateStep', () =>
      ctx.services.engine.delegate(
        input.workflowId,
        actor,
        { to: input.to, note: input.note },
        { expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey },
      ),
    );
  }

  @Mutation(() => Workflow, { description: 'Withdraw the standing 委派 of the current step (the delegator, the delegate, or whoever the step awaits).' })
  undelegateStep(@Arg('input') input: UndelegateStepInput, @Ctx() ctx: GraphQLContext): Promise<WorkflowRecord> {
    const actor = requireActor(ctx);
    return ctx.services.engine.undelegate(
      input.workflowId,
      actor,
      { note: input.note },
      { expectedVersion: input.expectedVersion, idempotencyKey: input.idempotencyKey },
    );
  }

  // the fields below read the caller's view of the workflow, built once per request

  @FieldResolver(() => Delegation, { nullable: true, description: '委派: the standing delegation of the current step, if any' })
  delegation(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): DelegationView | null {
    return viewOf(ctx, w).delegation;
  }

  @FieldResolver(() => String)
  stateLabel(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): string {
    return viewOf(ctx, w).stateLabel;
  }

  @FieldResolver(() => AlertLevelEnum)
  alertLevel(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): AlertLevelEnum {
    return viewOf(ctx, w).alertLevel as AlertLevelEnum;
  }

  @FieldResolver(() => GraphQLJSON, { description: 'the machine context; drafts under discussion only for participants' })
  context(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): unknown {
    return viewOf(ctx, w).context;
  }

  @FieldResolver(() => [AvailableEvent])
  availableEvents(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): AvailableEventView[] {
    return viewOf(ctx, w).availableEvents;
  }

  @FieldResolver(() => [Deadline])
  deadlines(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext) {
    return viewOf(ctx, w).deadlines;
  }

  @FieldResolver(() => [Escalation])
  escalations(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext) {
    return viewOf(ctx, w).escalations;
  }

  @FieldResolver(() => [InvolvedUnit], { description: 'the units it involves, named as they were when it started (组织机构)' })
  async involvedUnits(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): Promise<InvolvedUnit[]> {
    viewOf(ctx, w); // the visibility rule first, as for every field
    const names = await Promise.all(w.units.map((code) => ctx.loaders.unitNames.load({ code, at: w.createdAt })));
    return w.units.map((code, i) => ({ code, name: names[i] }));
  }

  @FieldResolver(() => [PendingTimer])
  pendingTimers(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reads.timers(w.id);
  }

  @FieldResolver(() => [Transition])
  history(@Root() w: WorkflowRecord, @Ctx() ctx: GraphQLContext): Promise<TransitionView[]> {
    return viewOf(ctx, w).history();
  }

  @FieldResolver(() => TransitionConnection, {
    description: 'the history page by page, oldest first, keyed by seq; payloads shown as in `history` (drafts redacted for non-readers)',
  })
  async transitions(
    @Root() w: WorkflowRecord,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 50, description: `1 to ${MAX_TRANSITIONS_PAGE}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'a cursor (seq) of this connection: the transitions after it' })
    after?: string | null,
  ) {
    const afterSeq = decodeSeqCursor(after);
    const page = await viewOf(ctx, w).transitionPage(afterSeq, pageSize(first, MAX_TRANSITIONS_PAGE));
    const edges = page.transitions.map((node) => ({ cursor: encodeSeqCursor(node.seq), node }));
    const { hasNextPage, hasPreviousPage, totalCount } = page;
    return { edges, totalCount, pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
