import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AlertLevelEnum, RoleEnum, WorkflowStatusEnum } from './enums';
import { Node } from './node.type';

@ObjectType({ description: 'Who acted.' })
export class ActorRef {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => [RoleEnum]) roles: RoleEnum[];
  @Field() unit: string;
}

@ObjectType({ description: 'Where a rule comes from: the clause of the source document, in its own words.' })
export class RuleSource {
  @Field({ description: '招政发〔2022〕21号' }) document: string;
  @Field(() => Int) clause: number;
  @Field() text: string;
}

@ObjectType({ description: 'A deadline of the current state.' })
export class Deadline {
  @Field(() => RuleSource, { nullable: true, description: 'the clause it enforces' }) rule: RuleSource | null;
  @Field() kind: string;
  @Field({ description: 'Chinese label' }) label: string;
  @Field() due: Date;
  @Field({ description: 'from when the item is YELLOW' }) warnAt: Date;
  @Field({ description: 'computed for a year whose statutory calendar is not loaded yet' }) provisional: boolean;
}

@ObjectType({ description: 'A deadline that passed: RED, and whom it was escalated to.' })
export class Escalation {
  @Field(() => RuleSource, { nullable: true, description: 'the clause it enforces' }) rule: RuleSource | null;
  @Field() kind: string;
  @Field() due: Date;
  @Field(() => [String], { description: 'party tokens: unit:<code>, person:<id>, role:<ROLE>' }) to: string[];
  @Field() at: Date;
}

@ObjectType({ description: 'A moment the engine will act by itself: a warning (YELLOW) or a due time (RED).' })
export class PendingTimer {
  @Field() kind: string;
  @Field({ description: 'WARN or DUE' }) action: string;
  @Field() dueAt: Date;
}

@ObjectType({ description: 'An event the caller may send now.' })
export class AvailableEvent {
  @Field() type: string;
  @Field() label: string;
  @Field(() => GraphQLJSON) payloadSchema: unknown;
}

@ObjectType({ description: 'Someone named in a delegation (委派).' })
export class DelegationParty {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() unit: string;
}

@ObjectType({ description: '委派: the current step handed to a colleague of the same unit; the delegator stays accountable.' })
export class Delegation {
  @Field(() => DelegationParty, { description: 'the delegate, who may now act for the delegator in this state' }) to: DelegationParty;
  @Field(() => DelegationParty, { description: 'the delegator' }) by: DelegationParty;
  @Field({ description: 'the awaited party the delegator acted as: unit:<code> or person:<id>' }) party: string;
  @Field() note: string;
  @Field() at: Date;
  @Field({ description: 'the state it covers; it ends when the workflow leaves it' }) state: string;
  @Field() stateLabel: string;
}

@ObjectType({ description: 'One transition in the append-only history.', implements: Node })
export class Transition extends Node {
  @Field(() => Int, { description: 'contiguous from 1; equals the version it produced' }) seq: number;
  @Field() eventType: string;
  @Field() eventLabel: string;
  @Field(() => GraphQLJSON) payload: unknown;
  @Field(() => ActorRef, { description: 'who really acted' }) actor: ActorRef;
  @Field(() => DelegationParty, { nullable: true, description: 'the delegator, when a delegate (委派) acted for them' })
  onBehalfOf: DelegationParty | null;
  @Field({ nullable: true }) stateBefore?: string;
  @Field() stateAfter: string;
  @Field() stateAfterLabel: string;
  @Field(() => AlertLevelEnum) alertLevel: AlertLevelEnum;
  @Field() at: Date;
}

@ObjectType({ description: 'A workflow instance.', implements: Node })
export class Workflow extends Node {
  @Field(() => ID, { description: 'its UUID: what workflow(id:), sendEvent and the stream\'s workflowId take; also its global id (node(id:))' })
  id: string;
  @Field() machineId: string;
  @Field(() => Int) machineVersion: number;
  @Field() title: string;
  @Field({ description: 'dotted path of the current state' }) state: string;
  @Field(() => GraphQLJSON, { description: 'XState state value' }) stateValue: unknown;
  @Field({ description: 'Chinese label of the current state' }) stateLabel: string;
  @Field(() => WorkflowStatusEnum) status: WorkflowStatusEnum;
  @Field(() => Int, { description: 'grows by one with every transition' }) version: number;
  @Field(() => GraphQLJSON, { description: 'the machine context' }) context: unknown;
  @Field(() => AlertLevelEnum, { description: 'level now, from the nearest deadline' }) alertLevel: AlertLevelEnum;
  @Field({ nullable: true, description: 'the nearest deadline of the current state' }) deadline?: Date;
  @Field(() => [Deadline]) deadlines: Deadline[];
  @Field() deadlineProvisional: boolean;
  @Field(() => [String], { description: 'units involved: lead unit first' }) units: string[];
  @Field(() => [String], { description: 'people involved, by id' }) people: string[];
  @Field(() => [String], { description: 'who must act now, as party tokens (unit:, person:, role:)' }) awaiting: string[];
  @Field(() => [String], { description: 'whom passed deadlines were escalated to, as party tokens' }) escalatedTo: string[];
  @Field(() => [Escalation]) escalations: Escalation[];
  @Field(() => [PendingTimer], { description: 'what the engine will do by itself, and when' }) pendingTimers: PendingTimer[];
  @Field(() => [AvailableEvent], { description: 'what the caller may send now' }) availableEvents: AvailableEvent[];
  @Field(() => [Transition], {
    description: 'every transition in order, in one list',
    deprecationReason: 'the whole history in one list, however long: read it page by page with `transitions`',
  })
  history: Transition[];
  @Field({ description: '涉密: participants only; never streamed' }) confidential: boolean;
  @Field(() => ActorRef) createdBy: ActorRef;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType({ description: 'A workflow and its place in the list.' })
export class WorkflowEdge {
  @Field({ description: 'pass it as `after` to get the workflows after this one' }) cursor: string;
  @Field(() => Workflow) node: Workflow;
}

@ObjectType({ description: 'Where a page lies in the whole (Relay cursor connections); shared by every connection of the API.' })
export class PageInfo {
  @Field({ description: 'whether more items follow this page: ask again with `after: endCursor`' }) hasNextPage: boolean;
  @Field({
    description:
      'whether items come before this page. Exact on `Workflow.transitions` (true when `after` was given and some transition lies at or before it). ' +
      'Always false on the other connections: they page forward only (keyset cursors, `first`/`after`, no `last`/`before`), ' +
      'and the Relay specification allows false when paginating forward',
  })
  hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: 'the cursor of the first item of this page; null when the page is empty' })
  startCursor?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'the cursor of the last item of this page, to pass as `after`; null when the page is empty (on `transitionFeed`: the `after` given, so a poll resumes where it was)',
  })
  endCursor?: string | null;
}

@ObjectType({ description: 'A page of workflows, newest first (Relay connection, keyset cursors).' })
export class WorkflowConnection {
  @Field(() => [WorkflowEdge], { description: 'the workflows of this page, newest first' }) edges: WorkflowEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType({ description: 'A transition and its place in the history.' })
export class TransitionHistoryEdge {
  @Field({ description: 'its seq, as text: pass it as `after` to get the transitions after this one' }) cursor: string;
  @Field(() => Transition) node: Transition;
}

@ObjectType({ description: "A page of a workflow's history, oldest first (Relay connection, keyed by seq)." })
export class TransitionConnection {
  @Field(() => [TransitionHistoryEdge], { description: 'the transitions of this page, in seq order' }) edges: TransitionHistoryEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { description: 'transitions in the whole history: the workflow\'s version' }) totalCount: number;
}
