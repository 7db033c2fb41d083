/**
 * The console's server side: the page and its assets from our own server with the right
 * caching and Content-Security-Policy, the development identities only where they belong, and
 * the two API pieces it reads (WorkflowFilter.leadUnit, Machine.transitions).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CONSOLE_DIR } from '../../src/http/console-routes';
import { gql, rawRequest, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
let dev: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  dev = await startTestApp({ config: { AUTH_JWT_SECRET: '' } });
});
afterAll(async () => {
  await t.stop();
  await dev.stop();
});

test('the page is served at /console and any path below it, never cached, under a strict policy', async () => {
  for (const p of ['/console', '/console/', '/console/workflows/abc?x=1']) {
    const res = await fetch(`${t.url}${p}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${new URL(t.url).host} wss://${new URL(t.url).host}`);
    expect(await res.text()).toMatch(/<script type="module" src="\/console\/assets\/main-[A-Z0-9]+\.js">/);
  }
});

test('hashed assets are cached for a year; a missing asset is a 404, not the page', async () => {
  const script = readdirSync(path.join(CONSOLE_DIR, 'assets')).find((f) => f.endsWith('.js'))!;
  const res = await fetch(`${t.url}/console/assets/${script}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const missing = await rawRequest(`${t.url}/console/assets/main-NOPE.js`, {});
  expect(missing.status).toBe(404);
  expect(missing.json.errors[0].extensions.code).toBe('NOT_FOUND');
});

test('development identities are offered with the development secret only, each with a token the API accepts', async () => {
  const withSecret = await rawRequest(`${t.url}/console/dev-identities`, {});
  expect(withSecret.status).toBe(404);
  const res = await rawRequest(`${dev.url}/console/dev-identities`, {});
  expect(res.status).toBe(200);
  const identities: any[] = res.json.identities;
  expect(identities.map((i) => i.actor.id)).toEqual(['office-wang', 'mayor-sun', 'evm-zhou', 'vm-li', 'vm-chen', 'vm-wu', 'housing-zhang', 'transport-liu', 'town-zhao', 'admin-1']);
  const office = identities[0];
  const me = await gql(dev.url, office.token, '{ me { id roles unit } }');
  expect(me.data.me).toEqual({ id: 'office-wang', roles: ['OFFICE'], unit: '市政府办公室' });
});

test('a production server answers 404 for the identities even with the development secret unset', async () => {
  // production refuses to start without a secret, so a real secret is the only production case
  const prod = await startTestApp({ config: { NODE_ENV: 'production' } });
  try {
    expect((await rawRequest(`${prod.url}/console/dev-identities`, {})).status).toBe(404);
  } finally {
    await prod.stop();
  }
});

test('leadUnit lists the items a unit leads, not those it only co-handles', async () => {
  const office = await tokenFor(people.office);
  const start = (input: Record<string, unknown>) => gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput(input) } });
  const led = (await start({ leadUnit: '市住建局', coUnits: ['市交通局'] })).data.startWorkflow.id;
  const other = (await start({ leadUnit: '市交通局', coUnits: ['市住建局'] })).data.startWorkflow.id;
  for (const id of [led, other]) await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  const list = async (filter: Record<string, unknown>, token = office) =>
    (await gql(t.url, token, `query($f: WorkflowFilter) { workflows(filter: $f) { edges { node { id } } } }`, { f: filter })).data.workflows.edges.map((e: any) => e.node.id);
  expect(await list({ leadUnit: '市住建局' })).toEqual([led]);
  expect((await list({ unit: '市住建局' })).sort()).toEqual([led, other].sort());
  // a department reading through its own unit: the same rule
  const transport = await tokenFor(people.transport);
  expect(await list({ leadUnit: '市交通局' }, transport)).toEqual([other]);
  expect(await list({ leadUnit: '市住建局' }, transport)).toEqual([led]);
});

test("a machine's transitions name source, target and the event's label", async () => {
  const res = await gql(t.url, await tokenFor(people.housing), `{ machine(id: "supervisionLetter") { transitions { source target event eventLabel } } }`);
  expect(res.data.machine.transitions).toContainEqual({ source: 'draft', target: 'awaitingFeedback', event: 'ISSUE', eventLabel: '发函' });
});
