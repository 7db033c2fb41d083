/**
 * npm run verify-history: checks every workflow's hash chain, and the workflow row against the
 * chain's end, and prints what is wrong with each broken one; exits 1 if any is broken. Uses
 * DATABASE_URL, or the embedded database's address while `npm start` runs it.
 */
import { loadConfig } from '../src/config';
import { EMBEDDED_DATABASE } from '../src/db/embedded';
import { openSql } from '../src/db/sql';
import { brokenLine, verifyAllChains } from '../src/persistence/chain-queries';

async function main(): Promise<void> {
  const config = loadConfig();
  const url = config.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${config.embedded.port}/${EMBEDDED_DATABASE}`;
  const sql = openSql({ url, poolSize: 2, applicationName: 'duban-verify-history' });
  try {
    const { workflows, broken } = await verifyAllChains(sql);
    for (const b of broken) process.stdout.write(`${brokenLine(b.workflowId, b.check)}\n`);
    process.stdout.write(`${workflows} workflows checked, ${broken.length} broken\n`);
    process.exitCode = broken.length ? 1 : 0;
  } finally {
    await sql.end();
  }
}

void main();
