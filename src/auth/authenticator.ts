/**
 * Bearer tokens: HS256 JWTs signed with AUTH_JWT_SECRET, verified with jose. Claims: `sub`,
 * `name`, `roles` (role ids), `unit`; `exp` is required. With AUTH_JWKS_URL also RS256/ES256
 * tokens of an identity provider; `iss`/`aud` checks when configured (src/auth/token-verifier.ts).
 */
import { SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Actor, type Role } from '../../machines/definition';
import { makeTokenVerifier, type TokenOptions } from './token-verifier';
import { BoundedMap } from '../kernel/bounded-map';
import type { Clock } from '../kernel/clock';
import { ErrorCode, WorkflowError } from '../kernel/errors';

const claims = z.object({
  sub: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  unit: z.string().min(1).max(100),
});

/** Who a token speaks for, and until when it does. */
export interface Authentication {
  actor: Actor;
  /**
   * The first moment (ms since the epoch) the token is refused: its `exp` plus the clock
   * tolerance, the rule jose applies. A long-lived connection ends then (src/graphql/ws-server.ts).
   */
  expiresAt: number;
}

export interface Authenticator {
  /** The actor for an Authorization header; null when there is none. */
  authenticate(header: string | undefined): Promise<Actor | null>;
  /** The same check, with the moment the token expires. */
  session(header: string | undefined): Promise<Authentication | null>;
  /** The clock tokens are checked by; `expiresAt` is a moment on it. */
  readonly clock: Clock;
}

const unauthenticated = (message: string) => new WorkflowError(ErrorCode.UNAUTHENTICATED, message);

/** How long a verified token is taken on trust at most, so a key withdrawn from the JWKS stops working. */
export const TOKEN_TRUST_MS = 5 * 60_000;

/**
 * Verified tokens, so a client's next request skips the signature check: the authentication and
 * the time until which the token may be taken as verified (its expiry, at most TOKEN_TRUST_MS
 * after the check). Least recently used dropped first when full.
 */
class VerifiedTokens {
  private readonly entries: BoundedMap<string, { session: Authentication; until: number }>;

  constructor(capacity: number) {
    this.entries = new BoundedMap(capacity);
  }

  get(token: string, now: number): Authentication | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (now < entry.until) return entry.session;
    this.entries.delete(token);
    return null;
  }

  put(token: string, session: Authentication, now: number): void {
    this.entries.set(token, { session, until: Math.min(session.expiresAt, now + TOKEN_TRUST_MS) });
  }
}

/**
 * Checks bearer tokens by `clock`: jose's `exp` check, the remembered tokens and the end of a
 * long-lived connection all read it, so they agree on when a token has expired.
 */
export function makeAuthenticator(
  secret: string,
  clockToleranceS: number,
  clock: Clock,
  options: TokenOptions & {
    tokenCacheSize?: number;
    /** whether the directory knows the token's subject as an active person of its unit */
    knows?: (actor: Actor) => Promise<boolean>;
  } = {},
): Authenticator {
  const verify = makeTokenVerifier(secret, clockToleranceS, options);
  const verified = new VerifiedTokens(options.tokenCacheSize ?? 0);
  const known = async (authenticated: Authentication): Promise<Authentication> => {
    const { actor } = authenticated;
    if (options.knows && !(await options.knows(actor))) {
      throw new WorkflowError(ErrorCode.UNKNOWN_ACTOR, `the directory has no active person ${actor.id} in unit ${actor.unit}`);
    }
    return authenticated;
  };
  const session = async (header: string | undefined): Promise<Authentication | null> => {
    if (!header) return null;
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header.trim());
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
    const token = match[1];
    const now = clock.now();
    const remembered = verified.get(token, now.getTime());
    if (remembered) return known(remembered);
    let payload: { exp?: number };
    try {
      payload = await verify(token, now);
    } catch (error) {
      if (error instanceof WorkflowError) throw error; // the identity provider is unreachable
      const code = (error as { code?: string }).code;
      throw unauthenticated(code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid');
    }
    const parsed = claims.safeParse(payload);
    if (!parsed.success) throw unauthenticated('the token lacks sub, name, roles or unit');
    const actor = { id: parsed.data.sub, name: parsed.data.name, roles: parsed.data.roles as Role[], unit: parsed.data.unit };
    // jose required `exp`, and refuses the token once its whole seconds reach exp + tolerance
    const authenticated = { actor, expiresAt: Math.ceil(payload.exp! + clockToleranceS) * 1000 };
    verified.put(token, authenticated, now.getTime());
    return known(authenticated);
  };
  return {
    clock,
    session,
    authenticate: async (header) => (await session(header))?.actor ?? null,
  };
}

export async function mintToken(
  secret: string,
  actor: Actor,
  expiresIn = '8h',
  registered: { issuer?: string; audience?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ name: actor.name, roles: actor.roles, unit: actor.unit })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.id)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (registered.issuer) jwt.setIssuer(registered.issuer);
  if (registered.audience) jwt.setAudience(registered.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
