import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'Replace a unit and/or a person wherever the workflow names them.' })
export class AdminReassignInput {
  @Field({ nullable: true }) fromUnit?: string;
  @Field({ nullable: true }) toUnit?: string;
  @Field({ nullable: true, description: 'person id' }) fromPerson?: string;
  @Field({ nullable: true, description: 'person id' }) toPerson?: string;
  @Field({ nullable: true, description: 'display name of toPerson, written beside the id' }) toPersonName?: string;
}

@InputType()
export class StateMappingInput {
  @Field({ description: 'state in the old version' }) from: string;
  @Field({ description: 'state in the new version' }) to: string;
}

@InputType()
export class AdminMigrateInput {
  @Field() machineId: string;
  @Field(() => Int) fromVersion: number;
  @Field(() => Int) toVersion: number;
  @Field(() => [StateMappingInput], { description: 'every state the selected instances are in must be mapped' })
  stateMapping: StateMappingInput[];
  @Field(() => [ID], { nullable: true, description: 'only these instances (default: every ACTIVE one on fromVersion)' })
  workflowIds?: string[];
  @Field({ defaultValue: false, description: 'check and report, write nothing' }) dryRun: boolean;
  @Field({ nullable: true, description: 'recorded in each history row' }) reason?: string;
}
