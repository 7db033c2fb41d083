/**
 * Verifying a bearer token's signature and standard claims. HS256 with AUTH_JWT_SECRET always;
 * with AUTH_JWKS_URL also RS256/ES256 tokens of an external identity provider, whose public keys
 * come from its JWKS (fetched with jose's createRemoteJWKSet: cached, re-fetched for an unknown
 * `kid` at most every 30 s). The algorithm decides the key, never the other way round, so a
 * public key can never be used as an HMAC secret. `exp` is required; `iss`/`aud` are checked
 * when AUTH_ISSUER/AUTH_AUDIENCE are set.
 */
import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ErrorCode, WorkflowError } from '../kernel/errors';

export interface TokenOptions {
  jwksUrl?: string | null;
  issuer?: string[] | null;
  audience?: string[] | null;
}

/** Asymmetric algorithms accepted from the identity provider's JWKS. */
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** jose errors that mean "the identity provider's keys could not be had", not "bad token". */
const KEY_NOT_FOUND = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS']);

/** Verifies `token` as of `now`: jose checks `exp` against it, not against its own wall clock. */
export type TokenVerifier = (token: string, now: Date) => Promise<JWTPayload>;

export function makeTokenVerifier(secret: string, clockToleranceS: number, options: TokenOptions = {}): TokenVerifier {
  // a KeyObject made once: given raw bytes, jose would import the key again on every request
  const hmacKey = createSecretKey(Buffer.from(secret, 'utf8'));
  const common = {
    requiredClaims: ['exp', 'sub'],
    clockTolerance: clockToleranceS,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };
  if (!options.jwksUrl) {
    return async (token, now) => (await jwtVerify(token, hmacKey, { ...common, currentDate: now, algorithms: ['HS256'] })).payload;
  }
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 3000 });
  const key: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256') return hmacKey;
    try {
      return await jwks(header, token);
    } catch (error) {
      if (KEY_NOT_FOUND.has((error as { code?: string }).code ?? '')) throw error;
      throw new WorkflowError(ErrorCode.SERVICE_UNAVAILABLE, 'the identity provider is not reachable; try again');
    }
  };
  return async (token, now) =>
    (await jwtVerify(token, key, { ...common, currentDate: now, algorithms: ['HS256', ...JWKS_ALGORITHMS] })).payload;
}
