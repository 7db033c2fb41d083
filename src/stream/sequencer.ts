/**
 * Gives committed outbox rows their global positions. Every node runs one; an advisory lock lets
 * one at a time work. It runs after each local commit (kicked by the engine) and on a poll, so
 * rows from any node, or from a node that died, are sequenced. Each batch NOTIFYs the stream
 * channel: a hint to every node's hub that new positions exist (the table stays the truth).
 */
import type { Logger } from 'pino';
import type { Sql } from '../kernel/sql';
import { SEQUENCER_LOCK, STREAM_CHANNEL, sequenceRound } from './stream.sql';

export class Sequencer {
  private running: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly sql: Sql,
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

  /** One round trip (src/stream/stream.sql.ts, sequenceRound): it ran after every commit as five. */
  private async runOnce(): Promise<number | 'busy'> {
    const { rows } = await this.sql.query(sequenceRound, [this.options.batchSize, SEQUENCER_LOCK, STREAM_CHANNEL]);
    return rows[0].locked ? (rows[0].sequenced as number) : 'busy';
  }
}
