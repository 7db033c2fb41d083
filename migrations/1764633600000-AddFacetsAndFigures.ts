import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two things the engine now derives from the context at every change (machines/definition.ts):
 * - `facets`: the business fields an office searches by (来源, 挂牌, 类别, the period an item is
 *   about), each definition's `facets`; a GIN index answers `facets @> {...}`;
 * - `figures`: what the 通报 statistics count per workflow beyond the answer, each definition's
 *   `statistics.figures` (the hotline's 回访 and 重办 counts).
 * Existing rows are filled in from their context, as the shipped definitions say.
 */
export class AddFacetsAndFigures1764633600000 implements MigrationInterface {
  name = 'AddFacetsAndFigures1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workflow
        ADD COLUMN facets jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN figures jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`
      WITH c AS (SELECT id, machine_id, snapshot->'context' AS c FROM workflow)
      UPDATE workflow w SET facets = jsonb_strip_nulls(CASE c.machine_id
        WHEN 'supervisionLetter' THEN jsonb_build_object('source', c.c->'source', 'flagged', coalesce(c.c->'flagged', 'false'))
        WHEN 'emergencyReport' THEN jsonb_build_object('kind', c.c->'kind', 'period', jsonb_build_object(
          'from', to_char((c.c->>'occurredAt')::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
          'to', to_char((c.c->>'occurredAt')::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')))
        WHEN 'hotlineRequest' THEN jsonb_build_object('source', c.c->'channel', 'kind', c.c->'category')
        WHEN 'leaveRequest' THEN jsonb_build_object(
          'kind', CASE WHEN (c.c->>'emergency')::boolean THEN '紧急外出' ELSE '请假' END,
          'period', jsonb_build_object('from', c.c->'departure', 'to', c.c->'return'))
        WHEN 'majorMatter' THEN jsonb_build_object('period', jsonb_build_object(
          'from', (c.c->>'year') || '-01-01', 'to', (c.c->>'year') || '-12-31'))
        WHEN 'rectificationInterview' THEN jsonb_build_object('kind', c.c->'grounds')
        WHEN 'recurringDuty' THEN jsonb_build_object('kind', c.c->'period',
          'period', jsonb_build_object('from', c.c->'periodStart', 'to', c.c->'periodEnd'))
        WHEN 'documentCountersign' THEN jsonb_build_object('kind', c.c->'kind')
        ELSE '{}'::jsonb END)
      FROM c WHERE c.id = w.id`);
    await q.query(`
      UPDATE workflow SET figures = jsonb_build_object(
        'rated', (snapshot->'context'->>'satisfaction' IS NOT NULL)::int,
        'satisfied', (snapshot->'context'->>'satisfaction' = 'SATISFIED')::int,
        'basicallySatisfied', (snapshot->'context'->>'satisfaction' = 'BASICALLY_SATISFIED')::int,
        'dissatisfied', (snapshot->'context'->>'satisfaction' = 'DISSATISFIED')::int,
        'reopened', coalesce((snapshot->'context'->>'reopenCount')::int, 0),
        'lateReplies', (SELECT count(*)::int FROM jsonb_array_elements(snapshot->'context'->'replies') r WHERE (r->>'late')::boolean))
      WHERE machine_id = 'hotlineRequest'`);
    await q.query(`CREATE INDEX workflow_facets_idx ON workflow USING gin (facets jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_facets_idx`);
    await q.query(`ALTER TABLE workflow DROP COLUMN facets, DROP COLUMN figures`);
  }
}
