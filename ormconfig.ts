/**
 * The data source the TypeORM CLI uses (npm run migration:run / migration:show):
 * DATABASE_URL, or the embedded database's default address when it is running.
 */
import 'reflect-metadata';
import { loadConfig } from './src/config';
import { EMBEDDED_DATABASE } from './src/db/embedded';
import { makeDataSource } from './src/persistence/data-source';

const config = loadConfig();

export default makeDataSource({
  url: config.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${config.embedded.port}/${EMBEDDED_DATABASE}`,
  ...config.db,
});
