import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class BrokenLink {
  @Field(() => Int) seq: number;
  @Field({ description: 'the hash the row should have, from its content and predecessor' }) expected: string;
  @Field({ nullable: true }) found?: string;
}

@ObjectType({ description: 'The result of recomputing a workflow history hash chain.' })
export class HistoryCheck {
  @Field() ok: boolean;
  @Field(() => Int, { description: 'rows verified before the first broken link (all, when ok)' }) checked: number;
  @Field(() => BrokenLink, { nullable: true }) firstBroken?: BrokenLink;
}
