/**
 * Webhook signatures, as the Standard Webhooks specification defines them
 * (https://www.standardwebhooks.com), so a receiver verifies a delivery with the
 * `standardwebhooks` library of its language as it is:
 *   webhook-id:        the message id (the stream cursor: the same on every retry)
 *   webhook-timestamp: unix seconds, by the wall clock (receivers check it against theirs)
 *   webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<raw body>")>, one per
 *                      valid secret, space-separated (two while a secret is being rotated)
 * The secret is `whsec_<base64 key>`. The earlier scheme (X-Duban-Signature: sha256=<hex
 * HMAC-SHA256(key, "<timestamp>.<raw body>")>) is sent beside it while WEBHOOK_LEGACY_HEADERS
 * is on, with the same key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** A new secret: 32 random bytes (the specification asks for 24 to 64). */
export const newSecret = (): string => SECRET_PREFIX + randomBytes(32).toString('base64');

/**
 * The `whsec_` form of a secret an administrator gave: as it is when it already has that form,
 * otherwise its UTF-8 bytes as the key (what the earlier scheme used), so a receiver keeps its key.
 */
export const asStandardSecret = (secret: string): string =>
  secret.startsWith(SECRET_PREFIX) ? secret : SECRET_PREFIX + Buffer.from(secret, 'utf8').toString('base64');

/** The key bytes of a `whsec_` secret (or, for a bare one, its UTF-8 bytes). */
export function secretKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX) ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** Whether a `whsec_` secret is well formed: base64 of 24 to 64 bytes. */
export function isStandardSecret(secret: string): boolean {
  const body = secret.slice(SECRET_PREFIX.length);
  if (!secret.startsWith(SECRET_PREFIX) || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  const bytes = Buffer.from(body, 'base64');
  return bytes.toString('base64') === body && bytes.length >= 24 && bytes.length <= 64;
}

/** The `webhook-signature` header: a `v1,` signature for each secret in force. */
export function standardSignature(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => `v1,${createHmac('sha256', secretKey(s)).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ');
}

/** The earlier `X-Duban-Signature` header. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secretKey(secret)).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifySignature(secret: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
