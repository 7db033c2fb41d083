import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable timers for deadlines, written in the same statement as the transition that schedules
 * them; who must act on a workflow and to whom it was escalated, for task lists.
 */
export class CreateTimersAndTasks1764201600000 implements MigrationInterface {
  name = 'CreateTimersAndTasks1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_timer (
        id          bigserial PRIMARY KEY,
        workflow_id uuid NOT NULL REFERENCES workflow (id),
        kind        text NOT NULL,
        action      text NOT NULL CHECK (action IN ('WARN', 'DUE')),
        due_at      timestamptz NOT NULL,
        created_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX workflow_timer_due_idx ON workflow_timer (due_at, id)`);
    await q.query(`CREATE INDEX workflow_timer_workflow_idx ON workflow_timer (workflow_id)`);
    // parties as tokens: unit:<code>, person:<id>, role:<ROLE>
    await q.query(`ALTER TABLE workflow ADD COLUMN awaiting text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE workflow ADD COLUMN escalations jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE workflow ADD COLUMN escalated_to text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX workflow_awaiting_idx ON workflow USING gin (awaiting) WHERE status = 'ACTIVE'`);
    await q.query(`CREATE INDEX workflow_escalated_idx ON workflow USING gin (escalated_to) WHERE status = 'ACTIVE'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_escalated_idx`);
    await q.query(`DROP INDEX workflow_awaiting_idx`);
    await q.query(`ALTER TABLE workflow DROP COLUMN escalated_to, DROP COLUMN escalations, DROP COLUMN awaiting`);
    await q.query(`DROP TABLE workflow_timer`);
  }
}
