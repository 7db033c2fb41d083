import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks signed by the Standard Webhooks specification (src/webhooks/signature.ts):
 * - secrets take the `whsec_<base64 key>` form. An existing secret becomes the key of its own
 *   UTF-8 bytes, the key the earlier X-Duban-Signature already used, so receivers keep verifying;
 * - a rotation keeps the previous secret signing beside the new one until `previous_secret_until`;
 * - `format` chooses the body: the stream message as JSON, or a CloudEvents 1.0 event.
 */
export class StandardWebhooks1764892800000 implements MigrationInterface {
  name = 'StandardWebhooks1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhook_endpoint
        ADD COLUMN previous_secret text,
        ADD COLUMN previous_secret_until timestamptz,
        ADD COLUMN format text NOT NULL DEFAULT 'JSON' CONSTRAINT webhook_endpoint_format_check CHECK (format IN ('JSON', 'CLOUDEVENTS'))`);
    await q.query(`
      UPDATE webhook_endpoint SET secret = 'whsec_' || translate(encode(convert_to(secret, 'UTF8'), 'base64'), E'\\n', '')
      WHERE secret NOT LIKE 'whsec\\_%'`);
  }

  // secrets keep their whsec_ form: a generated key need not be UTF-8, so it has no earlier form
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_endpoint DROP COLUMN previous_secret, DROP COLUMN previous_secret_until, DROP COLUMN format`);
  }
}
