import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { requireActor, type GraphQLContext } from '../context';
import { UnitStatistics } from '../types/admin.type';

/** 通报 statistics per lead unit: ADMIN and OFFICE. Dates are YYYY-MM-DD, Asia/Shanghai, both included. */
@Resolver()
export class StatisticsResolver {
  @Query(() => [UnitStatistics], { description: 'ADMIN or OFFICE: per lead unit, items started from `from` to `to` (YYYY-MM-DD, both included).' })
  unitStatistics(
    @Arg('from') from: string,
    @Arg('to') to: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('machineId', () => String, { nullable: true }) machineId?: string | null,
  ) {
    return ctx.services.admin.statistics(requireActor(ctx), { from, to, machineId });
  }

  @Query(() => String, { description: 'ADMIN or OFFICE: unitStatistics as CSV (UTF-8 with BOM, for Excel).' })
  unitStatisticsCsv(
    @Arg('from') from: string,
    @Arg('to') to: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('machineId', () => String, { nullable: true }) machineId?: string | null,
  ) {
    return ctx.services.admin.statisticsCsv(requireActor(ctx), { from, to, machineId });
  }
}
