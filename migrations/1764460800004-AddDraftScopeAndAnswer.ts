import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two things the engine now writes with every transition (src/engine/redaction.ts, answer.ts):
 * - the draft scope: who may see what is undecided (`draft_readers`, party tokens; NULL when
 *   nothing is) and whether that is the whole workflow (`draft_whole`: a letter before it is
 *   issued), so lists, tasks, statistics and the stream apply the visibility rule in SQL;
 * - the 通报 answer: when the workflow's clock started, when it was answered, and the due time
 *   the answer is measured against, so "answered on time" compares times instead of asking
 *   whether an overdue timer had fired.
 * The outbox keeps each transition's draft scope as it was then, so the stream never sends later
 * what was undecided when it happened. Existing rows are filled in from their context and
 * history, as the shipped definitions say.
 */
export class AddDraftScopeAndAnswer1764460800004 implements MigrationInterface {
  name = 'AddDraftScopeAndAnswer1764460800004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workflow
        ADD COLUMN draft_readers text[],
        ADD COLUMN draft_whole boolean NOT NULL DEFAULT false,
        ADD COLUMN clock_started_at timestamptz,
        ADD COLUMN answered_at timestamptz,
        ADD COLUMN answer_due timestamptz`);
    // the stream shows each transition as it was when it happened: undecided then, undecided for good
    await q.query(`ALTER TABLE outbox ADD COLUMN draft_readers text[], ADD COLUMN draft_whole boolean NOT NULL DEFAULT false`);
    // the state whose privacy counts: the current one, or for an ended workflow the one it ended from
    await q.query(`
      WITH scoped AS (
        SELECT w.id, w.machine_id, w.snapshot->'context' AS c, 'person:' || (w.created_by->>'id') AS creator,
          CASE WHEN w.status = 'ACTIVE' THEN w.state ELSE (
            SELECT t.state_before FROM workflow_transition t WHERE t.workflow_id = w.id ORDER BY t.seq DESC LIMIT 1)
          END AS private_state
        FROM workflow w
      ), readers AS (
        SELECT id, true AS whole, ARRAY[creator, 'role:OFFICE', 'role:ADMIN', 'person:' || (c->'leaderInCharge'->>'id')] AS tokens
        FROM scoped WHERE machine_id = 'supervisionLetter' AND private_state = 'draft'
        UNION ALL
        SELECT id, true, ARRAY[creator, 'role:OFFICE', 'role:MAYOR', 'role:ADMIN', 'person:' || (c->'leader'->>'id')]
        FROM scoped WHERE machine_id = 'rectificationInterview' AND private_state = 'proposed'
        UNION ALL
        SELECT id, false, ARRAY['person:' || (c->'viceMayor'->>'id'), 'unit:' || (c->>'department'),
          'role:EXECUTIVE_VICE_MAYOR', 'role:MAYOR']
        FROM scoped WHERE machine_id = 'emergencyReport'
          AND private_state IN ('registered', 'consulting', 'reviewing', 'awaitingMayor')
        UNION ALL
        SELECT id, false, ARRAY['unit:' || (c->>'leadUnit'), 'person:' || (c->'signOffLeader'->>'id')]
          || ARRAY(SELECT 'unit:' || s FROM jsonb_array_elements_text(c->'signers') s)
        FROM scoped WHERE machine_id = 'documentCountersign' AND private_state = 'countersigning'
      )
      UPDATE workflow w SET draft_readers = ARRAY(SELECT DISTINCT x FROM unnest(r.tokens) x WHERE x IS NOT NULL ORDER BY x),
        draft_whole = r.whole
      FROM readers r WHERE r.id = w.id`);
    await q.query(`
      UPDATE outbox o SET draft_readers = w.draft_readers, draft_whole = w.draft_whole
      FROM workflow w WHERE w.id = o.workflow_id AND w.draft_readers IS NOT NULL AND o.seq = w.version`);
    await q.query(`
      WITH spec(machine_id, start_event, answer_event, answer_state, kind) AS (VALUES
        ('supervisionLetter', 'ISSUE', 'SUBMIT_FEEDBACK', NULL, 'feedback'),
        ('rectificationInterview', 'HOLD_INTERVIEW', 'REPORT_RESULT', NULL, 'rectification'),
        ('emergencyReport', 'START', 'REPORT_UPWARD', NULL, NULL),
        ('documentCountersign', 'SEND', NULL, 'awaitingSignOff', 'countersign')
      ), marked AS (
        SELECT w.id, s.kind, w.deadline, w.deadlines,
          (SELECT min(t.at) FROM workflow_transition t WHERE t.workflow_id = w.id AND t.event_type = s.start_event) AS started,
          (SELECT t.seq FROM workflow_transition t
            WHERE t.workflow_id = w.id AND left(t.event_type, 6) <> 'ADMIN_'
              AND (s.answer_event IS NULL OR t.event_type = s.answer_event)
              AND (s.answer_state IS NULL OR (t.state_after = s.answer_state AND t.state_before IS DISTINCT FROM s.answer_state))
            ORDER BY t.seq LIMIT 1) AS answer_seq
        FROM workflow w JOIN spec s ON s.machine_id = w.machine_id
      )
      UPDATE workflow w SET clock_started_at = m.started,
        answered_at = (SELECT t.at FROM workflow_transition t WHERE t.workflow_id = m.id AND t.seq = m.answer_seq),
        answer_due = CASE WHEN m.answer_seq IS NULL THEN
            coalesce((SELECT (d->>'due')::timestamptz FROM jsonb_array_elements(m.deadlines) d WHERE d->>'kind' = m.kind LIMIT 1),
              CASE WHEN m.kind IS NULL THEN m.deadline END)
          ELSE (SELECT (t.payload->>'due')::timestamptz FROM workflow_transition t
            WHERE t.workflow_id = m.id AND t.event_type = 'DEADLINE_PASSED' AND t.seq < m.answer_seq
              AND (m.kind IS NULL OR t.payload->>'kind' = m.kind) ORDER BY t.seq LIMIT 1)
          END
      FROM marked m WHERE m.id = w.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workflow DROP COLUMN draft_readers, DROP COLUMN draft_whole, DROP COLUMN clock_started_at,
        DROP COLUMN answered_at, DROP COLUMN answer_due`);
    await q.query(`ALTER TABLE outbox DROP COLUMN draft_readers, DROP COLUMN draft_whole`);
  }
}
