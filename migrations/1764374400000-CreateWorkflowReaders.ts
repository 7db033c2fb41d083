import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who takes part in each workflow, one row per party, in list order: its units (`unit:<name>`),
 * the people it names and its creator (`person:<id>`), the same rule as src/engine/visibility.ts.
 * A department's list, or any list filtered by unit, walks its party's rows in
 * (created_at, id) order and stops after a page, instead of filtering the whole table for the
 * few rows that concern it (a unit sees about 1 workflow in 40). Kept by triggers in the
 * transaction that writes the workflow, so it can never disagree with it.
 */
export class CreateWorkflowReaders1764374400000 implements MigrationInterface {
  name = 'CreateWorkflowReaders1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_reader (
        workflow_id uuid NOT NULL REFERENCES workflow (id),
        token       text NOT NULL,
        created_at  timestamptz NOT NULL,
        machine_id  text NOT NULL,
        status      text NOT NULL,
        PRIMARY KEY (workflow_id, token)
      )`);
    await q.query(`CREATE INDEX workflow_reader_page_idx ON workflow_reader (token, created_at DESC, workflow_id DESC)`);
    // the parties as tokens, the rule of src/engine/visibility.ts: its units, the people it names, its creator
    await q.query(`
      CREATE FUNCTION workflow_parties(units text[], people text[], created_by jsonb) RETURNS SETOF text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT DISTINCT token FROM (
          SELECT 'unit:' || unit AS token FROM unnest(units) AS unit
          UNION ALL SELECT 'person:' || person FROM unnest(people) AS person
          UNION ALL SELECT 'person:' || (created_by->>'id')
        ) parties
        WHERE token IS NOT NULL
      $$`);
    await q.query(`
      CREATE FUNCTION workflow_reader_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM workflow_reader WHERE workflow_id = OLD.id;
        END IF;
        INSERT INTO workflow_reader (workflow_id, token, created_at, machine_id, status)
        SELECT NEW.id, token, NEW.created_at, NEW.machine_id, NEW.status
        FROM workflow_parties(NEW.units, NEW.people, NEW.created_by) AS token;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER workflow_reader_insert AFTER INSERT ON workflow
      FOR EACH ROW EXECUTE FUNCTION workflow_reader_sync()`);
    // most transitions change none of these: the condition spares them the trigger
    await q.query(`
      CREATE TRIGGER workflow_reader_update AFTER UPDATE ON workflow
      FOR EACH ROW WHEN (
        OLD.units IS DISTINCT FROM NEW.units OR OLD.people IS DISTINCT FROM NEW.people
        OR OLD.created_by IS DISTINCT FROM NEW.created_by OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.machine_id IS DISTINCT FROM NEW.machine_id OR OLD.created_at IS DISTINCT FROM NEW.created_at
      ) EXECUTE FUNCTION workflow_reader_sync()`);
    await q.query(`
      INSERT INTO workflow_reader (workflow_id, token, created_at, machine_id, status)
      SELECT w.id, token, w.created_at, w.machine_id, w.status
      FROM workflow w CROSS JOIN LATERAL workflow_parties(w.units, w.people, w.created_by) AS token`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER workflow_reader_update ON workflow`);
    await q.query(`DROP TRIGGER workflow_reader_insert ON workflow`);
    await q.query(`DROP FUNCTION workflow_reader_sync()`);
    await q.query(`DROP FUNCTION workflow_parties(text[], text[], jsonb)`);
    await q.query(`DROP TABLE workflow_reader`);
  }
}
