import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed authentications per client address, counted once for every node (src/auth/rate-limit.ts).
 * UNLOGGED: the counters are worth a window of a minute; after a crash PostgreSQL empties the
 * table, which forgives the addresses counted so far, and nothing durable is lost. Not written to
 * the WAL, so a flood of bad tokens costs the standby nothing either.
 */
export class SharedAuthFailures1765238400000 implements MigrationInterface {
  name = 'SharedAuthFailures1765238400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE auth_failure (
        address      text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        failures     integer NOT NULL
      )`);
    await q.query(`CREATE INDEX auth_failure_window ON auth_failure (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth_failure`);
  }
}
