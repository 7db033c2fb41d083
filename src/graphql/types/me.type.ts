import { Field, ID, ObjectType } from 'type-graphql';
import { RoleEnum } from './enums';

@ObjectType({ description: 'The caller, as the token says.' })
export class Me {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => [RoleEnum]) roles: RoleEnum[];
  @Field() unit: string;
}
