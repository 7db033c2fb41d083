/**
 * Authentication hardening: an external identity provider's RS256/ES256 tokens verified with its
 * JWKS (served here by a tiny local HTTP server, never the internet), issuer and audience checks,
 * clock-skew tolerance, pinned algorithms, and the per-address limit on failed authentications.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { AuthFailureLimiter } from '../../src/auth/rate-limit';
import { loadConfig } from '../../src/config';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { people } from '../helpers/cast';
import { TEST_JWT_SECRET } from '../helpers/env';

const ME = '{ me { id name roles unit } }';
const ISSUER = 'https://idp.zhaoyuan.example';
const AUDIENCE = 'duban';
// the office's claims; tokens signed here carry its id as the subject
const { id: OFFICE_ID, ...claims } = people.office;

interface Jwks {
  url: string;
  fetches: number;
  close(): Promise<void>;
}

/** Serves {"keys": [...]} on loopback and counts the fetches. */
async function serveJwks(keys: JWK[], delayMs = 0): Promise<Jwks> {
  const state = { fetches: 0 };
  const pending = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    state.fetches++;
    const timer = setTimeout(() => {
      pending.delete(timer);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    }, delayMs);
    pending.add(timer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return state.fetches;
    },
    close: () =>
      new Promise((r) => {
        for (const timer of pending) clearTimeout(timer);
        server.close(() => r());
        server.closeAllConnections();
      }),
  } as Jwks;
}

async function sign(
  key: CryptoKey | Uint8Array,
  alg: string,
  options: { kid?: string; iss?: string | null; aud?: string | null; exp?: number | string; sub?: string } = {},
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject(options.sub ?? OFFICE_ID)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '10m');
  if (options.iss !== null) jwt.setIssuer(options.iss ?? ISSUER);
  if (options.aud !== null) jwt.setAudience(options.aud ?? AUDIENCE);
  return jwt.sign(key);
}

const secret = new TextEncoder().encode(TEST_JWT_SECRET);

describe('an external identity provider (AUTH_JWKS_URL) with issuer and audience', () => {
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let ec: { publicKey: CryptoKey; privateKey: CryptoKey };
  let jwks: Jwks;
  let t: TestApp;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    jwks = await serveJwks([
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ]);
    t = await startTestApp({ config: { AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: `${AUDIENCE}, other-app`, AUTH_FAILURE_LIMIT: '0' } });
  });
  afterAll(async () => {
    await t?.stop();
    await jwks?.close();
  });

  test('RS256 and ES256 tokens of the provider are accepted; its keys are fetched once and cached', async () => {
    const before = jwks.fetches;
    const rs = await gql(t.url, await sign(rsa.privateKey, 'RS256', { kid: 'rsa-1' }), ME);
    expect(rs.data.me).toEqual({ id: 'office-wang', ...claims });
    const es = await gql(t.url, await sign(ec.privateKey, 'ES256', { kid: 'ec-1', aud: 'other-app' }), ME);
    expect(es.data.me.id).toBe('office-wang');
    for (let i = 0; i < 5; i++) await gql(t.url, await sign(rsa.privateKey, 'RS256', { kid: 'rsa-1' }), ME);
    expect(jwks.fetches - before).toBeLessThanOrEqual(1);
  });

  test('our own HS256 tokens still work, with the issuer and audience', async () => {
    expect((await gql(t.url, await sign(secret, 'HS256'), ME)).data.me.id).toBe('office-wang');
    expect(codeOf(await gql(t.url, await sign(secret, 'HS256', { iss: null }), ME))).toBe('UNAUTHENTICATED');
  });

  test.each([
    ['a wrong issuer', { kid: 'rsa-1', iss: 'https://evil.example' }],
    ['no issuer', { kid: 'rsa-1', iss: null }],
    ['a wrong audience', { kid: 'rsa-1', aud: 'someone-else' }],
    ['no audience', { kid: 'rsa-1', aud: null }],
    ['an unknown key id', { kid: 'rsa-2' }],
    ['an expired token', { kid: 'rsa-1', exp: Math.floor(Date.now() / 1000) - 3600 }],
  ])('%s is UNAUTHENTICATED (401)', async (_what, options) => {
    const res = await gql(t.url, await sign(rsa.privateKey, 'RS256', options), ME);
    expect(res.status).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  test('a token signed by another key under a known key id is UNAUTHENTICATED', async () => {
    const other = await generateKeyPair('RS256');
    expect(codeOf(await gql(t.url, await sign(other.privateKey, 'RS256', { kid: 'rsa-1' }), ME))).toBe('UNAUTHENTICATED');
  });

  test('algorithm confusion: HS256 signed with the provider\'s public key, RS384, "none" are UNAUTHENTICATED', async () => {
    const pem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    expect(codeOf(await gql(t.url, await sign(pem, 'HS256', { kid: 'rsa-1' }), ME))).toBe('UNAUTHENTICATED');
    const rs384 = await generateKeyPair('RS384');
    expect(codeOf(await gql(t.url, await sign(rs384.privateKey, 'RS384', { kid: 'rsa-1' }), ME))).toBe('UNAUTHENTICATED');
    const body = Buffer.from(JSON.stringify({ ...claims, sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: 4102444800 })).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect(codeOf(await gql(t.url, none, ME))).toBe('UNAUTHENTICATED');
  });
});

