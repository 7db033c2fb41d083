import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { MachineEvent } from './machine.type';
import type { RepairWarningCode } from '../../engine/engine';
import { RepairWarningCodeEnum, RoleEnum } from './enums';
import { Workflow } from './workflow.type';

@ObjectType({ description: 'A figure a process declares for the statistics, with its label.' })
export class StatisticFigure {
  @Field({ description: 'the process that declares it' }) machineId: string;
  @Field() key: string;
  @Field() label: string;
  @Field(() => Float, { nullable: true }) value: number | null;
}

@ObjectType({ description: 'A state of one version of a machine, with the instances in it now.' })
export class AdminMachineState {
  @Field({ description: 'dotted path, as in Workflow.state' }) id: string;
  @Field({ description: 'Chinese label' }) label: string;
  @Field({ nullable: true }) description?: string;
  @Field() final: boolean;
  @Field(() => String, { nullable: true, description: 'DONE or CANCELLED for a final state' }) finalStatus: string | null;
  @Field({ description: 'the state declares deadlines (computed from each instance\'s context)' }) declaresDeadlines: boolean;
  @Field(() => [String], { description: 'deadline kinds the ACTIVE instances in this state carry' }) deadlineKindsSeen: string[];
  @Field(() => Int, { description: 'ACTIVE instances in this state on this version' }) activeInstances: number;
}

@ObjectType({ description: 'One transition of a machine: source → target on an event, under a guard.' })
export class AdminTransition {
  @Field() source: string;
  @Field() target: string;
  @Field(() => String, { nullable: true, description: 'null: taken automatically when its guard holds' }) event: string | null;
  @Field() eventLabel: string;
  @Field(() => String, { nullable: true, description: 'the guard\'s name' }) guard: string | null;
  @Field(() => [RoleEnum], { description: 'roles that may send the event (none: the system only)' }) roles: RoleEnum[];
  @Field(() => [String], { description: 'relations the roles need to the workflow' }) relations: string[];
}

@ObjectType({ description: 'One version of a machine, as administrators inspect it.' })
export class AdminMachine {
  @Field() id: string;
  @Field(() => Int) version: number;
  @Field() title: string;
  @Field({ description: 'the version new instances start on' }) newest: boolean;
  @Field() initialState: string;
  @Field(() => Int, { description: 'ACTIVE instances on this version' }) activeInstances: number;
  @Field(() => [AdminMachineState]) states: AdminMachineState[];
  @Field(() => [MachineEvent]) events: MachineEvent[];
  @Field(() => [AdminTransition]) transitions: AdminTransition[];
  @Field({ description: 'Mermaid stateDiagram-v2' }) mermaid: string;
}

@ObjectType({ description: 'An event a move bypassed; without a type, a step the machine would have taken by itself.' })
export class BypassedStep {
  @Field(() => String, { nullable: true }) type: string | null;
  @Field(() => String, { nullable: true, description: 'Chinese label of the event' }) label: string | null;
}

@ObjectType({ description: 'A deadline already due when the repair was made.' })
export class PastDeadline {
  @Field() kind: string;
  @Field({ description: 'Chinese label' }) label: string;
  @Field() due: Date;
}

@ObjectType({ description: 'What a repair skipped or could not guarantee: a code and its particulars, for a client to word; the message in English.' })
export class RepairWarning {
  @Field(() => RepairWarningCodeEnum) code: RepairWarningCode;
  @Field({ description: 'in English, as the history row records it' }) message: string;
  @Field(() => String, { nullable: true, description: 'REOPENED: the status the workflow had' }) status?: string;
  @Field(() => String, { nullable: true, description: 'the state moved from' }) from?: string;
  @Field(() => String, { nullable: true, description: 'the state moved to' }) to?: string;
  @Field(() => [BypassedStep], { nullable: true, description: 'BYPASSED: the events skipped, in order' }) bypassed?: BypassedStep[];
  @Field(() => PastDeadline, { nullable: true, description: 'DEADLINE_PAST: the deadline' }) deadline?: PastDeadline;
  @Field(() => String, { nullable: true, description: 'DUPLICATE_PARTY: the context path that now lists a unit or person twice' })
  path?: string;
}

@ObjectType({ description: 'The workflow after an administrator\'s repair, and what the repair skipped.' })
export class AdminRepairResult {
  @Field(() => Workflow) workflow: Workflow;
  @Field(() => [String], { description: 'the messages of warningDetails, in English' }) warnings: string[];
  @Field(() => [RepairWarning], { description: 'what the repair skipped, each with a code to word it by' }) warningDetails: RepairWarning[];
}

@ObjectType({ description: 'One instance of a migration.' })
export class MigrationResult {
  @Field(() => ID) workflowId: string;
  @Field() fromState: string;
  @Field(() => String, { nullable: true }) toState: string | null;
  @Field() ok: boolean;
  @Field(() => String, { nullable: true, description: 'error code when not ok' }) code: string | null;
  @Field(() => String, { nullable: true }) error: string | null;
}

@ObjectType({ description: 'What a migration did (or, as a dry run, would do), per instance.' })
export class MigrationReport {
  @Field() machineId: string;
  @Field(() => Int) fromVersion: number;
  @Field(() => Int) toVersion: number;
  @Field() dryRun: boolean;
  @Field(() => Int) migrated: number;
  @Field(() => Int) failed: number;
  @Field(() => [MigrationResult]) results: MigrationResult[];
}

@ObjectType({ description: 'A deadline an administrator moved, in force while the state and the machine\'s own due time stay.' })
export class DeadlineOverride {
  @Field() state: string;
  @Field() kind: string;
  @Field() due: Date;
  @Field() warnAt: Date;
  @Field({ description: 'the due time the machine computed' }) machineDue: Date;
  @Field() reason: string;
  @Field({ description: 'the administrator\'s id' }) by: string;
  @Field() at: Date;
}

@ObjectType({ description: '通报: one lead unit\'s items started in the period.' })
export class UnitStatistics {
  @Field({ description: 'lead unit (承办单位)' }) unit: string;
  @Field(() => Int, { description: 'items started in the period that the caller may read' }) received: number;
  @Field(() => Int, { description: 'answered (a letter\'s feedback; see docs/operations.md)' }) answered: number;
  @Field(() => Int, { description: 'answered no later than the due time the answer is measured against' }) answeredOnTime: number;
  @Field(() => Int, { description: 'answered after that due time, or open, unanswered and past it now' }) late: number;
  @Field(() => Int, { description: 'open with their nearest deadline past now' }) overdueNow: number;
  @Field(() => Float, { nullable: true, description: 'mean days from issue to feedback, 1 decimal' }) avgDaysToFeedback: number | null;
  @Field(() => Float, { nullable: true, description: '文件会签: mean hours from sending to countersigned, 1 decimal' })
  countersignAvgHours: number | null;
  @Field(() => [StatisticFigure], {
    description: "each process's own figures (its definition's statistics), summed over the unit's items, e.g. the hotline's 已回访, 满意, 不满意重办次数",
  })
  figures: StatisticFigure[];
  @Field(() => [StatisticFigure], { description: 'ratios of those sums, e.g. the hotline\'s 满意率 (0 to 1, 4 decimals; null when nothing to divide by)' })
  rates: StatisticFigure[];
}
