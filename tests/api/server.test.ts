/** The HTTP surface: health, readiness, the offline GraphiQL, and requests that are not GraphQL at all. */
import { Client } from 'pg';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { people } from '../helpers/letters';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { MAX_BODY_BYTES: '20000' } });
});
afterAll(() => t.stop());

test('GET /healthz answers while the process is alive', async () => {
  const res = await fetch(`${t.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('GET /readyz answers 200 when the database is reachable', async () => {
  const res = await fetch(`${t.url}/readyz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ database: 'up' });
});

test('GraphiQL is served with every asset from this server, nothing from the internet', async () => {
  const page = await fetch(`${t.url}/graphiql`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(sources.length).toBe(4);
  for (const source of sources) {
    expect(source.startsWith('/graphiql/assets/')).toBe(true);
    const asset = await fetch(`${t.url}${source}`);
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  }
  expect(html).not.toMatch(/https?:\/\//);
  expect((await fetch(`${t.url}/graphiql/assets/..%2Fpackage.json`)).status).toBe(404);
});

test('the Apollo landing page (which loads from a CDN) is not served', async () => {
  const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
  expect(await res.text()).not.toMatch(/cdn|fonts\.googleapis/i);
});

test('malformed JSON gets a coded 400 with no stack trace', async () => {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
  expect(res.status).toBe(400);
  const body = await res.text();
  expect((JSON.parse(body) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  expect(body).not.toMatch(/at .*\.js|node_modules/);
});

test('a body over the configured limit gets a coded 413', async () => {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { id } }', variables: { x: 'x'.repeat(50_000) } }),
  });
  expect(res.status).toBe(413);
  expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
});

test('a GET mutation or a simple-request POST is refused (CSRF prevention)', async () => {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ me { id } }"}' });
  expect(res.status).toBe(400);
});

test('unknown routes answer a coded 404', async () => {
  const res = await fetch(`${t.url}/admin.php`);
  expect(res.status).toBe(404);
  expect(((await res.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
});

test('every error carries the request id, which the client may supply', async () => {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
    body: JSON.stringify({ query: '{ me { id } }' }),
  });
  expect(res.headers.get('x-request-id')).toBe('trace-123');
  expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'trace-123' });
});

test('me returns the caller from the token', async () => {
  const res = await gql(t.url, await tokenFor(people.housing), '{ me { id name roles unit } }');
  expect(res.data.me).toEqual({ id: 'housing-zhang', name: '张科长', roles: ['DEPARTMENT'], unit: '市住建局' });
});

test('me names the roles in Chinese, in the order of roles', async () => {
  const res = await gql(t.url, await tokenFor({ ...people.office, roles: ['OFFICE', 'ADMIN'] }), '{ me { roles roleLabels } }');
  expect(res.data.me).toEqual({ roles: ['OFFICE', 'ADMIN'], roleLabels: ['市政府办公室（督查室）', '系统管理员'] });
});

test('when the database goes away, requests get SERVICE_UNAVAILABLE and /readyz turns 503; the process lives', async () => {
  const lost = await startTestApp({ config: { DB_CONNECT_TIMEOUT_MS: '500' } });
  const token = await tokenFor(people.office);
  const admin = new Client({ connectionString: process.env.DUBAN_TEST_ADMIN_URL });
  await admin.connect();
  // DROP … WITH (FORCE) ends every connection the app holds and removes the database
  try {
    await admin.query(`DROP DATABASE ${lost.db.name} WITH (FORCE)`);
    const res = await gql(lost.url, token, '{ workflows { edges { node { id } } } }');
    expect(codeOf(res)).toBe('SERVICE_UNAVAILABLE');
    expect((await fetch(`${lost.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${lost.url}/healthz`)).status).toBe(200);
  } finally {
    await admin.end();
    await lost.app.close();
  }
});
