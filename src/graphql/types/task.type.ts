import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Delegation, Workflow } from './workflow.type';

@ObjectType({ description: 'A workflow that needs the caller: they must act, or it was escalated to them.' })
export class Task {
  @Field(() => Workflow) workflow: Workflow;
  @Field({ description: 'the caller (their unit, person or role) must act in the current state' }) mustAct: boolean;
  @Field({ description: 'a passed deadline was escalated to the caller' }) escalated: boolean;
  @Field(() => Delegation, { nullable: true, description: '委派: the current step is delegated (to the caller, or by their side)' })
  delegation: unknown;
  @Field({ description: 'the step was delegated to the caller: they act for the delegator' }) delegatedToYou: boolean;
}

@ObjectType()
export class LevelCounts {
  @Field(() => Int) total: number;
  @Field(() => Int, { description: '蓝' }) blue: number;
  @Field(() => Int, { description: '黄' }) yellow: number;
  @Field(() => Int, { description: '红' }) red: number;
}

@ObjectType()
export class UnitLevelCounts extends LevelCounts {
  @Field({ description: 'the lead (responsible) unit' }) unit: string;
}

@ObjectType()
export class MachineLevelCounts extends LevelCounts {
  @Field() machineId: string;
}

@ObjectType({ description: '蓝黄红: open items per alert level now, per lead unit and per machine.' })
export class AlertSummary extends LevelCounts {
  @Field(() => [UnitLevelCounts]) byUnit: UnitLevelCounts[];
  @Field(() => [MachineLevelCounts]) byMachine: MachineLevelCounts[];
}

@InputType()
export class AlertSummaryFilter {
  @Field({ nullable: true }) machineId?: string;
  @Field({ nullable: true, description: 'lead unit' }) unit?: string;
}
