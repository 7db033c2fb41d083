/**
 * Failed authentications per client IP: after AUTH_FAILURE_LIMIT bad tokens (forged, expired,
 * malformed, wrong issuer …) within a fixed window of AUTH_FAILURE_WINDOW_S, every /graphql
 * request from that IP gets HTTP 429 `RATE_LIMITED` (with Retry-After) until the window ends.
 *
 * In memory, per node: with N nodes behind a load balancer an address gets up to N × the limit.
 * Behind a reverse proxy set TRUST_PROXY so the client's address, not the proxy's, is counted.
 */
import type { RequestHandler } from 'express';

export const RATE_LIMITED = 'RATE_LIMITED';

/** Addresses remembered at most; beyond it the oldest windows are forgotten first. */
const MAX_TRACKED = 100_000;

interface Window {
  start: number;
  failures: number;
}

export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();

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
    const w = this.current(ip);
    if (!w || w.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000));
  }

  recordFailure(ip: string): void {
    if (!this.enabled) return;
    const w = this.current(ip);
    if (w) {
      w.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.prune();
    this.windows.set(ip, { start: this.now(), failures: 1 });
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
