import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { poolOf } from './data-source';

/** Any number, shared by every node: only one runs migrations at a time. */
const MIGRATION_LOCK = 7_402_215;

/** Runs pending migrations, one node at a time (several may start together). */
export async function migrate(dataSource: DataSource, logger: Logger): Promise<void> {
  const lock = await poolOf(dataSource).connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.info({ migration: m.name }, 'migration applied');
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
}
