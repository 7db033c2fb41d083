import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: 'A date an administrator sets: working or off, whatever chinese-days says.' })
export class CalendarDayInput {
  @Field({ description: 'YYYY-MM-DD' }) date: string;
  @Field({ description: 'true for 调休补班, false for a holiday' }) working: boolean;
  @Field(() => String, { nullable: true, description: 'e.g. 元旦, 春节, 调休补班' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. the notice: 国办发明电〔2026〕N号' }) note?: string | null;
}

@InputType()
export class SetCalendarDaysInput {
  @Field(() => [CalendarDayInput], { description: 'upserted by date; at most 400' }) days: CalendarDayInput[];
  @Field(() => Int, {
    nullable: true,
    description: 'also mark this year loaded (complete), in the same transaction: its deadlines stop being provisional',
  })
  markYearLoaded?: number | null;
}
