import { Ctx, Query, Resolver } from 'type-graphql';
import { requireActor, type GraphQLContext } from '../context';
import { Me } from '../types/me.type';

@Resolver(() => Me)
export class MeResolver {
  @Query(() => Me, { description: 'The caller, from the bearer token.' })
  me(@Ctx() ctx: GraphQLContext): Me {
    return requireActor(ctx) as Me;
  }
}
