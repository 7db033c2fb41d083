/**
 * The TypeORM data source: entities, reviewed migrations, never `synchronize`. It runs the
 * migrations (and the schema drift test); queries go through the Sql port (src/db/sql.ts).
 */
import { DataSource } from 'typeorm';
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
      // A connection the server drops while it is checked out but between queries emits 'error'
      // with nobody listening, which would crash the process (PostgreSQL restarted, failover).
      // Listen on every connection: its next query fails, and the pool discards it on release.
      onConnect: (client: { on(event: 'error', listener: (error: Error) => void): unknown }) => {
        client.on('error', () => undefined);
      },
    },
  });
}
