import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireActor, type GraphQLContext } from '../context';
import { SetCalendarDaysInput } from '../types/calendar.input';
import { CalendarDay, CalendarYear, WorkingDayResult } from '../types/calendar.type';

/** The working-day calendar: everyone signed in reads it; ADMIN and OFFICE maintain it. */
@Resolver()
export class CalendarResolver {
  @Query(() => [CalendarDay], { description: 'Every date from `from` to `to` (YYYY-MM-DD, both included, at most 400).' })
  calendarDays(@Arg('from') from: string, @Arg('to') to: string, @Ctx() ctx: GraphQLContext) {
    requireActor(ctx);
    return ctx.services.calendar.days(from, to);
  }

  @Query(() => [CalendarYear], { description: 'Known years, and years with administrator days not yet marked loaded.' })
  calendarYears(@Ctx() ctx: GraphQLContext) {
    requireActor(ctx);
    return ctx.services.calendar.years();
  }

  @Query(() => Date, {
    description: "The server's clock now: the one deadlines and alert levels are counted by. A client shows time left from it, not from its own clock.",
  })
  serverTime(@Ctx() ctx: GraphQLContext): Date {
    requireActor(ctx);
    return ctx.services.engine.now();
  }

  @Query(() => Boolean, { description: '工作日? (see calendarDays for the source and whether it is provisional)' })
  isWorkingDay(@Arg('date') date: string, @Ctx() ctx: GraphQLContext): boolean {
    requireActor(ctx);
    return ctx.services.calendar.isWorkingDay(date);
  }

  @Query(() => WorkingDayResult, { description: 'The `days`-th working day after `date` (before it when negative; -366 to 366).' })
  addWorkingDays(@Arg('date') date: string, @Arg('days', () => Int) days: number, @Ctx() ctx: GraphQLContext) {
    requireActor(ctx);
    return ctx.services.calendar.addWorkingDays(date, days);
  }

  @Mutation(() => [CalendarDay], { description: 'ADMIN or OFFICE: upsert days (e.g. a State Council notice), optionally marking the year loaded.' })
  setCalendarDays(@Arg('input') input: SetCalendarDaysInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.calendar.setDays(requireActor(ctx), input.days, input.markYearLoaded ?? null);
  }

  @Mutation(() => Boolean, { description: 'ADMIN or OFFICE: remove an administrator day; false when there was none.' })
  removeCalendarDay(@Arg('date') date: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.calendar.removeDay(requireActor(ctx), date);
  }

  @Mutation(() => CalendarYear, {
    description: 'ADMIN or OFFICE: mark a year loaded (complete) or not. A year chinese-days does not know needs its days first.',
  })
  setCalendarYearLoaded(
    @Arg('year', () => Int) year: number,
    @Arg('loaded') loaded: boolean,
    @Ctx() ctx: GraphQLContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ) {
    return ctx.services.calendar.setYearLoaded(requireActor(ctx), year, loaded, note ?? null);
  }
}
