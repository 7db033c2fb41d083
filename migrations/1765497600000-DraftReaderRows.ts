import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The party rows' trigger function; `token` is what each party of workflow_parties is stored as. */
const syncFunction = (token: string) => `
  CREATE OR REPLACE FUNCTION workflow_reader_sync() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      DELETE FROM workflow_reader WHERE workflow_id = OLD.id;
    END IF;
    INSERT INTO workflow_reader (workflow_id, token, created_at, machine_id, status)
    SELECT NEW.id, ${token}, NEW.created_at, NEW.machine_id, NEW.status
    FROM workflow_parties(NEW.units, NEW.people, NEW.created_by) AS token;
    RETURN NULL;
  END $$`;

/** The update trigger, run only when one of `columns` changes (most transitions change none). */
const updateTrigger = (columns: string[]) => `
  CREATE TRIGGER workflow_reader_update AFTER UPDATE ON workflow
  FOR EACH ROW WHEN (${columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})
  EXECUTE FUNCTION workflow_reader_sync()`;

/** What the rows are made of before this migration (1764374400000). */
const PARTY_COLUMNS = ['units', 'people', 'created_by', 'status', 'machine_id', 'created_at'];

/**
 * A whole draft's party rows apart from everyone else's. A whole draft (a letter before it is
 * issued, or cancelled before it was) is seen by its draft readers only, yet its party rows
 * stood beside the others under `unit:<name>`: a department's list walked every whole draft that
 * named it, which it may not read, before it found a page it could (with 7,000 drafts naming one
 * unit the page took 45 ms instead of 6). Now those rows are `draft:unit:<name>` and
 * `draft:person:<id>`: the reader's own walks meet only what their parties make readable, the
 * office's unit filter walks the `draft:` rows of the unit beside the plain ones, and a reader who
 * does not see everything finds the whole drafts it may read by its own tokens through the GIN
 * index below (a handful: the ones it wrote or must decide). The rows move when a draft is
 * decided, in the transaction that decides it.
 */
export class DraftReaderRows1765497600000 implements MigrationInterface {
  name = 'DraftReaderRows1765497600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(syncFunction(`CASE WHEN NEW.draft_whole THEN 'draft:' || token ELSE token END`));
    await q.query(`DROP TRIGGER workflow_reader_update ON workflow`);
    await q.query(updateTrigger([...PARTY_COLUMNS, 'draft_whole']));
    await q.query(`
      UPDATE workflow_reader r SET token = 'draft:' || r.token
      FROM workflow w WHERE w.id = r.workflow_id AND w.draft_whole`);
    await q.query(`CREATE INDEX workflow_draft_readers_idx ON workflow USING gin (draft_readers) WHERE draft_whole`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_draft_readers_idx`);
    await q.query(`UPDATE workflow_reader SET token = substr(token, 7) WHERE token LIKE 'draft:%'`);
    await q.query(`DROP TRIGGER workflow_reader_update ON workflow`);
    await q.query(updateTrigger(PARTY_COLUMNS));
    await q.query(syncFunction('token'));
  }
}
