import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 通报 statistics' counts that do not depend on the clock, per day started (Asia/Shanghai)
 * × lead unit × machine, kept by the transaction that changes them, so `unitStatistics` for a
 * year sums a few thousand rows instead of reading every workflow started in it.
 *
 * Each workflow contributes what src/persistence/admin-queries.sql.ts counts of it: received,
 * answered, answered on time, answered late, the seconds from the start of its clock to the
 * answer, and its figures (statistics.figures). As in workflow_alert_count, only workflows that
 * every reader who sees everything may see are counted here (not confidential, not a whole
 * draft); the others are few and counted on read under the visibility rule. What depends on the
 * clock (late and unanswered, overdue now) is read from the open items through the indexes below.
 * A workflow's contribution changes only when its answer, figures, lead unit or scope does, so
 * most transitions skip the trigger. Keys are spread by day, which already parts most writers;
 * the starts of one day of one unit and machine meet on 4 shards (by id), summed on read, and
 * rows change in key order. (A year is then at most 365 × units × machines × 4 rows.)
 */
/** Fills workflow_day_count from the table (empty before); a bulk load that bypassed the trigger runs them too. */
export const FILL_DAY_COUNTS = [`
      INSERT INTO workflow_day_count (day, lead_unit, machine_id, shard, received, answered, answered_on_time,
        answered_late, feedback_seconds, feedback_n, figures)
      SELECT r.day, r.lead_unit, r.machine_id, r.shard, count(*), sum(r.answered), sum(r.on_time), sum(r.late),
        sum(r.seconds), sum(r.feedback_n), '{}'
      FROM workflow w CROSS JOIN LATERAL workflow_day_contribution(w) r
      GROUP BY 1, 2, 3, 4`, `
      UPDATE workflow_day_count c SET figures = f.figures FROM (
        SELECT day, lead_unit, machine_id, shard, jsonb_object_agg(key, total) AS figures FROM (
          SELECT r.day, r.lead_unit, r.machine_id, r.shard, e.key, sum(e.value::numeric) AS total
          FROM workflow w CROSS JOIN LATERAL workflow_day_contribution(w) r CROSS JOIN LATERAL jsonb_each_text(r.figures) e
          GROUP BY 1, 2, 3, 4, 5
        ) s GROUP BY 1, 2, 3, 4
      ) f WHERE (c.day, c.lead_unit, c.machine_id, c.shard) = (f.day, f.lead_unit, f.machine_id, f.shard)`];

