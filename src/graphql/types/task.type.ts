import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
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

@ObjectType({ description: 'One cell of the wall: open items of one lead unit and machine, per level, with the 挂牌 count.' })
export class AlertCell extends LevelCounts {
  @Field({ description: 'the lead (responsible) unit' }) unit: string;
  @Field() machineId: string;
  @Field(() => Int, { description: '挂牌督办 items among them' }) flagged: number;
}

@ObjectType({ description: 'A committed transition already counted that the stream has not numbered yet.' })
export class CountedTransition {
  @Field(() => ID) workflowId: string;
  @Field(() => Int) version: number;
}

@ObjectType({
  description:
    '蓝黄红: open items per alert level (as recorded by their last transition; the deadline timer records each change of colour), ' +
    'in all, per lead unit, per machine, and per cell of the wall.',
})
export class AlertSummary extends LevelCounts {
  @Field(() => [UnitLevelCounts]) byUnit: UnitLevelCounts[];
  @Field(() => [MachineLevelCounts]) byMachine: MachineLevelCounts[];
  @Field(() => [AlertCell], {
    description:
      'per lead unit × machine, what the transition stream carries (confidential items never leave by the stream, so they are not in the cells): ' +
      'load once, then follow `transitions(after: cursor)`, skipping the `counted` transitions, and move one item per message',
  })
  cells: AlertCell[];
  @Field({ description: 'the stream position these counts are as of' }) cursor: string;
  @Field(() => [CountedTransition], { description: 'transitions in these counts that come after `cursor` in the stream: skip them' })
  counted: CountedTransition[];
}

@InputType()
export class AlertSummaryFilter {
  @Field({ nullable: true }) machineId?: string;
  @Field({ nullable: true, description: 'lead unit' }) unit?: string;
}
