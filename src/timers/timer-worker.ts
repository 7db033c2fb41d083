/**
 * Fires deadline timers by itself: at 3 a.m., after a restart, on every node. Timers live in
 * PostgreSQL (workflow_timer), written with the transition that scheduled them; firing locks the
 * workflow and deletes the timer in one transaction, so with any number of nodes each timer
 * fires once. The worker wakes at the earlier of its poll interval and the next due time.
 */
import type { Logger } from 'pino';
import type { WorkflowEngine } from '../engine/engine';

export interface TimerWorkerOptions {
  pollMs: number;
  batchSize: number;
  concurrency: number;
  logger: Logger;
}

export class TimerWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  lastRunAt: Date | null = null;
  lastError: string | null = null;

  constructor(
    private readonly engine: WorkflowEngine,
    private readonly options: TimerWorkerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  get isRunning(): boolean {
    return !this.stopped;
  }

  /** Fires everything due now; returns how many fired. Tests call this instead of waiting. */
  async runDue(): Promise<number> {
    let total = 0;
    // bounded: a batch that keeps finding work is at most this many rounds before the next tick
    for (let round = 0; round < 1000; round++) {
      const { fired, busy } = await this.engine.fireDueTimers(this.options.batchSize, this.options.concurrency);
      total += fired;
      if (busy === 0 && fired < this.options.batchSize) break;
      if (fired === 0) await new Promise((r) => setTimeout(r, 20)); // others hold them: let them finish
    }
    return total;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let delay = this.options.pollMs;
    try {
      const fired = await this.runDue();
      if (fired) this.options.logger.debug({ fired }, 'timers fired');
      this.lastRunAt = new Date();
      this.lastError = null;
      const next = await this.engine.nextTimerDue();
      if (next) delay = Math.max(0, Math.min(delay, next.getTime() - this.engine.now().getTime()));
    } catch (error) {
      // the database may be away: try again at the next poll
      this.lastError = (error as Error).message;
      this.options.logger.warn({ err: error }, 'timer run failed');
    }
    this.schedule(delay);
  }
}
