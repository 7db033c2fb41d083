import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What awaits whom, one row per open workflow and party token it awaits or was escalated to
 * (`awaiting` ∪ `escalated_to`), in deadline order: `myTasks` walks the reader's own tokens from
 * the nearest deadline and stops after a page, instead of collecting every open item that names
 * the reader and sorting them (a leader named on every item has as many tasks as there are open
 * items). Only ACTIVE workflows have rows. Kept by triggers in the transaction that writes the
 * workflow, as workflow_reader is.
 */
/** Fills workflow_task from the table (empty before); a bulk load that bypassed the trigger runs it too. */
export const FILL_TASKS = `
  INSERT INTO workflow_task (workflow_id, token, deadline, created_at)
  SELECT DISTINCT w.id, token, w.deadline, w.created_at
  FROM workflow w CROSS JOIN LATERAL unnest(w.awaiting || w.escalated_to) AS token
  WHERE w.status = 'ACTIVE'`;

export class CreateWorkflowTasks1765324800001 implements MigrationInterface {
  name = 'CreateWorkflowTasks1765324800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_task (
        workflow_id uuid NOT NULL REFERENCES workflow (id),
        token       text NOT NULL,
        deadline    timestamptz,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (workflow_id, token)
      )`);
    // the order of myTasks: nearest deadline first (none last), then oldest
    await q.query(`CREATE INDEX workflow_task_due_idx ON workflow_task (token, deadline ASC NULLS LAST, created_at, workflow_id)`);
    await q.query(`
      CREATE FUNCTION workflow_task_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM workflow_task WHERE workflow_id = OLD.id;
        END IF;
        IF NEW.status = 'ACTIVE' THEN
          INSERT INTO workflow_task (workflow_id, token, deadline, created_at)
          SELECT DISTINCT NEW.id, token, NEW.deadline, NEW.created_at
          FROM unnest(NEW.awaiting || NEW.escalated_to) AS token;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER workflow_task_insert AFTER INSERT ON workflow
      FOR EACH ROW EXECUTE FUNCTION workflow_task_sync()`);
    await q.query(`
      CREATE TRIGGER workflow_task_update AFTER UPDATE ON workflow
      FOR EACH ROW WHEN (
        OLD.status IS DISTINCT FROM NEW.status OR OLD.awaiting IS DISTINCT FROM NEW.awaiting
        OR OLD.escalated_to IS DISTINCT FROM NEW.escalated_to OR OLD.deadline IS DISTINCT FROM NEW.deadline
        OR OLD.created_at IS DISTINCT FROM NEW.created_at
      ) EXECUTE FUNCTION workflow_task_sync()`);
    await q.query(FILL_TASKS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER workflow_task_update ON workflow`);
    await q.query(`DROP TRIGGER workflow_task_insert ON workflow`);
    await q.query(`DROP FUNCTION workflow_task_sync()`);
    await q.query(`DROP TABLE workflow_task`);
  }
}
