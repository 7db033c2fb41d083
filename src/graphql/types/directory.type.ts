import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../directory/directory.schemas';
import { Node } from './node.type';
import { PageInfo } from './workflow.type';

export enum UnitKindEnum {
  OFFICE = 'OFFICE',
  LEADERSHIP = 'LEADERSHIP',
  DEPARTMENT = 'DEPARTMENT',
  TOWN = 'TOWN',
  ZONE = 'ZONE',
}
for (const kind of UNIT_KINDS) if (!(kind in UnitKindEnum)) throw new Error(`unit kind ${kind} missing from UnitKindEnum`);
registerEnumType(UnitKindEnum, {
  name: 'UnitKind',
  description: '单位类别',
  valuesConfig: Object.fromEntries(UNIT_KINDS.map((k) => [k, { description: UNIT_KIND_LABELS[k] }])),
});

export enum MembershipEnum {
  GOVERNMENT = 'GOVERNMENT',
  LEADERSHIP = 'LEADERSHIP',
}
registerEnumType(MembershipEnum, {
  name: 'Membership',
  valuesConfig: { GOVERNMENT: { description: '市政府组成人员（请销假）' }, LEADERSHIP: { description: '班子成员（重大事项、常态化工作）' } },
});

export enum DirectoryFileFormatEnum {
  JSON = 'JSON',
  CSV = 'CSV',
}
registerEnumType(DirectoryFileFormatEnum, { name: 'DirectoryFileFormat' });

@ObjectType({ description: 'A name a unit had, from an instant on (更名 keeps the old ones).' })
export class UnitName {
  @Field() name: string;
  @Field() validFrom: Date;
}

@ObjectType({ description: '单位: a unit of the organisation. Its code is what tokens carry in `unit`.', implements: Node })
export class DirectoryUnit extends Node {
  @Field(() => ID, { description: 'what tokens, filters and inputs name it by' }) code: string;
  @Field({ description: 'the name it has now' }) name: string;
  @Field(() => UnitKindEnum) kind: UnitKindEnum;
  @Field({ description: 'false once dissolved or merged (撤并): old items keep it, new items may not name it' })
  active: boolean;
  @Field(() => Date, { nullable: true }) dissolvedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'the unit it was merged into' }) mergedInto: string | null;
}

@ObjectType({ description: '人员: a person; `id` is the token `sub`.' })
export class DirectoryPerson {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'unit code' }) unit: string;
  @Field() position: string;
  @Field({ description: '市政府组成人员' }) governmentMember: boolean;
  @Field({ description: '班子成员' }) leadershipMember: boolean;
  @Field() active: boolean;
}

@ObjectType({ description: '分管: a leader in charge of a unit, from `validFrom` until `validTo` (null: in force).' })
export class Responsibility {
  @Field() unit: string;
  @Field() leaderId: string;
  @Field() validFrom: Date;
  @Field(() => Date, { nullable: true }) validTo: Date | null;
}

@ObjectType({ description: 'A unit an item involves, with the name it had when the item started.' })
export class InvolvedUnit {
  @Field() code: string;
  @Field(() => String, { nullable: true, description: 'its name when the item started; null when the directory does not know it' })
  name: string | null;
}

@ObjectType({ description: 'A unit and its place in the list.' })
export class DirectoryUnitEdge {
  @Field({ description: 'pass it as `after` to get the units after this one' }) cursor: string;
  @Field(() => DirectoryUnit) node: DirectoryUnit;
}

@ObjectType({ description: 'A page of units by code (Relay connection, keyset cursors).' })
export class DirectoryUnitPage {
  @Field(() => [DirectoryUnitEdge], { description: 'the units of this page with their cursors' }) edges: DirectoryUnitEdge[];
  @Field(() => [DirectoryUnit], { description: 'the same units without cursors' }) nodes: DirectoryUnit[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType({ description: 'A person and their place in the list.' })
export class DirectoryPersonEdge {
  @Field({ description: 'pass it as `after` to get the people after this one' }) cursor: string;
  @Field(() => DirectoryPerson) node: DirectoryPerson;
}

@ObjectType({ description: 'A page of people by id (Relay connection, keyset cursors).' })
export class DirectoryPersonPage {
  @Field(() => [DirectoryPersonEdge], { description: 'the people of this page with their cursors' }) edges: DirectoryPersonEdge[];
  @Field(() => [DirectoryPerson], { description: 'the same people without cursors' }) nodes: DirectoryPerson[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType({ description: 'A change to the directory and who made it.' })
export class DirectoryChange {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field() actorId: string;
  @Field() actorName: string;
  @Field({ description: 'SAVE_UNIT, DISSOLVE_UNIT, SAVE_PERSON, REMOVE_PERSON, CHANGE_DIVISION_OF_WORK, LOAD' }) action: string;
  @Field(() => GraphQLJSON) detail: unknown;
}

@ObjectType({ description: 'A change and its place in the list.' })
export class DirectoryChangeEdge {
  @Field({ description: 'pass it as `after` to get the changes before this one' }) cursor: string;
  @Field(() => DirectoryChange) node: DirectoryChange;
}

@ObjectType({ description: 'A page of directory changes, latest first (Relay connection, keyset cursors).' })
export class DirectoryChangePage {
  @Field(() => [DirectoryChangeEdge], { description: 'the changes of this page with their cursors' }) edges: DirectoryChangeEdge[];
  @Field(() => [DirectoryChange], { description: 'the same changes without cursors' }) nodes: DirectoryChange[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType({ description: 'What one loadDirectory call wrote.' })
export class DirectoryLoadResult {
  @Field(() => Int) units: number;
  @Field(() => Int) people: number;
  @Field(() => Int, { description: 'leaders whose 分管 units the file set' }) assignments: number;
}

@InputType()
export class UnitInput {
  @Field() code: string;
  @Field() name: string;
  @Field(() => UnitKindEnum) kind: UnitKindEnum;
}

@InputType()
export class PersonInput {
  @Field() id: string;
  @Field() name: string;
  @Field() unit: string;
  @Field({ nullable: true }) position?: string;
  @Field({ nullable: true, description: '市政府组成人员' }) governmentMember?: boolean;
  @Field({ nullable: true, description: '班子成员' }) leadershipMember?: boolean;
}

@InputType({ description: 'One leader and the units in their charge.' })
export class AssignmentInput {
  @Field() leaderId: string;
  @Field(() => [String]) units: string[];
}
