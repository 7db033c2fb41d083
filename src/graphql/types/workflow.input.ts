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

@InputType({ description: '委派: hand the current step to a colleague of your unit.' })
export class DelegateStepInput {
  @Field(() => ID) workflowId: string;
  @Field(() => ID, { description: 'the delegate: a person id of the directory, an active member of your unit' }) to: string;
  @Field({ description: 'what is asked of them (recorded)' }) note: string;
  @Field(() => Int, { nullable: true, description: 'refuse with VERSION_CONFLICT unless the workflow is at this version' })
  expectedVersion?: number;
  @Field({ nullable: true, description: 'retrying with the same key returns the same result, writing nothing' })
  idempotencyKey?: string;
}

@InputType({ description: 'Withdraw the standing 委派 of the current step.' })
export class UndelegateStepInput {
  @Field(() => ID) workflowId: string;
  @Field({ nullable: true }) note?: string;
  @Field(() => Int, { nullable: true, description: 'refuse with VERSION_CONFLICT unless the workflow is at this version' })
  expectedVersion?: number;
  @Field({ nullable: true, description: 'retrying with the same key returns the same result, writing nothing' })
  idempotencyKey?: string;
}

@InputType({ description: 'Calendar dates in Asia/Shanghai, YYYY-MM-DD, both ends included.' })
export class PeriodFilter {
  @Field() from: string;
  @Field() to: string;
}

@InputType()
export class WorkflowFilter {
  @Field({ nullable: true }) machineId?: string;
  @Field({ nullable: true, description: 'dotted state path' }) state?: string;
  @Field(() => WorkflowStatusEnum, { nullable: true }) status?: WorkflowStatusEnum;
  @Field(() => AlertLevelEnum, { nullable: true }) alertLevel?: AlertLevelEnum;
  @Field({ nullable: true, description: 'workflows involving this unit' }) unit?: string;
  @Field({ nullable: true, description: '承办单位: workflows whose lead unit (the first of `units`) is this one, as alertSummary counts them' })
  leadUnit?: string;
  @Field({ nullable: true, description: 'nearest deadline before this time' }) deadlineBefore?: Date;
  @Field(() => [String], { nullable: true, description: 'any of these dotted state paths (at most 50)' }) states?: string[];
  @Field({ nullable: true, description: 'workflows involving this person (named in it, or its creator), by id' }) person?: string;
  @Field({ nullable: true, description: 'text anywhere in the title, case-insensitive (at most 100 characters)' }) text?: string;
  @Field({ nullable: true, description: '来源: where the matter came from (a letter\'s source, a hotline request\'s channel)' })
  source?: string;
  @Field({ nullable: true, description: '类别: the kind or category (an incident kind, a hotline category, a document kind …)' })
  kind?: string;
  @Field({ nullable: true, description: '挂牌督办 letters (true) or the others (false)' }) flagged?: boolean;
  @Field(() => PeriodFilter, {
    nullable: true,
    description: 'items whose period overlaps these dates: a leave, a duty period, a major matters year, an incident day',
  })
  period?: PeriodFilter;
}

