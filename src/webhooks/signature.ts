/**
 * Webhook signatures. Each POST carries
 *   X-Duban-Timestamp: <unix seconds>
 *   X-Duban-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * A receiver recomputes the HMAC over the raw body, compares in constant time, and rejects
 * timestamps older than a few minutes (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifySignature(secret: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
