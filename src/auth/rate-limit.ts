/**
 * Failed authentications per client IP: after AUTH_FAILURE_LIMIT bad tokens (forged, expired,
 * malformed, wrong issuer …) within a fixed window of AUTH_FAILURE_WINDOW_S, every /graphql
 * request from that IP gets HTTP 429 `RATE_LIMITED` (with Retry-After) until the window ends.
 *
 * Counted once for all nodes: each failure is also counted in PostgreSQL (auth_failure), and the
 * failure that reaches the limit NOTIFYs every node, which reads the blocked addresses again (the
 * poll covers a lost listener). A node blocks on its own count too, so while the database cannot
 * be reached the limit still holds per node. Only failures write: a blocked address is answered
 * 429 before its token is looked at, so a flood of bad tokens costs the database at most the
 * limit's worth of statements per address and window.
 * Behind a reverse proxy set TRUST_PROXY so the client's address, not the proxy's, is counted.
 */
import type { RequestHandler } from 'express';
import { followChannel, type Following } from '../kernel/follow';
import type { Notifications, Queryable } from '../kernel/sql';
import * as statements from './rate-limit.sql';

export const RATE_LIMITED = 'RATE_LIMITED';

/** Addresses remembered at most; beyond it the oldest windows are forgotten first. */
const MAX_TRACKED = 100_000;

interface Window {
  start: number;
  failures: number;
}

export interface SharedCounts {
  db: Queryable & Notifications;
  pollMs: number;
  onError: (error: Error, what: string) => void;
}

export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();
  /** addresses the shared count has blocked → when (this node's clock) they may try again */
  private blocked = new Map<string, number>();
  private shared: SharedCounts | null = null;
  private following: Following | null = null;
  private reading = false;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  /** Seconds until the address may try again; 0 when it is not blocked. */
  blockedFor(ip: string): number {
    if (!this.enabled) return 0;
    return Math.max(this.blockedHere(ip), this.blockedEverywhere(ip));
  }

  /** Counts the failure here and, when shared, for every node (resolves once it is counted). */
  async recordFailure(ip: string): Promise<void> {
    if (!this.enabled) return;
    this.countHere(ip);
    const shared = this.shared;
    if (!shared) return;
    try {
      const windowS = this.windowMs / 1000;
      const { rows } = await shared.db.query<{ failures: number; wait: number }>(
        { name: 'auth_failure_record', text: statements.recordFailure },
        [ip, windowS, this.limit],
      );
      const counted = rows[0];
      if (counted && counted.failures >= this.limit) this.blockEverywhere(ip, counted.wait);
    } catch (error) {
      shared.onError(error as Error, 'failed authentication not counted in the database; counted on this node only');
    }
  }

  /**
   * Shares the counts with every node on the database: from now on a failure is counted there
   * too, and an address blocked by any node is blocked here within moments.
   */
  async share(shared: SharedCounts): Promise<void> {
    if (!this.enabled) return;
    this.shared = shared;
    this.following = await followChannel(shared.db, statements.AUTH_BLOCKED_CHANNEL, () => void this.readBlocked(), {
      pollMs: shared.pollMs,
      onError: shared.onError,
    });
  }

  async stop(): Promise<void> {
    await this.following?.stop();
    this.following = null;
    this.shared = null;
  }

  private blockedHere(ip: string): number {
    const w = this.current(ip);
    if (!w || w.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000));
  }

  private blockedEverywhere(ip: string): number {
    const until = this.blocked.get(ip);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) {
      this.blocked.delete(ip);
      return 0;
    }
    return Math.max(1, Math.ceil(left / 1000));
  }

  private blockEverywhere(ip: string, waitS: number): void {
    if (waitS > 0) this.blocked.set(ip, this.now() + waitS * 1000);
  }

  private countHere(ip: string): void {
    const w = this.current(ip);
    if (w) {
      w.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.prune();
    this.windows.set(ip, { start: this.now(), failures: 1 });
  }

  /** The table is the truth: the blocked addresses are read again, and ended windows cleared. */
  private async readBlocked(): Promise<void> {
    const shared = this.shared;
    if (!shared || this.reading) return;
    this.reading = true;
    try {
      const windowS = this.windowMs / 1000;
      const { rows } = await shared.db.query<{ address: string; wait: number }>(
        { name: 'auth_failure_blocked', text: statements.selectBlocked },
        [this.limit, windowS],
      );
      const blocked = new Map<string, number>();
      for (const row of rows) if (row.wait > 0) blocked.set(row.address, this.now() + row.wait * 1000);
      this.blocked = blocked;
      await shared.db.query({ name: 'auth_failure_clear', text: statements.deleteEnded }, [windowS]);
    } catch (error) {
      shared.onError(error as Error, 'blocked addresses not read from the database; keeping the last ones read');
    } finally {
      this.reading = false;
    }
  }

  /** Tracked addresses (for tests). */
  get size(): number {
    return this.windows.size;
  }

  private current(ip: string): Window | undefined {
    const w = this.windows.get(ip);
    if (w && this.now() - w.start >= this.windowMs) {
      this.windows.delete(ip);
      return undefined;
    }
    return w;
  }

  private prune(): void {
    const now = this.now();
    for (const [ip, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(ip);
    // still full: forget the oldest (a Map iterates in insertion order)
    for (const ip of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(ip);
    }
  }

  /** Express middleware in front of /graphql: 429 while the client's address is blocked. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const wait = this.blockedFor(clientIp(req));
      if (wait === 0) return next();
      res.set('retry-after', String(wait));
      res.status(429).json({
        errors: [
          {
            message: `too many failed authentications from this address; retry in ${wait} s`,
            extensions: { code: RATE_LIMITED, retryAfterS: wait, requestId: res.locals.requestId },
          },
        ],
      });
    };
  }
}

export function clientIp(req: { ip?: string; socket?: { remoteAddress?: string } }): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}

/** TRUST_PROXY as Express understands it: "true", a hop count, or addresses/subnets/"loopback". */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
