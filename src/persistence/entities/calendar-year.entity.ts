import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A year an administrator declared complete: its deadlines are no longer provisional. */
@Entity('calendar_year')
@Check('calendar_year_year_check', `year BETWEEN 2000 AND 2100`)
export class CalendarYearEntity {
  @PrimaryColumn('integer') year: number;
  @Column('jsonb', { name: 'loaded_by' }) loadedBy: Record<string, unknown>;
  @Column('timestamptz', { name: 'loaded_at' }) loadedAt: Date;
  @Column('text', { nullable: true }) note: string | null;
}
