/** The lock that lets one node at a time run migrations (a session lock, held across them). */

/** Any number, shared by every node. */
export const MIGRATION_LOCK = 7_402_215;

export const lockMigrations = 'SELECT pg_advisory_lock($1)';
export const unlockMigrations = 'SELECT pg_advisory_unlock($1)';
