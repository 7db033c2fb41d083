/** What the embedded PostgreSQL's first start runs on the maintenance database. */

export const selectDatabase = 'SELECT 1 FROM pg_database WHERE datname = $1';

/** `name` is ours (EMBEDDED_DATABASE), never input: an identifier cannot be a parameter. */
export const createDatabaseStatement = (name: string) => `CREATE DATABASE ${name}`;