export class CountStatisticsByDay1765324800003 implements MigrationInterface {
  name = 'CountStatisticsByDay1765324800003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_day_count (
        day              date NOT NULL,
        lead_unit        text NOT NULL,
        machine_id       text NOT NULL,
        shard            smallint NOT NULL,
        received         bigint NOT NULL,
        answered         bigint NOT NULL,
        answered_on_time bigint NOT NULL,
        answered_late    bigint NOT NULL,
        feedback_seconds float8 NOT NULL,
        feedback_n       bigint NOT NULL,
        figures          jsonb NOT NULL,
        PRIMARY KEY (day, lead_unit, machine_id, shard)
      )`);
    // the sum of two objects of numbers, key by key
    await q.query(`
      CREATE FUNCTION jsonb_sum_numbers(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_object_agg(key, total), '{}') FROM (
          SELECT key, sum(value::numeric) AS total FROM (
            SELECT key, value FROM jsonb_each_text(coalesce(a, '{}')) UNION ALL SELECT key, value FROM jsonb_each_text(coalesce(b, '{}'))
          ) e GROUP BY key
        ) s
      $$`);
    // a workflow's figures, negated: what taking it out of a count subtracts
    await q.query(`
      CREATE FUNCTION jsonb_negate_numbers(a jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_object_agg(key, -(value::numeric)), '{}') FROM jsonb_each_text(coalesce(a, '{}'))
      $$`);
    await q.query(`
      CREATE FUNCTION workflow_day_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO workflow_day_count AS c (day, lead_unit, machine_id, shard, received, answered, answered_on_time,
          answered_late, feedback_seconds, feedback_n, figures)
        SELECT day, lead_unit, machine_id, shard, sum(sign * 1), sum(sign * answered), sum(sign * on_time), sum(sign * late),
          sum(sign * seconds), sum(sign * feedback_n),
          jsonb_sum_numbers(
            (array_agg(figures) FILTER (WHERE sign = 1))[1],
            jsonb_negate_numbers((array_agg(figures) FILTER (WHERE sign = -1))[1]))
        FROM (
          SELECT -1 AS sign, r.* FROM workflow_day_contribution(OLD) r WHERE TG_OP <> 'INSERT'
          UNION ALL
          SELECT 1, r.* FROM workflow_day_contribution(NEW) r WHERE TG_OP <> 'DELETE'
        ) delta
        GROUP BY day, lead_unit, machine_id, shard
        ORDER BY day, lead_unit, machine_id, shard
        ON CONFLICT (day, lead_unit, machine_id, shard) DO UPDATE SET
          received = c.received + EXCLUDED.received, answered = c.answered + EXCLUDED.answered,
          answered_on_time = c.answered_on_time + EXCLUDED.answered_on_time, answered_late = c.answered_late + EXCLUDED.answered_late,
          feedback_seconds = c.feedback_seconds + EXCLUDED.feedback_seconds, feedback_n = c.feedback_n + EXCLUDED.feedback_n,
          figures = jsonb_sum_numbers(c.figures, EXCLUDED.figures);
        RETURN NULL;
      END $$`);
    // what one workflow row adds: nothing when it is not counted here (confidential, a whole draft)
    await q.query(`
      CREATE FUNCTION workflow_day_contribution(w workflow) RETURNS TABLE (
        day date, lead_unit text, machine_id text, shard smallint, answered int, on_time int, late int,
        seconds float8, feedback_n int, figures jsonb)
      LANGUAGE sql STABLE AS $$
        SELECT (w.created_at AT TIME ZONE 'Asia/Shanghai')::date, coalesce(w.units[1], ''), w.machine_id,
          (hashtext(w.id::text) & 3)::smallint,
          (w.answered_at IS NOT NULL)::int,
          (w.answered_at IS NOT NULL AND (w.answer_due IS NULL OR w.answered_at <= w.answer_due))::int,
          coalesce(w.answered_at > w.answer_due, false)::int,
          CASE WHEN w.answered_at >= w.clock_started_at THEN extract(epoch FROM w.answered_at - w.clock_started_at)::float8 ELSE 0 END,
          coalesce(w.answered_at >= w.clock_started_at, false)::int,
          w.figures
        WHERE w.id IS NOT NULL AND NOT w.confidential AND NOT w.draft_whole
      $$`);
    await q.query(`
      CREATE TRIGGER workflow_day_count_insert AFTER INSERT ON workflow
      FOR EACH ROW EXECUTE FUNCTION workflow_day_count_sync()`);
    await q.query(`
      CREATE TRIGGER workflow_day_count_update AFTER UPDATE ON workflow
      FOR EACH ROW WHEN (
        OLD.answered_at IS DISTINCT FROM NEW.answered_at OR OLD.answer_due IS DISTINCT FROM NEW.answer_due
        OR OLD.clock_started_at IS DISTINCT FROM NEW.clock_started_at OR OLD.figures IS DISTINCT FROM NEW.figures
        OR OLD.units[1] IS DISTINCT FROM NEW.units[1] OR OLD.machine_id IS DISTINCT FROM NEW.machine_id
        OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.confidential IS DISTINCT FROM NEW.confidential
        OR OLD.draft_whole IS DISTINCT FROM NEW.draft_whole OR OLD.id IS DISTINCT FROM NEW.id
      ) EXECUTE FUNCTION workflow_day_count_sync()`);
    await q.query(`
      CREATE TRIGGER workflow_day_count_delete AFTER DELETE ON workflow
      FOR EACH ROW EXECUTE FUNCTION workflow_day_count_sync()`);
    for (const fill of FILL_DAY_COUNTS) await q.query(fill);
    // what depends on the clock, read from the open items only; and the uncounted ones
    await q.query(`CREATE INDEX workflow_open_created_idx ON workflow (created_at)
      INCLUDE (machine_id, units, deadline, answer_due, answered_at, confidential, draft_whole) WHERE status = 'ACTIVE'`);
    await q.query(`CREATE INDEX workflow_unplain_created_idx ON workflow (created_at) WHERE confidential OR draft_whole`);
    await q.query(`CREATE INDEX workflow_transition_signoff_idx ON workflow_transition (workflow_id, seq) WHERE state_after = 'awaitingSignOff'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_transition_signoff_idx`);
    await q.query(`DROP INDEX workflow_unplain_created_idx`);
    await q.query(`DROP INDEX workflow_open_created_idx`);
    await q.query(`DROP TRIGGER workflow_day_count_delete ON workflow`);
    await q.query(`DROP TRIGGER workflow_day_count_update ON workflow`);
    await q.query(`DROP TRIGGER workflow_day_count_insert ON workflow`);
    await q.query(`DROP FUNCTION workflow_day_count_sync()`);
    await q.query(`DROP FUNCTION workflow_day_contribution(workflow)`);
    await q.query(`DROP FUNCTION jsonb_negate_numbers(jsonb)`);
    await q.query(`DROP FUNCTION jsonb_sum_numbers(jsonb, jsonb)`);
    await q.query(`DROP TABLE workflow_day_count`);
  }
}
