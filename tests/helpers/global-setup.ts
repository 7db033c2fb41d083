/**
 * Starts one real PostgreSQL for the whole run (embedded, in a temporary directory) unless
 * DATABASE_URL names a server, and builds a template database with every migration applied.
 * Each test file then copies the template into its own database (tests/helpers/database.ts).
 */
import 'reflect-metadata';
import { Client } from 'pg';
import pino from 'pino';
import { makeDataSource } from '../../src/persistence/data-source';
import { migrate } from '../../src/persistence/schema-migrations';
import { startThrowawayPostgres } from '../../src/db/throwaway';
import { ADMIN_URL_VARIABLE, TEMPLATE_DATABASE, withDatabase } from './env';

async function startEmbedded(): Promise<string> {
  const pg = await startThrowawayPostgres('duban-test-pg-');
  (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = pg;
  return pg.url;
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
