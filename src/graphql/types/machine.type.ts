import { GraphQLJSON } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { RoleEnum } from './enums';

@ObjectType({ description: 'A state of a machine.' })
export class MachineState {
  @Field({ description: 'dotted path, as in Workflow.state' }) id: string;
  @Field({ description: 'Chinese label' }) label: string;
  @Field({ nullable: true }) description?: string;
  @Field() final: boolean;
  @Field({ description: '委派: whoever this state awaits may hand its step to a colleague of the same unit (delegateStep)' })
  delegable: boolean;
}

@ObjectType({ description: 'Who may send an event: any of the roles, and the relation when named.' })
export class AllowRule {
  @Field(() => [RoleEnum]) roles: RoleEnum[];
  @Field({ nullable: true, description: 'e.g. leadUnit: the workflow\'s lead unit' }) relation?: string;
  @Field({ nullable: true, description: 'Chinese label of the relation' }) relationLabel?: string;
}

@ObjectType({ description: 'An event a machine accepts somewhere in its life.' })
export class MachineEvent {
  @Field() type: string;
  @Field({ description: 'Chinese label' }) label: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => [AllowRule]) allow: AllowRule[];
  @Field(() => [String], { description: 'states in which the event is handled' }) from: string[];
  @Field(() => GraphQLJSON, { description: 'JSON Schema of the payload' }) payloadSchema: unknown;
}

@ObjectType({ description: 'A workflow definition: a state machine with labels, permissions and payloads.' })
export class Machine {
  @Field() id: string;
  @Field(() => Int) version: number;
  @Field({ description: 'Chinese title' }) title: string;
  @Field() description: string;
  @Field() initialState: string;
  @Field(() => [MachineState]) states: MachineState[];
  @Field(() => [MachineEvent]) events: MachineEvent[];
  @Field(() => [AllowRule], { description: 'who may start one' }) startAllow: AllowRule[];
  @Field(() => GraphQLJSON, { description: 'JSON Schema of the start input' }) inputSchema: unknown;
}