describe('the identity provider is unreachable', () => {
  test('tokens it signed get SERVICE_UNAVAILABLE (503), not UNAUTHENTICATED, and do not count as failures', async () => {
    const rsa = await generateKeyPair('RS256');
    const gone = await serveJwks([]);
    await gone.close(); // nothing listens there now
    const t = await startTestApp({ config: { AUTH_JWKS_URL: gone.url, AUTH_FAILURE_LIMIT: '2' } });
    try {
      for (let i = 0; i < 4; i++) {
        const res = await gql(t.url, await sign(rsa.privateKey, 'RS256', { kid: 'rsa-1', iss: null, aud: null }), ME);
        expect(res.status).toBe(503);
        expect(codeOf(res)).toBe('SERVICE_UNAVAILABLE');
      }
      // HS256 does not need the provider
      expect((await gql(t.url, await tokenFor({ id: 'a', name: 'A', roles: ['OFFICE'], unit: 'u' }), ME)).data.me.id).toBe('a');
    } finally {
      await t.stop();
    }
  });

  test('a provider that does not answer in time gets SERVICE_UNAVAILABLE after the 3 s timeout', async () => {
    const rsa = await generateKeyPair('RS256');
    const slow = await serveJwks([], 10_000);
    const t = await startTestApp({ config: { AUTH_JWKS_URL: slow.url } });
    try {
      const started = Date.now();
      const res = await gql(t.url, await sign(rsa.privateKey, 'RS256', { kid: 'rsa-1', iss: null, aud: null }), ME);
      expect(codeOf(res)).toBe('SERVICE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await t.stop();
      await slow.close();
    }
  });
});

describe('without AUTH_JWKS_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { AUTH_FAILURE_LIMIT: '0', AUTH_CLOCK_TOLERANCE_S: '30' } });
  });
  afterAll(() => t.stop());

  test('asymmetric tokens are refused: only HS256 is allowed', async () => {
    const rsa = await generateKeyPair('RS256');
    expect(codeOf(await gql(t.url, await sign(rsa.privateKey, 'RS256', { iss: null, aud: null }), ME))).toBe('UNAUTHENTICATED');
    const hs512 = await sign(new TextEncoder().encode(TEST_JWT_SECRET + TEST_JWT_SECRET), 'HS512', { iss: null, aud: null });
    expect(codeOf(await gql(t.url, hs512, ME))).toBe('UNAUTHENTICATED');
  });

  test('clock skew: expired 20 s ago passes within the 30 s tolerance, 60 s ago does not', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await gql(t.url, await sign(secret, 'HS256', { exp: now - 20, iss: null, aud: null }), ME)).data.me.id).toBe('office-wang');
    const late = await gql(t.url, await sign(secret, 'HS256', { exp: now - 60, iss: null, aud: null }), ME);
    expect(late.errors![0]).toMatchObject({ message: 'the token has expired', extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('a remembered token (AUTH_TOKEN_CACHE_SIZE) still stops working when it expires', async () => {
    const now = Math.floor(Date.now() / 1000);
    // 28 s past exp with 30 s tolerance: about 2 s of life left
    const token = await sign(secret, 'HS256', { exp: now - 28, iss: null, aud: null });
    expect((await gql(t.url, token, ME)).data.me.id).toBe('office-wang');
    expect((await gql(t.url, token, ME)).data.me.id).toBe('office-wang');
    await new Promise((resolve) => setTimeout(resolve, (now + 3) * 1000 - Date.now()));
    const late = await gql(t.url, token, ME);
    expect(late.errors![0]).toMatchObject({ message: 'the token has expired', extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('a remembered token vouches for nothing else: the same claims with another signature are refused', async () => {
    const token = await sign(secret, 'HS256', { iss: null, aud: null });
    expect((await gql(t.url, token, ME)).data.me.id).toBe('office-wang');
    const [header, payload, signature] = token.split('.');
    const forged = [header, payload, signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA')].join('.');
    expect(codeOf(await gql(t.url, forged, ME))).toBe('UNAUTHENTICATED');
    const elevated = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['ADMIN'] })).toString('base64url');
    expect(codeOf(await gql(t.url, [header, elevated, signature].join('.'), ME))).toBe('UNAUTHENTICATED');
    expect((await gql(t.url, token, ME)).data.me.roles).toEqual(['OFFICE']);
  });

  test('a token without exp, or an unusable Authorization header, is UNAUTHENTICATED', async () => {
    const noExp = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(secret);
    expect(codeOf(await gql(t.url, noExp, ME))).toBe('UNAUTHENTICATED');
    for (const header of ['Basic b2ZmaWNlOnB3', 'Bearer', 'Bearer a b', `bearer ${noExp}x`, 'Bearer ' + 'A'.repeat(8000)]) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: ME }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('failed authentications per address (AUTH_FAILURE_LIMIT)', () => {
  test('after the limit, the address gets 429 RATE_LIMITED with Retry-After until the window passes', async () => {
    const t = await startTestApp({ config: { AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_S: '2' } });
    try {
      const good = await tokenFor(people.office);
      const forged = `${good.slice(0, -4)}AAAA`;
      // requests without a token are not failed authentications
      for (let i = 0; i < 8; i++) expect(codeOf(await gql(t.url, null, ME))).toBe('UNAUTHENTICATED');
      for (let i = 0; i < 5; i++) expect((await gql(t.url, forged, ME)).status).toBe(401);
      const blocked = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${good}` },
        body: JSON.stringify({ query: ME }),
      });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await blocked.json()) as any;
      expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(body.errors[0].extensions.requestId).toBeTruthy();
      // the rest of the server answers
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2100));
      expect((await gql(t.url, good, ME)).data.me.id).toBe('office-wang');
    } finally {
      await t.stop();
    }
  });

  test('behind a trusted proxy each client address is counted on its own', async () => {
    const t = await startTestApp({ config: { AUTH_FAILURE_LIMIT: '2', TRUST_PROXY: 'loopback' } });
    try {
      const from = (ip: string) => ({ 'content-type': 'application/json', authorization: 'Bearer x.y.z', 'x-forwarded-for': ip });
      const post = (ip: string) => fetch(`${t.url}/graphql`, { method: 'POST', headers: from(ip), body: JSON.stringify({ query: ME }) });
      expect((await post('203.0.113.7')).status).toBe(401);
      expect((await post('203.0.113.7')).status).toBe(401);
      expect((await post('203.0.113.7')).status).toBe(429);
      expect((await post('203.0.113.8')).status).toBe(401);
    } finally {
      await t.stop();
    }
  });

  test('the limiter: fixed windows, disabled at 0, bounded memory', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor('a')).toBe(0);
      limiter.recordFailure('a');
    }
    expect(limiter.blockedFor('a')).toBe(60);
    expect(limiter.blockedFor('b')).toBe(0);
    now = 59_500;
    expect(limiter.blockedFor('a')).toBe(1);
    now = 60_000;
    expect(limiter.blockedFor('a')).toBe(0);
    const off = new AuthFailureLimiter(0, 60_000, () => now);
    for (let i = 0; i < 100; i++) off.recordFailure('a');
    expect(off.blockedFor('a')).toBe(0);
    const many = new AuthFailureLimiter(1, 60_000, () => now);
    for (let i = 0; i < 100_050; i++) many.recordFailure(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    expect(many.size).toBeLessThanOrEqual(100_000);
  });

  test('configuration: lists, defaults', () => {
    const c = loadConfig({ AUTH_ISSUER: ' a , b ', AUTH_AUDIENCE: 'x' });
    expect(c.auth).toMatchObject({ issuer: ['a', 'b'], audience: ['x'], jwksUrl: null, failureLimit: 20, failureWindowS: 60 });
    expect(loadConfig({}).auth).toMatchObject({ issuer: null, audience: null });
    expect(() => loadConfig({ AUTH_JWKS_URL: 'not a url' })).toThrow(/AUTH_JWKS_URL/);
  });
});
