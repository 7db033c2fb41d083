/**
 * The Standard Webhooks migration converts each earlier secret to the whsec_ form of its own
 * UTF-8 bytes, so a receiver's key does not change; a secret already in that form is kept.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { makeDataSource } from '../../src/persistence/data-source';
import { standardSignature } from '../../src/webhooks/signature';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(); // migrated to the newest schema
});
afterAll(() => db.drop());

test('earlier secrets become whsec_ of their bytes; whsec_ secrets stay as they are', async () => {
  const ds = makeDataSource({ url: db.url, poolSize: 2, connectTimeoutMs: 5000, statementTimeoutMs: 10000 });
  await ds.initialize();
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  try {
    // back to the schema before it, with endpoints as the earlier code wrote them
    const applied = async () => (await ds.query(`SELECT name FROM typeorm_migrations`)).map((r: { name: string }) => r.name) as string[];
    expect(await applied()).toContain('StandardWebhooks1764892800000');
    for (let n = 0; n < 10 && (await applied()).includes('StandardWebhooks1764892800000'); n++) await ds.undoLastMigration();
    expect(await applied()).not.toContain('StandardWebhooks1764892800000');
    const long = 'a-long-earlier-secret-'.repeat(5); // its base64 is longer than one 76-character line
    const standard = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    for (const [id, secret] of [['00000000-0000-4000-8000-000000000001', 'short-secret-16ch'], ['00000000-0000-4000-8000-000000000002', long], ['00000000-0000-4000-8000-000000000003', standard]]) {
      await pg.query(`INSERT INTO webhook_endpoint (id, url, secret, created_by, created_at) VALUES ($1, 'http://127.0.0.1/x', $2, '{}', now())`, [id, secret]);
    }
    await ds.runMigrations();
    const { rows } = await pg.query(`SELECT secret, format FROM webhook_endpoint ORDER BY id`);
    expect(rows.map((r) => r.secret)).toEqual([
      `whsec_${Buffer.from('short-secret-16ch').toString('base64')}`,
      `whsec_${Buffer.from(long).toString('base64')}`,
      standard,
    ]);
    expect(rows.map((r) => r.format)).toEqual(['JSON', 'JSON', 'JSON']);
    // and the library verifies with it what the key signs
    const body = '{"cursor":"1"}';
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': '1', 'webhook-timestamp': String(timestamp), 'webhook-signature': standardSignature([rows[1].secret], '1', timestamp, body) };
    expect(new Webhook(rows[1].secret).verify(body, headers)).toEqual({ cursor: '1' });
  } finally {
    await pg.end();
    await ds.destroy();
  }
});
