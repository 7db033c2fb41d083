/**
 * npm run verify-history: checks every workflow's hash chain and prints the first broken link of
 * each broken one; exits 1 if any is broken. Uses DATABASE_URL, or the embedded database's
 * address while `npm start` runs it.
 */
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { EMBEDDED_DATABASE } from '../src/db/embedded';
import { verifyAllChains } from '../src/persistence/chain-queries';

async function main(): Promise<void> {
  const config = loadConfig();
  const url = config.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${config.embedded.port}/${EMBEDDED_DATABASE}`;
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    const { workflows, broken } = await verifyAllChains(pool);
    for (const b of broken) {
      process.stdout.write(`BROKEN ${b.workflowId} at seq ${b.check.firstBroken?.seq}: expected ${b.check.firstBroken?.expected}, found ${b.check.firstBroken?.found}\n`);
    }
    process.stdout.write(`${workflows} workflows checked, ${broken.length} broken\n`);
    process.exitCode = broken.length ? 1 : 0;
  } finally {
    await pool.end();
  }
}

void main();
