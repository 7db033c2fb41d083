import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ROLE_LABELS, type Role } from '../../../machines/definition';
import { requireActor, type GraphQLContext } from '../context';
import { Me } from '../types/me.type';

@Resolver(() => Me)
export class MeResolver {
  @Query(() => Me, { description: 'The caller, from the bearer token.' })
  me(@Ctx() ctx: GraphQLContext): Me {
    return requireActor(ctx) as Me;
  }

  @FieldResolver(() => [String], { description: 'the roles in Chinese (市长, 市政府办公室（督查室）…), in the order of `roles`' })
  roleLabels(@Root() me: Me): string[] {
    return me.roles.map((role) => ROLE_LABELS[role as Role] ?? role);
  }
}
