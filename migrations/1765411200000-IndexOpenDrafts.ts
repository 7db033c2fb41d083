import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open whole drafts by who may read them. `alertSummary` counts the open items that are
 * confidential or whole drafts directly, under the visibility rule (they are not in
 * workflow_alert_count); with many drafts open (every letter being written is one), walking all
 * of them to find the few the reader drafts with grew with the drafts. A whole draft is visible
 * only to its draft readers, so the statement now finds them through this index by the reader's
 * own parties, and the open confidential ones through the second index, which holds no drafts.
 */
export class IndexOpenDrafts1765411200000 implements MigrationInterface {
  name = 'IndexOpenDrafts1765411200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX workflow_open_draft_readers_idx ON workflow USING gin (draft_readers) WHERE status = 'ACTIVE' AND draft_whole`);
    await q.query(`CREATE INDEX workflow_open_confidential_idx ON workflow (machine_id) WHERE status = 'ACTIVE' AND confidential AND NOT draft_whole`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_open_confidential_idx`);
    await q.query(`DROP INDEX workflow_open_draft_readers_idx`);
  }
}
