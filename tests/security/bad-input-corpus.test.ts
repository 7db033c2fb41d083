/**
 * A corpus of hostile and malformed requests, most generated from the machine definitions (start
 * input and event payload JSON Schemas): malformed HTTP bodies, malformed and abusive GraphQL,
 * forged tokens, wrong types, unknown fields, injection strings in every text field, invalid
 * dates and enum values, acts on another unit's items.
 *
 * Every answer must be a coded error or a legitimate result; never a 5xx, a socket failure, an
 * error without `extensions.code`, INTERNAL_SERVER_ERROR, a stack trace or SQL. A refused request
 * leaves the database byte for byte as it was; an accepted text comes back exactly as sent. The
 * server is healthy afterwards. The number of requests and of crashes is printed.
 */
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { definitions, findDefinition, type Actor } from '../../machines';
import { describeMachine } from '../../src/engine/describe';
import { rawRequest, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';

const MODEL_DAY = '2026-11-02T01:00:00.000Z';
import { TEST_JWT_SECRET } from '../helpers/env';
import { fingerprint } from '../helpers/fingerprint';
import { letterInput, people } from '../helpers/letters';
import { acceptedModelEvents, statePaths, type ModelEvent } from '../model/graph';
import { models, type MachineModel } from '../model/models';

const MAX_BODY_BYTES = 300_000;
const SELECTION = `id machineId state version context history { seq eventType payload }`;
const START = `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { ${SELECTION} } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { ${SELECTION} } }`;

/** Known refusal codes; anything else is a finding. */
const CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'EVENT_NOT_ACCEPTED',
  'VERSION_CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/** Strings an attacker types into text fields. Accepted ones must come back unchanged. */
const INJECTIONS = [
  `'; DROP TABLE workflow; --`,
  `' OR '1'='1`,
  `1; SELECT pg_sleep(10)--`,
  `<script>alert(document.cookie)</script>`,
  `<img src=x onerror=alert(1)>`,
  `../../../../etc/passwd`,
  `..\\..\\windows\\win.ini`,
  `%00%2e%2e%2f`,
  `\${jndi:ldap://127.0.0.1/a}`,
  `{{7*7}} %s%s%n`,
  `\u202Eevil\u202C 右到左`,
  `line1\r\nSet-Cookie: a=b`,
  `😀👨‍👩‍👧‍👦 𠮷野家`,
  '測'.repeat(90),
];
/** Strings PostgreSQL cannot store: always refused. */
const UNSTORABLE = ['nul\u0000byte', 'lone \ud800 surrogate'];

interface Res {
  status: number;
  text: string;
  json: any;
}

type Expect = 'refuse' | 'either';

interface Case {
  group: string;
  name: string;
  expect: Expect;
  send: () => Promise<Res>;
  /** sets up what the case needs (may write: runs before the baseline is taken) */
  prepare?: () => Promise<boolean>;
  /** for accepted cases: what must be true of the answer */
  accepted?: (res: Res) => void;
  /** called after an accepted case (the fixture moved on) */
  after?: () => void;
}

let t: TestApp;
const tokens = new Map<string, string>();
const token = async (who: Actor) => {
  const key = JSON.stringify(who);
  if (!tokens.has(key)) tokens.set(key, await tokenFor(who));
  return tokens.get(key)!;
};

async function request(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST', path = '/graphql'): Promise<Res> {
  try {
    return await rawRequest(`${t.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      signal: AbortSignal.timeout(20_000),
    });
  } catch (error) {
    return { status: 0, text: String(error), json: null };
  }
}

const gqlAs = async (who: Actor | null, query: string, variables?: unknown) =>
  request(JSON.stringify({ query, variables }), who ? { authorization: `Bearer ${await token(who)}` } : {});
const withToken = (raw: string, query = '{ me { id } }') => request(JSON.stringify({ query }), { authorization: raw });

/** Strings of a JSON Schema: [path, schema] for every string property, nested objects and arrays included. */
function stringFields(schema: any, prefix: string[] = []): Array<{ path: string[]; schema: any; inArray: boolean }> {
  const out: Array<{ path: string[]; schema: any; inArray: boolean }> = [];
  for (const [key, prop] of Object.entries<any>(schema?.properties ?? {})) {
    const path = [...prefix, key];
    if (prop.type === 'string') out.push({ path, schema: prop, inArray: false });
    if (prop.type === 'object') out.push(...stringFields(prop, path));
    if (prop.type === 'array' && prop.items?.type === 'string') out.push({ path, schema: prop.items, inArray: true });
  }
  return out;
}

/** Every property: [path, schema]. */
function allFields(schema: any, prefix: string[] = []): Array<{ path: string[]; schema: any }> {
  const out: Array<{ path: string[]; schema: any }> = [];
  for (const [key, prop] of Object.entries<any>(schema?.properties ?? {})) {
    out.push({ path: [...prefix, key], schema: prop });
    if (prop.type === 'object') out.push(...allFields(prop, [...prefix, key]));
  }
  return out;
}

function setPath(value: any, path: string[], to: unknown): any {
  const copy = structuredClone(value);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] ??= {};
  if (to === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = to;
  return copy;
}

/** Values of the wrong type for a schema. */
function wrongValues(schema: any): unknown[] {
  switch (schema.type) {
    case 'string':
      return [12345, true, null, { $ne: '' }, ['x']];
    case 'integer':
      return ['12', 1.5, -1, 1e308, null];
    case 'number':
      return ['0.5', -1, 'NaN', null];
    case 'boolean':
      return ['true', 1, null];
    case 'array':
      return ['x', { 0: 'a' }, [42], Array.from({ length: 60 }, (_, i) => `单位${i}`)];
    case 'object':
      return ['x', [], { ...Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, 'v'])), injected: true }];
    default:
      return [{ unexpected: true }];
  }
}

/** A string value found anywhere in `value`. */
function contains(value: unknown, wanted: string): boolean {
  if (typeof value === 'string') return value === wanted;
  if (Array.isArray(value)) return value.some((v) => contains(v, wanted));
  if (value && typeof value === 'object') return Object.values(value).some((v) => contains(v, wanted));
  return false;
}

/** What accepted injected text must satisfy: stored and returned exactly (zod trims). */
const roundTrips = (field: 'startWorkflow' | 'sendEvent', text: string) => (res: Res) => {
  const w = res.json.data[field];
  const seen = field === 'startWorkflow' ? w.context : w.history.at(-1).payload;
  expect({ text, found: contains(seen, text.trim()) }).toEqual({ text, found: true });
};

// ---------------------------------------------------------------------------------------------
// fixtures

interface Fixture {
  model: MachineModel;
  /** a workflow at the start of each event's first state, rebuilt after an accepted event */
  at: Map<string, { id: string | null; steps: ModelEvent[] }>;
}
const fixtures = new Map<string, Fixture>();
let letterId: string;

async function startModel(model: MachineModel): Promise<string> {
  const res = await gqlAs(model.starter, START, { input: { machineId: model.machineId, input: model.input } });
  if (!res.json?.data?.startWorkflow) throw new Error(`could not start ${model.machineId}: ${res.text}`);
  return res.json.data.startWorkflow.id;
}

/** A workflow of `model` that has gone through `steps` (replayed over HTTP). */
async function workflowAfter(model: MachineModel, steps: ModelEvent[]): Promise<string> {
  const id = await startModel(model);
  for (const step of steps) {
    const res = await gqlAs(step.actor, SEND, { input: { workflowId: id, type: step.type, payload: step.payload } });
    if (!res.json?.data?.sendEvent) throw new Error(`replaying ${step.type}: ${res.text}`);
  }
  return id;
}

beforeAll(async () => {
  // the models' inputs are written for the model suite's day (tests/model/model-based.test.ts):
  // on the real clock they would expire as the calendar moves on
  t = await startTestApp({ clock: new TestClock(MODEL_DAY), config: { AUTH_FAILURE_LIMIT: '0', MAX_BODY_BYTES: String(MAX_BODY_BYTES) } });
  const started = await gqlAs(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  letterId = started.json.data.startWorkflow.id;
  await gqlAs(people.office, SEND, { input: { workflowId: letterId, type: 'ISSUE', payload: {} } });
  for (const model of models) fixtures.set(model.machineId, { model, at: new Map() });
}, 60_000);
afterAll(() => t?.stop());

// ---------------------------------------------------------------------------------------------
// the corpus

function httpCases(): Case[] {
  const c = (name: string, send: () => Promise<Res>): Case => ({ group: 'http', name, expect: 'refuse', send });
  const valid = JSON.stringify({ query: '{ me { id } }' });
  return [
    c('empty body', () => request('')),
    c('truncated JSON', () => request('{"query": ')),
    c('not JSON', () => request('query { me { id } }')),
    c('JSON null', () => request('null')),
    c('JSON string', () => request('"{ me { id } }"')),
    c('JSON number', () => request('42')),
    c('empty array (batch)', () => request('[]')),
    c('query null', () => request('{"query": null}')),
    c('query number', () => request('{"query": 42}')),
    c('query empty', () => request('{"query": ""}')),
    c('query object', () => request('{"query": {"a": 1}}')),
    c('variables string', () => request('{"query": "{ me { id } }", "variables": "x"}')),
    c('variables array', () => request('{"query": "{ me { id } }", "variables": [1]}')),
    c('operationName number', () => request('{"query": "{ me { id } }", "operationName": 5}')),
    c('operationName unknown', () => request('{"query": "query A { me { id } }", "operationName": "B"}')),
    c('extensions string', () => request('{"query": "{ me { id } }", "extensions": "x"}')),
    c('persisted query unknown', () => request('{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}')),
    c('__proto__ in variables', () => request('{"query": "query($id: ID!) { workflow(id: $id) { id } }", "variables": {"__proto__": {"id": "x"}}}')),
    c('BOM before JSON', () => request(`\ufeff${valid}`)),
    c('invalid UTF-8 bytes', () => request(Buffer.concat([Buffer.from('{"query": "{ me { id } }", "x": "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]))),
    c('body over MAX_BODY_BYTES', () => request(JSON.stringify({ query: '{ me { id } }', variables: { x: 'x'.repeat(MAX_BODY_BYTES) } }))),
    c('text/plain (CSRF)', () => request(valid, { 'content-type': 'text/plain' })),
    c('form-urlencoded (CSRF)', () => request('query=%7Bme%7Bid%7D%7D', { 'content-type': 'application/x-www-form-urlencoded' })),
    c('multipart (CSRF)', () => request('--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--b--', { 'content-type': 'multipart/form-data; boundary=b' })),
    c('XML', () => request('<query>me</query>', { 'content-type': 'application/xml' })),
    c('GET without query', () => request('', {}, 'GET')),
    c('GET mutation with preflight header', () =>
      request('', { 'apollo-require-preflight': '1' }, 'GET', `/graphql?query=${encodeURIComponent('mutation { startWorkflow(input: { machineId: "x", input: {} }) { id } }')}`),
    ),
    c('PUT', () => request(valid, {}, 'PUT')),
    c('DELETE', () => request(valid, {}, 'DELETE')),
    c('PATCH', () => request(valid, {}, 'PATCH')),
    c('path traversal URL', () => request(valid, {}, 'GET', '/graphiql/assets/..%2f..%2f..%2fetc%2fpasswd')),
    c('unknown route', () => request(valid, {}, 'POST', '/graphql/../admin')),
    c('CRLF in x-request-id', () => request(valid, { 'x-request-id': 'a b <script>' })),
  ];
}

function documentCases(): Case[] {
  const c = (name: string, query: string, variables?: unknown, expect: Expect = 'refuse'): Case => ({
    group: 'graphql',
    name,
    expect,
    send: () => gqlAs(people.office, query, variables),
  });
  const nest = (n: number) => `{ ${'workflow(id: "x") { '.repeat(n)}id${' }'.repeat(n)} }`;
  let list = '1';
  for (let i = 0; i < 400; i++) list = `[${list}]`;
  return [
    c('syntax: unclosed brace', '{ me { id }'),
    c('syntax: stray brace', '{ me { id } } }'),
    c('syntax: empty selection', '{ me { } }'),
    c('syntax: unterminated string', '{ machine(id: "abc) { id } }'),
    c('syntax: bad escape', '{ machine(id: "\\x41") { id } }'),
    c('syntax: lone keyword', 'mutation'),
    c('syntax: CJK name', '{ 我 }'),
    c('syntax: control characters', '{ me { id \u0007 } }'),
    c('unknown field', '{ secrets { password } }'),
    c('unknown nested field', '{ me { id password } }'),
    c('unknown argument', '{ me(as: "admin") { id } }'),
    c('unknown variable type', 'query($x: Nope) { me { id } }', { x: 1 }),
    c('missing required variable', 'query($id: ID!) { workflow(id: $id) { id } }', {}),
    c('variable of the wrong type', 'query($id: ID!) { workflow(id: $id) { id } }', { id: { $gt: '' } }),
    c('undeclared variable', '{ workflow(id: $id) { id } }', { id: 'x' }),
    c('unknown directive', '{ me @admin { id } }'),
    c('fragment cycle', 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }'),
    c('unknown fragment', '{ ...Nope }'),
    c('fragment on wrong type', 'fragment F on Workflow { id } { me { ...F } }'),
    c('conflicting aliases', '{ a: me { id } a: machines { id } }'),
    c('two anonymous operations', '{ me { id } } { machines { id } }'),
    c('subscription over POST', 'subscription { me { id } }'),
    c('mutation with unknown field', 'mutation { dropDatabase }'),
    c('depth 12', nest(12)),
    c('depth 60', nest(60)),
    c('5000 aliases', `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ')} }`),
    c('100 aliases', `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: me { id }`).join(' ')} }`),
    c('3000 repeated fields', `{ me { ${'id '.repeat(3000)} } }`),
    c('50 directives', `{ me { ${'__typename @include(if: true) '.repeat(50)} } }`),
    c('list literal nested 400 deep', `{ machine(id: ${list}) { id } }`),
    c('huge cost', `{ workflows(first: 100) { edges { node { history { actor { id name roles unit } payload } availableEvents { type label payloadSchema } deadlines { kind due } } } } }`),
    c('Int overflow', '{ workflows(first: 99999999999999) { edges { cursor } } }'),
    c('negative page', '{ workflows(first: -5) { edges { cursor } } }'),
    c('myTasks over the cap', '{ myTasks(first: 100000) { mustAct } }'),
    c('bad cursor', '{ workflows(after: "eyJhIjoiJyBPUiAxPTEgLS0ifQ==") { edges { cursor } } }'),
    c('cursor with SQL', `{ workflows(after: "' OR 1=1; --") { edges { cursor } } }`),
    c('unknown enum value', '{ workflows(filter: { status: DELETED }) { edges { cursor } } }'),
    c('enum as string', '{ workflows(filter: { alertLevel: "RED" }) { edges { cursor } } }'),
    c('unknown filter field', '{ workflows(filter: { owner: "x" }) { edges { cursor } } }'),
    c('invalid DateTime', '{ workflows(filter: { deadlineBefore: "yesterday" }) { edges { cursor } } }'),
    c('impossible DateTime', '{ workflows(filter: { deadlineBefore: "2026-02-30T00:00:00Z" }) { edges { cursor } } }'),
    c('DateTime beyond year 9999', '{ workflows(filter: { deadlineBefore: "275760-09-13T00:00:00.000Z" }) { edges { cursor } } }'),
    c('filter strings with SQL', `{ workflows(filter: { machineId: "x' OR '1'='1", state: "'; DROP TABLE workflow; --", unit: "%" }) { edges { cursor } } }`, undefined, 'either'),
    c('calendar: impossible date', '{ isWorkingDay(date: "2026-02-30") }'),
    c('calendar: not a date', '{ isWorkingDay(date: "../../etc/passwd") }'),
    c('calendar: reversed range', '{ calendarDays(from: "2026-12-31", to: "2026-01-01") { date } }'),
    c('calendar: range of 8000 years', '{ calendarDays(from: "0001-01-01", to: "9999-12-31") { date } }'),
    c('calendar: a billion working days', '{ addWorkingDays(date: "2026-01-01", days: 1000000000) { date } }'),
    c('calendar: year 0', '{ addWorkingDays(date: "0000-01-01", days: 1) { date } }', undefined, 'either'),
    c('workflow id: SQL', `{ workflow(id: "1' OR '1'='1") { id } }`, undefined, 'either'),
    c('workflow id: 10 000 characters', `{ workflow(id: "${'f'.repeat(10_000)}") { id } }`, undefined, 'either'),
    c('machine id: __proto__', '{ machine(id: "__proto__") { id } }', undefined, 'either'),
    c('machine id: constructor', '{ machine(id: "constructor") { id } }', undefined, 'either'),
    c('NUL in a literal', '{ machine(id: "a\\u0000") { id } }'),
    c('lone surrogate in a literal', '{ machine(id: "\\ud800") { id } }'),
  ];
}

async function tokenCases(): Promise<Case[]> {
  const secret = new TextEncoder().encode(TEST_JWT_SECRET);
  const claims = { name: people.office.name, roles: people.office.roles, unit: people.office.unit };
  const sign = (payload: Record<string, unknown>, opts: { alg?: string; key?: Uint8Array; exp?: number | string | null; header?: Record<string, unknown>; sub?: string | null } = {}) => {
    const jwt = new SignJWT(payload).setProtectedHeader({ alg: opts.alg ?? 'HS256', ...opts.header });
    if (opts.sub !== null) jwt.setSubject(opts.sub ?? people.office.id);
    if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? '10m');
    return jwt.sign(opts.key ?? secret);
  };
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const hs256 = (header: unknown, payload: unknown) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', TEST_JWT_SECRET).update(input).digest('base64url')}`;
  };
  const good = await sign(claims);
  const [h, , s] = good.split('.');
  const raw: Array<[string, string]> = [
    ['forged roles', `${h}.${b64({ ...claims, roles: ['MAYOR', 'ADMIN'], sub: 'x', exp: 4102444800 })}.${s}`],
    ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: 'x', exp: 4102444800 })}.`],
    ['alg none, signature kept', `${b64({ alg: 'none' })}.${b64({ ...claims, sub: 'x', exp: 4102444800 })}.${s}`],
    ['alg NONE', `${b64({ alg: 'NONE' })}.${b64({ ...claims, sub: 'x', exp: 4102444800 })}.`],
    ['truncated signature', good.slice(0, -10)],
    ['signature of another token', `${h}.${b64({ ...claims, sub: 'y', exp: 4102444800 })}.${s}`],
    ['two parts', `${h}.${b64(claims)}`],
    ['four parts', `${good}.AAAA`],
    ['payload not JSON', `${h}.${b64('not json')}.${s}`],
    ['payload an array', `${h}.${b64([1, 2])}.${s}`],
    ['header not JSON', `${b64('{{')}.${b64(claims)}.${s}`],
    ['garbage', 'Zm9v.YmFy.YmF6'],
    ['JWE-looking', `${b64({ alg: 'dir', enc: 'A256GCM' })}....`],
  ];
  const signed: Array<[string, Promise<string>]> = [
    ['expired', sign(claims, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['no exp', sign(claims, { exp: null })],
    ['no sub', sign(claims, { sub: null })],
    ['not before next year', sign({ ...claims, nbf: Math.floor(Date.now() / 1000) + 365 * 86400 })],
    ['wrong secret', sign(claims, { key: new TextEncoder().encode('wrong-secret-0123456789-0123456789-0123') })],
    ['HS512 with the secret', sign(claims, { alg: 'HS512', key: new TextEncoder().encode(TEST_JWT_SECRET + TEST_JWT_SECRET) })],
    ['HS384', sign(claims, { alg: 'HS384' })],
    // jose will not sign an unknown critical header: sign by hand
    ['crit header', Promise.resolve(hs256({ alg: 'HS256', crit: ['x-must-understand'], 'x-must-understand': 1 }, { ...claims, sub: 'x', exp: 4102444800 }))],
    ['unknown role', sign({ ...claims, roles: ['EMPEROR'] })],
    ['roles not a list', sign({ ...claims, roles: 'OFFICE' })],
    ['no roles', sign({ ...claims, roles: [] })],
    ['no unit', sign({ name: claims.name, roles: claims.roles })],
    ['sub of 500 characters', sign(claims, { sub: 'x'.repeat(500) })],
    ['name of 500 characters', sign({ ...claims, name: '名'.repeat(500) })],
    ['empty unit', sign({ ...claims, unit: '' })],
    ['roles with a prototype key', sign({ ...claims, roles: ['__proto__'] })],
  ];
  const cases: Case[] = raw.map(([name, jwt]) => ({ group: 'token', name, expect: 'refuse', send: () => withToken(`Bearer ${jwt}`) }));
  for (const [name, jwt] of signed) {
    const value = await jwt;
    cases.push({ group: 'token', name, expect: 'refuse', send: () => withToken(`Bearer ${value}`) });
  }
  // header tricks: a valid signature with odd (ignored) headers is fine; anything else is refused
  const kid = await sign(claims, { header: { kid: '../../../etc/passwd', jku: 'http://127.0.0.1:1/jwks', x5u: 'http://127.0.0.1:1/x' } });
  cases.push({ group: 'token', name: 'kid/jku/x5u headers are ignored', expect: 'either', send: () => withToken(`Bearer ${kid}`) });
  for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer  ', `bearer ${good}`, `Bearer ${good} extra`, `Token ${good}`, `Bearer ${good}, Bearer ${good}`, `Bearer ${'a'.repeat(20_000)}`]) {
    cases.push({ group: 'token', name: `Authorization: ${header.slice(0, 30)}…`, expect: 'refuse', send: () => withToken(header, 'mutation { startWorkflow(input: { machineId: "supervisionLetter", input: {} }) { id } }') });
  }
  return cases;
}

/** startWorkflow inputs, generated from each machine's input JSON Schema. */
function startCases(): Case[] {
  const cases: Case[] = [];
  for (const model of models) {
    const definition = findDefinition(model.machineId)!;
    const schema = describeMachine(definition).inputSchema as any;
    const start = (input: unknown, machineId = model.machineId, who: Actor = model.starter) => () =>
      gqlAs(who, START, { input: { machineId, input } });
    const c = (name: string, input: unknown, expect: Expect = 'refuse', accepted?: (res: Res) => void): Case => ({
      group: `start ${model.machineId}`,
      name,
      expect,
      send: start(input),
      accepted,
    });
    for (const { path, schema: field } of allFields(schema)) {
      cases.push(...wrongValues(field).map((wrong) => c(`${path.join('.')} = ${JSON.stringify(wrong).slice(0, 40)}`, setPath(model.input, path, wrong))));
      if (schema.required?.includes(path[0]) && path.length === 1) cases.push(c(`missing ${path.join('.')}`, setPath(model.input, path, undefined)));
      if (field.enum) cases.push(c(`${path.join('.')}: unknown enum value`, setPath(model.input, path, `${field.enum[0]}'--`)));
      if (field.pattern || field.format) {
        for (const bad of ['2026-02-30', '26-1-1', '2026-01-01T25:61:00Z', '１２３４-01-01']) {
          cases.push(c(`${path.join('.')} = ${bad}`, setPath(model.input, path, bad)));
        }
      }
    }
    const texts = stringFields(schema).filter(({ schema: field }) => !field.enum && !field.pattern && !field.format);
    for (const [i, { path, schema: field, inArray }] of texts.entries()) {
      // every injection string in the first text field; three of them, in turn, in each other one
      const strings = i === 0 ? INJECTIONS : [0, 1, 2].map((k) => INJECTIONS[(i * 3 + k) % INJECTIONS.length]);
      for (const text of [...strings, ...UNSTORABLE]) {
        const value = inArray ? [text] : text;
        const unstorable = UNSTORABLE.includes(text);
        const tooLong = field.maxLength !== undefined && text.trim().length > field.maxLength;
        cases.push(
          c(
            `${path.join('.')}: ${JSON.stringify(text).slice(0, 30)}`,
            setPath(model.input, path, value),
            unstorable || tooLong ? 'refuse' : 'either',
            roundTrips('startWorkflow', text),
          ),
        );
      }
      cases.push(c(`${path.join('.')}: over maxLength`, setPath(model.input, path, inArray ? ['长'.repeat(field.maxLength + 1)] : '长'.repeat((field.maxLength ?? 100) + 1))));
      cases.push(c(`${path.join('.')}: whitespace only`, setPath(model.input, path, inArray ? ['   '] : ' \t\n ')));
    }
    cases.push(c('unknown field', { ...model.input, isAdmin: true }));
    cases.push(c('__proto__ field', JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(model.input).slice(1)}`), 'either'));
    for (const input of [null, [], 'text', 42, true, {}]) cases.push(c(`input ${JSON.stringify(input)}`, input));
    cases.push(c('payload over 64 KB', { ...model.input, [Object.keys(model.input)[0]]: 'x'.repeat(70_000) }));
  }
  for (const machineId of ['', 'nope', '__proto__', 'constructor', 'toString', '../../etc/passwd', 'supervisionLetter ', 'SUPERVISIONLETTER', 'x'.repeat(5000)]) {
    cases.push({ group: 'start', name: `machineId ${JSON.stringify(machineId).slice(0, 30)}`, expect: 'refuse', send: () => gqlAs(people.office, START, { input: { machineId, input: letterInput() } }) });
  }
  // who may not start
  for (const who of [people.housing, people.town, people.admin]) {
    cases.push({ group: 'start', name: `a letter started by ${who.id}`, expect: 'refuse', send: () => gqlAs(who, START, { input: { machineId: 'supervisionLetter', input: letterInput() } }) });
  }
  cases.push({ group: 'start', name: 'idempotency key of 5000 characters', expect: 'refuse', send: () => gqlAs(people.office, START, { input: { machineId: 'supervisionLetter', input: letterInput(), idempotencyKey: 'k'.repeat(5000) } }) });
  return cases;
}

/**
 * Event payloads: for each machine and event type, the first state (on the model's shortest
 * paths) where someone may send it; each mutation of the sample payload is sent there by them.
 */
function eventCases(): Case[] {
  const cases: Case[] = [];
  const now = new Date();
  for (const model of models) {
    const definition = findDefinition(model.machineId)!;
    const description = describeMachine(definition);
    const fixture = fixtures.get(model.machineId)!;
    const seen = new Set<string>();
    for (const path of statePaths(definition, model, now)) {
      for (const event of acceptedModelEvents(definition, model, path.end, now)) {
        if (seen.has(event.type)) continue;
        seen.add(event.type);
        const key = event.type;
        fixture.at.set(key, { id: null, steps: path.steps.map((s) => s.event) });
        const slot = fixture.at.get(key)!;
        const prepare = async () => {
          if (slot.id) return false;
          slot.id = await workflowAfter(model, slot.steps);
          return true;
        };
        const moved = () => {
          slot.id = null;
        };
        const send = (payload: unknown, who: Actor = event.actor, type = event.type) => async () =>
          gqlAs(who, SEND, { input: { workflowId: slot.id, type, payload } });
        const group = `event ${model.machineId}.${event.type}`;
        const schema = description.events.find((e) => e.type === event.type)!.payloadSchema as any;
        for (const { path: p, schema: field } of allFields(schema)) {
          for (const wrong of wrongValues(field).slice(0, 2)) {
            cases.push({ group, name: `${p.join('.')} = ${JSON.stringify(wrong).slice(0, 40)}`, expect: 'refuse', prepare, send: send(setPath(event.payload, p, wrong)), after: moved });
          }
          if (field.pattern || field.format) {
            for (const bad of ['2026-02-30', '99999-01-01T00:00:00+08:00']) {
              cases.push({ group, name: `${p.join('.')} = ${bad}`, expect: 'refuse', prepare, send: send(setPath(event.payload, p, bad)), after: moved });
            }
          }
        }
        for (const { path: p, schema: field, inArray } of stringFields(schema)) {
          if (field.enum || field.pattern || field.format) continue;
          // every injection string is tried in the start inputs; here one of each kind, spread over the fields
          const texts = [INJECTIONS[(cases.length * 7) % INJECTIONS.length], UNSTORABLE[cases.length % 2]];
          for (const text of texts) {
            const refuse = UNSTORABLE.includes(text) || (field.maxLength !== undefined && text.trim().length > field.maxLength);
            cases.push({
              group,
              name: `${p.join('.')}: ${JSON.stringify(text).slice(0, 30)}`,
              expect: refuse ? 'refuse' : 'either',
              prepare,
              send: send(setPath(event.payload, p, inArray ? [text] : text)),
              accepted: roundTrips('sendEvent', text),
              after: moved,
            });
          }
        }
        const refusal = (name: string, payload: unknown) => ({ group, name, expect: 'refuse' as const, prepare, send: send(payload), after: moved });
        cases.push(refusal('unknown payload field', { ...event.payload, approvedBy: 'mayor' }));
        for (const payload of [[], 'text', 42]) cases.push(refusal(`payload ${JSON.stringify(payload)}`, payload));
        cases.push(refusal('payload over 64 KB', { ...event.payload, big: 'x'.repeat(70_000) }));
        // the same event by a bystander of another unit (the model-based test covers every role)
        const bystander = model.people.find((p) => !p.roles.some((r) => event.actor.roles.includes(r)) && p.unit !== event.actor.unit);
        if (bystander) cases.push({ group, name: `sent by ${bystander.id}`, expect: 'either', prepare, send: send(event.payload, bystander), after: moved });
      }
    }
  }
  // event types that are not events of the machine, sent to the supervision letter by the office
  for (const type of ['', 'urge', ' URGE', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'xstate.init', 'xstate.after.1000.x', '*', 'START', 'DEADLINE_PASSED', 'DEADLINE_WARNING', 'ADMIN_CANCEL', 'x'.repeat(2000)]) {
    cases.push({
      group: 'event type',
      name: JSON.stringify(type).slice(0, 30),
      expect: 'refuse',
      send: () => gqlAs(people.office, SEND, { input: { workflowId: letterId, type, payload: {} } }),
    });
  }
  // another unit's letter: read nothing, change nothing
  for (const who of [people.transport, people.otherViceMayor]) {
    for (const type of definitions[0].id === 'supervisionLetter' ? Object.keys(findDefinition('supervisionLetter')!.events) : []) {
      cases.push({
        group: 'another unit',
        name: `${who.id} sends ${type}`,
        expect: 'refuse',
        send: () => gqlAs(who, SEND, { input: { workflowId: letterId, type, payload: { content: 'x', reason: 'x', newDueDate: '2027-06-30', newLeadUnit: '市交通局', summary: 'x' } } }),
      });
    }
  }
  // a department that is not involved sees nothing (leaders see every workflow: README)
  for (const who of [people.transport]) {
    cases.push({
      group: 'another unit',
      name: `${who.id} reads the letter`,
      expect: 'either',
      send: () => gqlAs(who, `query($id: ID!) { workflow(id: $id) { id context } }`, { id: letterId }),
      accepted: (res) => expect(res.json.data.workflow).toBeNull(),
    });
    cases.push({
      group: 'another unit',
      name: `${who.id} lists workflows`,
      expect: 'either',
      send: () => gqlAs(who, `{ workflows(first: 100) { edges { node { id } } } }`),
      accepted: (res) => expect(res.json.data.workflows.edges.map((e: any) => e.node.id)).not.toContain(letterId),
    });
  }
  for (const workflowId of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid', "' OR 1=1 --", '', 'x'.repeat(3000)]) {
    cases.push({ group: 'event', name: `workflowId ${JSON.stringify(workflowId).slice(0, 30)}`, expect: 'refuse', send: () => gqlAs(people.office, SEND, { input: { workflowId, type: 'URGE', payload: {} } }) });
  }
  for (const expectedVersion of [-1, 0, 2147483647]) {
    cases.push({ group: 'event', name: `expectedVersion ${expectedVersion}`, expect: 'refuse', send: () => gqlAs(people.office, SEND, { input: { workflowId: letterId, type: 'URGE', payload: {}, expectedVersion } }) });
  }
  cases.push({ group: 'event', name: 'expectedVersion as a string', expect: 'refuse', send: () => gqlAs(people.office, SEND, { input: { workflowId: letterId, type: 'URGE', payload: {}, expectedVersion: '2' } }) });
  cases.push({ group: 'event', name: 'unknown input field', expect: 'refuse', send: () => gqlAs(people.office, SEND, { input: { workflowId: letterId, type: 'URGE', payload: {}, actor: 'mayor-sun' } }) });
  cases.push({ group: 'event', name: 'without a token', expect: 'refuse', send: () => gqlAs(null, SEND, { input: { workflowId: letterId, type: 'URGE', payload: {} } }) });
  return cases;
}

/** Batched operations (a JSON array): refused as a whole, whatever they contain. */
function batchCases(): Case[] {
  const one = { query: SEND, variables: { input: { workflowId: letterId, type: 'URGE', payload: {} } } };
  return [2, 10, 1000].map((n) => ({
    group: 'batch',
    name: `${n} operations in one request`,
    expect: 'refuse' as const,
    send: async () => request(JSON.stringify(Array.from({ length: n }, () => one)), { authorization: `Bearer ${await token(people.office)}` }),
  }));
}

// ---------------------------------------------------------------------------------------------

/** Why an answer is a crash, or null when it is a proper answer. */
function crash(res: Res): string | null {
  if (res.status === 0) return `no answer: ${res.text}`;
  if (res.status >= 500) return `HTTP ${res.status}`;
  if (/\bat \S+ \(|node_modules|\.[jt]s:\d+:\d+|stacktrace|\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|duplicate key|violates|syntax error at or near/i.test(res.text)) {
    return 'internals in the answer';
  }
  if ([404, 405, 413, 431].includes(res.status) && !res.json) return null; // refused by the HTTP layer
  if (!res.json || typeof res.json !== 'object') return `not JSON: ${res.text.slice(0, 100)}`;
  for (const error of res.json.errors ?? []) {
    const code = error?.extensions?.code;
    if (typeof code !== 'string') return `an error without a code: ${JSON.stringify(error).slice(0, 200)}`;
    if (!CODES.has(code)) return `code ${code}`;
  }
  return null;
}

const refused = (res: Res) => (res.json?.errors?.length ?? 0) > 0 || res.status >= 400;

test('the bad-input corpus: every request answered with a code, nothing written by refusals, no crash', async () => {
  const cases = [...httpCases(), ...documentCases(), ...(await tokenCases()), ...startCases(), ...eventCases(), ...batchCases()];
  const crashes: string[] = [];
  const failures: string[] = [];
  const tally = { refused: 0, accepted: 0 };
  let baseline = await fingerprint(t.db.url);
  const groups = new Map<string, number>();
  for (const c of cases) {
    const kind = c.group.split(' ')[0];
    groups.set(kind, (groups.get(kind) ?? 0) + 1);
    let res: Res;
    try {
      if (await c.prepare?.()) {
        baseline = await fingerprint(t.db.url);
      }
      res = await c.send();
    } catch (error) {
      crashes.push(`${c.group} / ${c.name}: fixture failed: ${(error as Error).message}`);
      continue;
    }
    const why = crash(res);
    if (why) crashes.push(`${c.group} / ${c.name}: ${why}: ${res.text.slice(0, 300)}`);
    if (refused(res)) {
      tally.refused++;
      const now = await fingerprint(t.db.url);
      if (now !== baseline) failures.push(`${c.group} / ${c.name}: refused (${res.json?.errors?.[0]?.extensions?.code}) but the database changed`);
      baseline = now;
    } else {
      tally.accepted++;
      if (c.expect === 'refuse') failures.push(`${c.group} / ${c.name}: should have been refused, got ${res.text.slice(0, 200)}`);
      try {
        c.accepted?.(res);
      } catch (error) {
        failures.push(`${c.group} / ${c.name}: accepted, but ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`);
      }
      c.after?.();
      baseline = await fingerprint(t.db.url);
    }
  }

  // still healthy: liveness, readiness, and a normal request
  const health = await fetch(`${t.url}/healthz`);
  const ready = await fetch(`${t.url}/readyz`);
  const normal = await gqlAs(people.office, `query($id: ID!) { workflow(id: $id) { id state } }`, { id: letterId });
  console.log(
    `bad-input corpus: ${cases.length} requests, ${crashes.length} crashes; ${tally.refused} refused with a code, ` +
      `${tally.accepted} accepted; ${failures.length} other failures; by kind ${JSON.stringify(Object.fromEntries(groups))}` +
      [...crashes, ...failures].map((line) => `\n  ${line}`).join(''),
  );
  expect(cases.length).toBeGreaterThanOrEqual(200);
  expect(crashes).toEqual([]);
  expect(failures).toEqual([]);
  expect(health.status).toBe(200);
  expect(ready.status).toBe(200);
  expect(normal.json.data.workflow).toEqual({ id: letterId, state: 'awaitingFeedback' });
}, 300_000);
