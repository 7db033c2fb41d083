import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox becomes a gap-free stream: rows are inserted with the transition (id in insert
 * order) and given their global `position` afterwards by the sequencer, only once committed, so
 * a reader that has seen position N never later finds a committed row below N. Webhook
 * endpoints keep their own cursor into that stream; deliveries are logged. Workflows may be
 * confidential (涉密). History rows are chained by hashes, so an edit by hand shows.
 */
export class CreateStreamAndWebhooks1764288000000 implements MigrationInterface {
  name = 'CreateStreamAndWebhooks1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox RENAME COLUMN position TO id`);
    await q.query(`ALTER SEQUENCE outbox_position_seq RENAME TO outbox_id_seq`);
    await q.query(`ALTER TABLE outbox ADD COLUMN position bigint`);
    await q.query(`CREATE SEQUENCE outbox_stream_position_seq AS bigint`);
    await q.query(`UPDATE outbox SET position = nextval('outbox_stream_position_seq') WHERE id IN (SELECT id FROM outbox ORDER BY id)`);
    await q.query(`CREATE UNIQUE INDEX outbox_position_idx ON outbox (position)`);
    await q.query(`CREATE INDEX outbox_unsequenced_idx ON outbox (id) WHERE position IS NULL`);

    await q.query(`ALTER TABLE workflow ADD COLUMN confidential boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE workflow ADD COLUMN last_hash text`);
    await q.query(`ALTER TABLE workflow_transition ADD COLUMN prev_hash text`);
    await q.query(`ALTER TABLE workflow_transition ADD COLUMN hash text`);

    await q.query(`
      CREATE TABLE webhook_endpoint (
        id            uuid PRIMARY KEY,
        url           text NOT NULL,
        secret        text NOT NULL,
        filter        jsonb NOT NULL DEFAULT '{}',
        active        boolean NOT NULL DEFAULT true,
        cursor        bigint NOT NULL DEFAULT 0,
        attempts      integer NOT NULL DEFAULT 0,
        retry_at      timestamptz,
        leased_until  timestamptz,
        last_error    text,
        created_by    jsonb NOT NULL,
        created_at    timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id          bigserial PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id),
        position    bigint NOT NULL,
        workflow_id uuid NOT NULL,
        attempt     integer NOT NULL,
        ok          boolean NOT NULL,
        status      integer,
        error       text,
        at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_endpoint`);
    await q.query(`ALTER TABLE workflow_transition DROP COLUMN hash, DROP COLUMN prev_hash`);
    await q.query(`ALTER TABLE workflow DROP COLUMN last_hash, DROP COLUMN confidential`);
    await q.query(`DROP INDEX outbox_unsequenced_idx`);
    await q.query(`DROP INDEX outbox_position_idx`);
    await q.query(`ALTER TABLE outbox DROP COLUMN position`);
    await q.query(`DROP SEQUENCE outbox_stream_position_seq`);
    await q.query(`ALTER SEQUENCE outbox_id_seq RENAME TO outbox_position_seq`);
    await q.query(`ALTER TABLE outbox RENAME COLUMN id TO position`);
  }
}
