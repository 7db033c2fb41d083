/**
 * Gives committed outbox rows their global positions. Every node runs one; an advisory lock lets
 * one at a time work. It runs after each local commit (kicked by the engine) and on a poll, so
 * rows from any node, or from a node that died, are sequenced. Each batch NOTIFYs the stream
 * channel: a hint to every node's hub that new positions exist (the table stays the truth).
 */
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { SEQUENCER_LOCK, STREAM_CHANNEL, sequenceBatch } from './stream.sql';

export class Sequencer {
  private running: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly options: { batchSize: number; pollMs: number; onSequenced?: () => void },
  ) {}

  start(): void {
    this.poll = setInterval(() => this.kick(), this.options.pollMs);
    this.poll.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.poll);
    clearTimeout(this.retry);
    await this.running;
  }

  /** Runs soon; calls while running coalesce into one more run. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runUntilDone()
      .then(() => undefined)
      .catch((error) => this.logger.warn({ err: error }, 'sequencing failed; the poll retries'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Sequences until nothing is left; returns how many rows got positions. */
  async runUntilDone(): Promise<number> {
    let total = 0;
    for (let round = 0; round < 1000; round++) {
      const outcome = await this.runOnce();
      if (outcome === 'busy') {
        // another node is sequencing; its snapshot may predate our commit: look again shortly
        clearTimeout(this.retry);
        this.retry = setTimeout(() => this.kick(), 10);
        this.retry.unref();
        return total;
      }
      total += outcome;
      if (outcome > 0) this.options.onSequenced?.();
      if (outcome < this.options.batchSize) return total;
    }
    return total;
  }

  private async runOnce(): Promise<number | 'busy'> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEQUENCER_LOCK]);
      if (!rows[0].locked) {
        await client.query('ROLLBACK');
        return 'busy';
      }
      const sequenced = await client.query({ ...sequenceBatch, values: [this.options.batchSize] });
      if (sequenced.rowCount) await client.query(`SELECT pg_notify($1, '')`, [STREAM_CHANNEL]);
      await client.query('COMMIT');
      return sequenced.rowCount ?? 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
