import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each outbox row keeps the W3C `traceparent` of the request that made its transition (NULL when
 * tracing is off), so the webhook deliveries of that transition, made later and on any node,
 * join the same trace and pass it on to the receiver.
 */
export class OutboxTraceparent1764979200000 implements MigrationInterface {
  name = 'OutboxTraceparent1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN traceparent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN traceparent`);
  }
}
