import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workflow instances, their append-only transition history, the outbox integrators read, and
 * idempotency keys. History rows can never be updated or deleted (clause 3: no late, hidden,
 * false or missing reports); a trigger enforces it for every client, not only ours.
 */
export class CreateWorkflowTables1764028800000 implements MigrationInterface {
  name = 'CreateWorkflowTables1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow (
        id                   uuid PRIMARY KEY,
        machine_id           text NOT NULL,
        machine_version      integer NOT NULL,
        state                text NOT NULL,
        state_value          jsonb NOT NULL,
        snapshot             jsonb NOT NULL,
        status               text NOT NULL CHECK (status IN ('ACTIVE', 'DONE', 'CANCELLED')),
        version              integer NOT NULL CHECK (version >= 1),
        title                text NOT NULL,
        units                text[] NOT NULL DEFAULT '{}',
        people               text[] NOT NULL DEFAULT '{}',
        deadlines            jsonb NOT NULL DEFAULT '[]',
        deadline             timestamptz,
        warn_at              timestamptz,
        deadline_provisional boolean NOT NULL DEFAULT false,
        alert_level          text NOT NULL CHECK (alert_level IN ('BLUE', 'YELLOW', 'RED')),
        created_by           jsonb NOT NULL,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      )`);
    // keyset pagination: newest first, optionally narrowed by machine/state or status
    await q.query(`CREATE INDEX workflow_created_idx ON workflow (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX workflow_machine_state_idx ON workflow (machine_id, state, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX workflow_status_idx ON workflow (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX workflow_units_idx ON workflow USING gin (units)`);
    await q.query(`CREATE INDEX workflow_deadline_idx ON workflow (deadline) WHERE status = 'ACTIVE'`);

    await q.query(`
      CREATE TABLE workflow_transition (
        workflow_id  uuid NOT NULL REFERENCES workflow (id),
        seq          integer NOT NULL CHECK (seq >= 1),
        event_type   text NOT NULL,
        payload      jsonb NOT NULL,
        actor_id     text NOT NULL,
        actor_name   text NOT NULL,
        actor_roles  text[] NOT NULL,
        actor_unit   text NOT NULL,
        state_before text,
        state_after  text NOT NULL,
        alert_level  text NOT NULL,
        at           timestamptz NOT NULL,
        PRIMARY KEY (workflow_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION workflow_transition_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'workflow_transition is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER workflow_transition_no_update_delete BEFORE UPDATE OR DELETE ON workflow_transition
      FOR EACH ROW EXECUTE FUNCTION workflow_transition_append_only()`);
    await q.query(`
      CREATE TRIGGER workflow_transition_no_truncate BEFORE TRUNCATE ON workflow_transition
      FOR EACH STATEMENT EXECUTE FUNCTION workflow_transition_append_only()`);

    // one row per transition, for integrators; the data lives in workflow_transition
    await q.query(`
      CREATE TABLE outbox (
        position    bigserial PRIMARY KEY,
        workflow_id uuid NOT NULL,
        seq         integer NOT NULL,
        created_at  timestamptz NOT NULL,
        FOREIGN KEY (workflow_id, seq) REFERENCES workflow_transition (workflow_id, seq)
      )`);

    await q.query(`
      CREATE TABLE idempotency_key (
        actor_id     text NOT NULL,
        key          text NOT NULL,
        request_hash text NOT NULL,
        workflow_id  uuid NOT NULL REFERENCES workflow (id),
        version      integer NOT NULL,
        created_at   timestamptz NOT NULL,
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE workflow_transition`);
    await q.query(`DROP FUNCTION workflow_transition_append_only()`);
    await q.query(`DROP TABLE workflow`);
  }
}
