import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { makeDataSource, type DatabaseOptions } from './data-source';
import { lockMigrations, MIGRATION_LOCK, unlockMigrations } from './schema-migrations.sql';

/** Runs pending migrations, one node at a time (several may start together). */
export async function migrate(dataSource: DataSource, logger: Logger): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(lockMigrations, [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.info({ migration: m.name }, 'migration applied');
  } finally {
    await lock.query(unlockMigrations, [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/**
 * Migrates on a data source of its own, closed before the server opens its pool: two
 * connections (the lock's and the migrations'), never on top of the server's.
 */
export async function migrateDatabase(options: Omit<DatabaseOptions, 'poolSize'>, logger: Logger): Promise<void> {
  const dataSource = makeDataSource({ ...options, poolSize: 2 });
  await dataSource.initialize();
  try {
    await migrate(dataSource, logger);
  } finally {
    await dataSource.destroy();
  }
}
