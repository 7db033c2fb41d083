/** The history check the verify command runs, over every workflow of a test database. */
import { openSql } from '../../src/db/sql';
import { verifyAllChains } from '../../src/persistence/chain-queries';

/** verifyHistory's check passes for every workflow, its stored state included. */
export async function expectVerifiableChains(url: string): Promise<void> {
  const pool = openSql({ url, poolSize: 1 });
  try {
    const { workflows, broken } = await verifyAllChains(pool);
    expect(workflows).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  } finally {
    await pool.end();
  }
}
