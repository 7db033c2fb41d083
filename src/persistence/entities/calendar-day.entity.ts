import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A date whose status an administrator set (migrations/1764115200000); it wins over chinese-days. */
@Entity('calendar_day')
export class CalendarDayEntity {
  /** kept as the YYYY-MM-DD text: a JS Date would shift it by the server's time zone */
  @PrimaryColumn('date') date: string;
  @Column('boolean') working: boolean;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('jsonb', { name: 'created_by' }) createdBy: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
