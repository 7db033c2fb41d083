import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each history row records the digest of the workflow as its transition left it, covered by the
 * row's hash, so the stored workflow can be checked against its history (src/engine/chain.ts).
 * Rows written before have none and keep their hashes: their chains still verify, and a
 * workflow's state is bound from its next transition on. Adding a column rewrites no row, so the
 * append-only trigger is not involved.
 */
export class AddTransitionSnapshotDigest1764460800003 implements MigrationInterface {
  name = 'AddTransitionSnapshotDigest1764460800003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_transition ADD COLUMN snapshot_digest text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_transition DROP COLUMN snapshot_digest`);
  }
}
