import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { definitions, findDefinition } from '../../../machines';
import { describeMachine } from '../../engine/engine';
import { requireActor, type GraphQLContext } from '../context';
import { Machine } from '../types/machine.type';

@Resolver(() => Machine)
export class MachineResolver {
  @Query(() => [Machine], { description: 'Every workflow definition (newest versions).' })
  machines(@Ctx() ctx: GraphQLContext): Machine[] {
    requireActor(ctx);
    return definitions.map(describeMachine) as Machine[];
  }

  @Query(() => Machine, { nullable: true })
  machine(@Arg('id') id: string, @Ctx() ctx: GraphQLContext): Machine | null {
    requireActor(ctx);
    const definition = findDefinition(id);
    return definition ? (describeMachine(definition) as Machine) : null;
  }
}
