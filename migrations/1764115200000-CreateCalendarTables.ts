import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrator-maintained part of the working-day calendar. chinese-days ships the PRC
 * statutory calendar only for the years it knew when released; the State Council publishes the
 * next year's holidays each autumn, so an office loads them here without a release.
 *
 * calendar_day: a date whose working/off status overrides chinese-days and the weekday rule.
 * calendar_year: a year an administrator declared complete, so deadlines in it stop being
 * provisional. Both tables are small (tens of rows a year) and read whole at start.
 */
export class CreateCalendarTables1764115200000 implements MigrationInterface {
  name = 'CreateCalendarTables1764115200000';

  async up(q: QueryRunner): Promise<void> {
    // created_by / created_at: who last set the day and when (an upsert restates the day)
    await q.query(`
      CREATE TABLE calendar_day (
        date       date PRIMARY KEY,
        working    boolean NOT NULL,
        name       text,
        note       text,
        created_by jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE calendar_year (
        year      integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        loaded_by jsonb NOT NULL,
        loaded_at timestamptz NOT NULL,
        note      text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_year`);
    await q.query(`DROP TABLE calendar_day`);
  }
}
