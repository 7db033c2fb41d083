import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wall's counts (蓝黄红 per lead unit × machine, with 挂牌) kept by the transaction that
 * changes them, so `alertSummary` reads a few hundred counter rows instead of every open item.
 *
 * `workflow_alert_count` counts the ACTIVE workflows that every reader who sees everything may
 * see: neither confidential (涉密) nor wholly undecided (a draft letter). The others are few and
 * depend on who reads; `alertSummary` counts them directly, through `workflow_open_unplain_idx`.
 * The level counted is the one recorded at the workflow's last transition: a colour change is a
 * transition of the deadline timer, so the counts move in the same transaction as the history
 * row and the stream message that announce it.
 *
 * Concurrency: a start or a colour change adds to one counter row, held until commit. One row
 * per (lead unit, machine, level, 挂牌) would let every start of the same kind of item wait for
 * the previous one's commit, so each key is split into 8 shards by the workflow's id, summed on
 * read: concurrent writers of the same key meet only when their ids fall in the same shard, and
 * one workflow always lands in the same shard (its own counts never go below zero). Rows are
 * changed in key order, so two transactions never hold them crosswise (no deadlock). Events that
 * change none of the counted columns (most of them: 催办, progress reports) skip the trigger.
 */
/** Fills workflow_alert_count from the table (empty before); a bulk load that bypassed the trigger runs it too. */
export const FILL_ALERT_COUNTS = `
  INSERT INTO workflow_alert_count (lead_unit, machine_id, alert_level, flagged, shard, n)
  SELECT coalesce(units[1], ''), machine_id, alert_level, coalesce(facets->>'flagged' = 'true', false),
    (hashtext(id::text) & 7)::smallint, count(*)
  FROM workflow WHERE status = 'ACTIVE' AND NOT confidential AND NOT draft_whole
  GROUP BY 1, 2, 3, 4, 5`;

export class CountOpenItems1765324800000 implements MigrationInterface {
  name = 'CountOpenItems1765324800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_alert_count (
        lead_unit   text NOT NULL,
        machine_id  text NOT NULL,
        alert_level text NOT NULL,
        flagged     boolean NOT NULL,
        shard       smallint NOT NULL,
        n           bigint NOT NULL,
        PRIMARY KEY (lead_unit, machine_id, alert_level, flagged, shard)
      )`);
    // a reader who does not see everything: its own open items, from its parties' rows
    await q.query(`CREATE INDEX workflow_reader_open_idx ON workflow_reader (token, workflow_id) WHERE status = 'ACTIVE'`);
    // the open items that are not counted above: read directly, and only these
    await q.query(`CREATE INDEX workflow_open_unplain_idx ON workflow (machine_id) WHERE status = 'ACTIVE' AND (confidential OR draft_whole)`);
    await q.query(`
      CREATE FUNCTION workflow_alert_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO workflow_alert_count AS c (lead_unit, machine_id, alert_level, flagged, shard, n)
        SELECT lead_unit, machine_id, alert_level, flagged, shard, sum(d) FROM (
          SELECT coalesce(OLD.units[1], '') AS lead_unit, OLD.machine_id AS machine_id, OLD.alert_level AS alert_level,
            coalesce(OLD.facets->>'flagged' = 'true', false) AS flagged, (hashtext(OLD.id::text) & 7)::smallint AS shard, -1 AS d
          WHERE TG_OP <> 'INSERT' AND OLD.status = 'ACTIVE' AND NOT OLD.confidential AND NOT OLD.draft_whole
          UNION ALL
          SELECT coalesce(NEW.units[1], ''), NEW.machine_id, NEW.alert_level,
            coalesce(NEW.facets->>'flagged' = 'true', false), (hashtext(NEW.id::text) & 7)::smallint, 1
          WHERE TG_OP <> 'DELETE' AND NEW.status = 'ACTIVE' AND NOT NEW.confidential AND NOT NEW.draft_whole
        ) delta
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (lead_unit, machine_id, alert_level, flagged, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER workflow_alert_count_insert AFTER INSERT ON workflow
      FOR EACH ROW EXECUTE FUNCTION workflow_alert_count_sync()`);
    await q.query(`
      CREATE TRIGGER workflow_alert_count_update AFTER UPDATE ON workflow
      FOR EACH ROW WHEN (
        OLD.status IS DISTINCT FROM NEW.status OR OLD.alert_level IS DISTINCT FROM NEW.alert_level
        OR OLD.units[1] IS DISTINCT FROM NEW.units[1] OR OLD.machine_id IS DISTINCT FROM NEW.machine_id
        OR OLD.confidential IS DISTINCT FROM NEW.confidential OR OLD.draft_whole IS DISTINCT FROM NEW.draft_whole
        OR OLD.facets->'flagged' IS DISTINCT FROM NEW.facets->'flagged' OR OLD.id IS DISTINCT FROM NEW.id
      ) EXECUTE FUNCTION workflow_alert_count_sync()`);
    await q.query(`
      CREATE TRIGGER workflow_alert_count_delete AFTER DELETE ON workflow
      FOR EACH ROW EXECUTE FUNCTION workflow_alert_count_sync()`);
    await q.query(FILL_ALERT_COUNTS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER workflow_alert_count_delete ON workflow`);
    await q.query(`DROP TRIGGER workflow_alert_count_update ON workflow`);
    await q.query(`DROP TRIGGER workflow_alert_count_insert ON workflow`);
    await q.query(`DROP FUNCTION workflow_alert_count_sync()`);
    await q.query(`DROP INDEX workflow_open_unplain_idx`);
    await q.query(`DROP INDEX workflow_reader_open_idx`);
    await q.query(`DROP TABLE workflow_alert_count`);
  }
}
