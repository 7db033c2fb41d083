import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AlertLevelEnum } from './enums';
import { ActorRef, PageInfo } from './workflow.type';

@ObjectType({ description: 'A transition in the global stream, in commit order.' })
export class TransitionEvent {
  @Field({ description: 'resume after this (subscription or feed `after`)' }) cursor: string;
  @Field(() => ID) workflowId: string;
  @Field() machineId: string;
  @Field(() => Int) machineVersion: number;
  @Field() title: string;
  @Field(() => Int, { description: 'the workflow version this transition produced' }) version: number;
  @Field() eventType: string;
  @Field(() => GraphQLJSON) payload: unknown;
  @Field(() => ActorRef) actor: ActorRef;
  @Field({ nullable: true }) stateBefore?: string;
  @Field() stateAfter: string;
  @Field(() => AlertLevelEnum) alertLevel: AlertLevelEnum;
  @Field() at: Date;
}

@InputType()
export class TransitionFilter {
  @Field({ nullable: true }) machineId?: string;
  @Field(() => ID, { nullable: true }) workflowId?: string;
  @Field({ nullable: true, description: 'workflows involving this unit' }) unit?: string;
  @Field({ nullable: true }) eventType?: string;
  @Field({ nullable: true, description: 'the state after the transition' }) toState?: string;
  @Field(() => AlertLevelEnum, { nullable: true }) alertLevel?: AlertLevelEnum;
}

@ObjectType({ description: 'A transition and its place in the stream.' })
export class TransitionEdge {
  @Field({ description: 'its stream position: pass it as `after` to resume after it' }) cursor: string;
  @Field(() => TransitionEvent) node: TransitionEvent;
}

@ObjectType({ description: 'A page of the stream, for clients catching up without a socket (Relay connection, cursors are stream positions).' })
export class TransitionFeed {
  @Field(() => [TransitionEdge], { description: 'the transitions of this page, in commit order' }) edges: TransitionEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
