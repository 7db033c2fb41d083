import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AlertLevelEnum, WorkflowStatusEnum } from './enums';

@InputType()
export class StartWorkflowInput {
  @Field() machineId: string;
  @Field(() => GraphQLJSON, { description: "the machine's start input (see Machine.inputSchema)" }) input: unknown;
  @Field({ nullable: true, description: 'retrying with the same key returns the same workflow' })
  idempotencyKey?: string;
  @Field({
    nullable: true,
    description: '涉密: only its participants may read it; it never leaves through subscriptions or webhooks',
  })
  confidential?: boolean;
}

@InputType()
export class SendEventInput {
  @Field(() => ID) workflowId: string;
  @Field() type: string;
  @Field(() => GraphQLJSON, { nullable: true, description: "the event's payload (see MachineEvent.payloadSchema)" })
  payload?: unknown;
  @Field(() => Int, { nullable: true, description: 'refuse with VERSION_CONFLICT unless the workflow is at this version' })
  expectedVersion?: number;
  @Field({ nullable: true, description: 'retrying with the same key returns the same result, writing nothing' })
  idempotencyKey?: string;
}

@InputType()
export class WorkflowFilter {
  @Field({ nullable: true }) machineId?: string;
  @Field({ nullable: true, description: 'dotted state path' }) state?: string;
  @Field(() => WorkflowStatusEnum, { nullable: true }) status?: WorkflowStatusEnum;
  @Field(() => AlertLevelEnum, { nullable: true }) alertLevel?: AlertLevelEnum;
  @Field({ nullable: true, description: 'workflows involving this unit' }) unit?: string;
  @Field({ nullable: true, description: 'nearest deadline before this time' }) deadlineBefore?: Date;
}
