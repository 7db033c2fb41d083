import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a client keeping counts (the 挂图作战 wall) needs from each stream message to move one
 * item from its cell to its new one without asking again: the item's lead unit, 挂牌, status
 * and level after the transition, and the same before it, with its parties (and draft scope)
 * before and after it: who could see the item then. The stream shows a transition to whoever
 * may read the item now; these say whether that reader could see it before and after. Written with the outbox row by the statement that records the
 * transition, from the row it replaced (read in the same statement's snapshot; the version
 * check makes it the row replaced). Rows recorded earlier keep nulls.
 */
export class OutboxWallFields1765324800002 implements MigrationInterface {
  name = 'OutboxWallFields1765324800002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox
        ADD COLUMN status text,
        ADD COLUMN lead_unit text,
        ADD COLUMN flagged boolean,
        ADD COLUMN status_before text,
        ADD COLUMN alert_level_before text,
        ADD COLUMN lead_unit_before text,
        ADD COLUMN flagged_before boolean,
        ADD COLUMN draft_readers_before text[],
        ADD COLUMN draft_whole_before boolean,
        ADD COLUMN units_before text[],
        ADD COLUMN people_before text[],
        ADD COLUMN units_after text[],
        ADD COLUMN people_after text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox DROP COLUMN status, DROP COLUMN lead_unit, DROP COLUMN flagged, DROP COLUMN status_before,
        DROP COLUMN alert_level_before, DROP COLUMN lead_unit_before, DROP COLUMN flagged_before,
        DROP COLUMN draft_readers_before, DROP COLUMN draft_whole_before, DROP COLUMN units_before, DROP COLUMN people_before,
        DROP COLUMN units_after, DROP COLUMN people_after`);
  }
}
