import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActorRef } from './workflow.type';

export enum CalendarSourceEnum {
  STATUTORY = 'STATUTORY',
  OVERRIDE = 'OVERRIDE',
  WEEKDAY_RULE = 'WEEKDAY_RULE',
}
registerEnumType(CalendarSourceEnum, {
  name: 'CalendarSource',
  description: 'Where the calendar\'s answer comes from.',
  valuesConfig: {
    STATUTORY: { description: '法定节假日及调休（chinese-days）' },
    OVERRIDE: { description: '管理员维护' },
    WEEKDAY_RULE: { description: '周一至周五工作、周末休息' },
  },
});

@ObjectType({ description: 'One date of the working-day calendar (Asia/Shanghai).' })
export class CalendarDay {
  @Field({ description: 'YYYY-MM-DD' }) date: string;
  @Field({ description: '工作日' }) working: boolean;
  @Field(() => String, { nullable: true, description: 'e.g. 国庆节, 国庆节调休补班' }) name: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => CalendarSourceEnum) source: CalendarSourceEnum;
  @Field({ description: 'the year is not known: Monday–Friday is a guess until its calendar is loaded' })
  provisional: boolean;
  @Field(() => ActorRef, { nullable: true, description: 'who last set an OVERRIDE day' }) createdBy: ActorRef | null;
  @Field(() => Date, { nullable: true }) createdAt: Date | null;
}

@ObjectType({ description: 'A year of the calendar: known years give final deadlines, others provisional ones.' })
export class CalendarYear {
  @Field(() => Int) year: number;
  @Field({ description: 'chinese-days knows it or an administrator marked it loaded' }) known: boolean;
  @Field(() => CalendarSourceEnum, { nullable: true, description: 'STATUTORY or OVERRIDE; null when not known' })
  source: CalendarSourceEnum | null;
  @Field(() => Int, { description: 'days of the year set by administrators' }) overrideDays: number;
  @Field(() => ActorRef, { nullable: true }) loadedBy: ActorRef | null;
  @Field(() => Date, { nullable: true }) loadedAt: Date | null;
  @Field(() => String, { nullable: true }) note: string | null;
}

@ObjectType({ description: 'A date some working days away.' })
export class WorkingDayResult {
  @Field({ description: 'YYYY-MM-DD' }) date: string;
  @Field({ description: 'some day on the way lies in a year the calendar does not know' }) provisional: boolean;
}
