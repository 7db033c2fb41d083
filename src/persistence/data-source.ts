/** The TypeORM data source: entities, reviewed migrations, never `synchronize`. */
import { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { migrations } from '../../migrations';
import { entities } from './entities';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** ms to wait for a connection before failing the request (database down) */
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

export function makeDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: 'duban-workflow',
    extra: {
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
    },
  });
}

/** The pg pool under TypeORM, for the hand-written hot-path statements. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
