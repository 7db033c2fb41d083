/** The reviewed migrations and the TypeORM entities describe the same schema; history is append-only. */
import 'reflect-metadata';
import { Client } from 'pg';
import { makeDataSource } from '../../src/persistence/data-source';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

test('the entities need no schema change after the migrations ran (no drift)', async () => {
  const ds = makeDataSource({ url: db.url, poolSize: 2, connectTimeoutMs: 5000, statementTimeoutMs: 10000 });
  await ds.initialize();
  try {
    expect(await ds.showMigrations()).toBe(false);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  } finally {
    await ds.destroy();
  }
});

test('history rows cannot be updated, deleted or truncated, even by hand', async () => {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`INSERT INTO workflow (id, machine_id, machine_version, state, state_value, snapshot, status, version,
        title, alert_level, created_by, created_at, updated_at)
      VALUES ('11111111-1111-4111-8111-111111111111', 'm', 1, 's', '"s"', '{}', 'ACTIVE', 1, 't', 'BLUE', '{}', now(), now())`);
    await client.query(`INSERT INTO workflow_transition (workflow_id, seq, event_type, payload, actor_id, actor_name,
        actor_roles, actor_unit, state_after, alert_level, at)
      VALUES ('11111111-1111-4111-8111-111111111111', 1, 'START', '{}', 'a', 'a', '{OFFICE}', 'u', 's', 'BLUE', now())`);
    await expect(client.query(`UPDATE workflow_transition SET event_type = 'X'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM workflow_transition`)).rejects.toThrow(/append-only/);
    await expect(client.query(`TRUNCATE workflow_transition CASCADE`)).rejects.toThrow(/append-only/);
    const { rows } = await client.query(`SELECT event_type FROM workflow_transition`);
    expect(rows).toEqual([{ event_type: 'START' }]);
  } finally {
    await client.end();
  }
});
