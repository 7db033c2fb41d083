import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { definitions, findDefinition } from '../../../machines';
import { labelledTransitions } from '../../admin/machine-view';
import { describeMachine } from '../../engine/engine';
import { requireActor, type GraphQLContext } from '../context';
import { AdminTransition } from '../types/admin.type';
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

  @FieldResolver(() => [AdminTransition], {
    description: 'the transitions as data: source → target on an event, as the state diagram draws them',
  })
  transitions(@Root() machine: Machine): AdminTransition[] {
    const definition = findDefinition(machine.id, machine.version);
    return definition ? (labelledTransitions(definition) as AdminTransition[]) : [];
  }
}
