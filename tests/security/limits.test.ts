/**
 * GraphQL request limits (OWASP GraphQL cheat sheet): depth, aliases, cost, tokens, directives,
 * batching, payload size and nesting, pagination caps, introspection and suggestions, CSRF.
 * Each refusal has a code and leaves the database as it was.
 */
import { getIntrospectionQuery, parse } from 'graphql';
import { loadConfig } from '../../src/config';
import { validateWithLimits } from '../../src/graphql/limits';
import { buildApiSchema } from '../../src/graphql/schema';
import { codeOf, gql, rawRequest, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TEST_JWT_SECRET } from '../helpers/env';
import { fingerprint } from '../helpers/fingerprint';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
/** small limits, to test each one with valid queries */
let small: TestApp;
/** production-like: no introspection, no suggestions */
let closed: TestApp;
let office: string;
let letterId: string;

beforeAll(async () => {
  [t, small, closed] = await Promise.all([
    startTestApp(),
    startTestApp({
      config: {
        GRAPHQL_MAX_DEPTH: '3',
        GRAPHQL_MAX_ALIASES: '2',
        GRAPHQL_MAX_COST: '60',
        GRAPHQL_MAX_TOKENS: '100',
        GRAPHQL_MAX_DIRECTIVES: '2',
        MAX_PAYLOAD_BYTES: '1000',
      },
    }),
    startTestApp({ config: { GRAPHQL_INTROSPECTION: 'false', GRAPHQL_SUGGESTIONS: 'false' } }),
  ]);
  office = await tokenFor(people.office);
  const started = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  letterId = started.data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: letterId, type: 'ISSUE', payload: {} } });
});
afterAll(() => Promise.all([t, small, closed].map((a) => a?.stop())));

const raw = (url: string, body: string, headers: Record<string, string> = {}) =>
  rawRequest(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${office}`, ...headers },
    body,
  });

/**
 * A refusal by a limit: QUERY_TOO_COMPLEX naming the limit, nothing written; a request error, so
 * HTTP 200 as application/json (what gql receives) and 400 as application/graphql-response+json.
 */
async function tooComplex(url: string, query: string, limit: string, variables?: Record<string, unknown>) {
  const before = await fingerprint(t.db.url);
  const res = await gql(url, office, query, variables);
  expect(res.status).toBe(200);
  const strict = await raw(url, JSON.stringify({ query, variables }), { accept: 'application/graphql-response+json' });
  expect([strict.status, strict.json.errors[0].extensions.code]).toEqual([400, res.errors![0].extensions.code]);
  const error = res.errors!.find((e) => e.extensions.code === 'QUERY_TOO_COMPLEX');
  expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
  expect(typeof error?.extensions.max).toBe('number');
  expect(res.errors!.every((e) => typeof e.extensions.code === 'string' && e.extensions.requestId)).toBe(true);
  expect(await fingerprint(t.db.url)).toBe(before);
  return res;
}

describe('configuration', () => {
  test('defaults, and production closes introspection and suggestions unless asked', () => {
    const dev = loadConfig({});
    expect(dev.graphql).toEqual({
      maxDepth: 10,
      maxAliases: 15,
      maxCost: 5000,
      maxTokens: 1000,
      maxDirectives: 20,
      introspection: true,
      suggestions: true,
      maxPayloadBytes: 65536,
    });
    const prod = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_JWT_SECRET });
    expect(prod.graphql).toMatchObject({ introspection: false, suggestions: false });
    const opened = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_JWT_SECRET, GRAPHQL_INTROSPECTION: 'true' });
    expect(opened.graphql.introspection).toBe(true);
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: 'deep' })).toThrow(/GRAPHQL_MAX_DEPTH/);
  });

  test('validateWithLimits gives other transports (graphql-ws) the same rules', () => {
    const check = validateWithLimits({ ...loadConfig({}).graphql, maxAliases: 1, introspection: false });
    const schema = buildApiSchema();
    expect(check(schema, parse('{ me { id } }'))).toEqual([]);
    expect(check(schema, parse('{ a: me { id } b: me { id } }')).map((e) => e.extensions)).toEqual([{ limit: 'aliases', max: 1 }]);
    expect(check(schema, parse('{ __schema { types { name } } }'))[0].message).toMatch(/introspection/);
  });
});

describe('default limits', () => {
  test('the queries clients send pass: a full workflow, a page of 100, GraphiQL\'s introspection', async () => {
    const one = await gql(t.url, office, `query($id: ID!) { workflow(id: $id) { id state history { seq actor { id name roles unit } } availableEvents { type label } deadlines { kind due } } }`, { id: letterId });
    expect(one.errors).toBeUndefined();
    const page = await gql(t.url, office, `{ workflows(first: 100) { edges { cursor node { id title state stateLabel status version alertLevel deadline units } } pageInfo { hasNextPage endCursor } } }`);
    expect(page.errors).toBeUndefined();
    const introspection = await gql(t.url, office, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true }));
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.queryType.name).toBe('Query');
  });

  test('depth: 11 levels are refused', async () => {
    let q = 'id';
    for (let i = 0; i < 11; i++) q = `workflow(id: "x") { ${q} }`;
    await tooComplex(t.url, `{ ${q} }`, 'depth');
  });

  test('aliases: 16 are refused, 15 pass', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect((await gql(t.url, office, aliases(15))).errors).toBeUndefined();
    await tooComplex(t.url, aliases(16), 'aliases');
  });

  test('cost: a page of 100 workflows with their whole history and events is refused', async () => {
    const res = await tooComplex(
      t.url,
      `{ workflows(first: 100) { edges { node { id title context history { seq eventType payload stateBefore stateAfter at actor { id name roles unit } } availableEvents { type label payloadSchema } deadlines { kind label due warnAt } pendingTimers { kind dueAt } } } } }`,
      'cost',
    );
    expect(res.errors![0].message).toMatch(/cost limit of 5000 exceeded/i);
  });

  test('tokens: a document of more than 1000 tokens is refused before it is parsed in full', async () => {
    await tooComplex(t.url, `{ me { ${'id '.repeat(1200)} } }`, 'tokens');
  });

  test('directives: more than 20 are refused', async () => {
    await tooComplex(t.url, `{ me { ${'__typename @skip(if: false) '.repeat(21)} } }`, 'directives');
  });

  test('batching is off: a JSON array of operations is refused with HTTP 400', async () => {
    const before = await fingerprint(t.db.url);
    const res = await raw(
      t.url,
      JSON.stringify([
        { query: '{ me { id } }' },
        { query: SEND, variables: { input: { workflowId: letterId, type: 'URGE', payload: {} } } },
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.text).toMatch(/batch/i);
    expect(await fingerprint(t.db.url)).toBe(before);
  });
});

describe('configured limits', () => {
  test('each limit follows its variable', async () => {
    await tooComplex(small.url, `{ workflows { edges { node { id } } } }`, 'depth');
    expect((await gql(small.url, office, `{ a: me { id } b: me { id } }`)).errors).toBeUndefined();
    await tooComplex(small.url, `{ a: me { id } b: me { id } c: me { id } }`, 'aliases');
    await tooComplex(small.url, `{ workflows(first: 10) { pageInfo { hasNextPage endCursor } } }`, 'cost');
    await tooComplex(small.url, `{ me { ${'id '.repeat(100)} } }`, 'tokens');
    await tooComplex(small.url, `{ me { id @skip(if: false) name @skip(if: false) unit @skip(if: false) } }`, 'directives');
  });
});

describe('payload size and nesting', () => {
  const before = () => fingerprint(t.db.url);

  test('an event payload over MAX_PAYLOAD_BYTES is BAD_USER_INPUT naming payload', async () => {
    const housing = await tokenFor(people.housing);
    const was = await before();
    const res = await gql(small.url, housing, `mutation($input: SendEventInput!) { sendEvent(input: $input) { id } }`, { input: { workflowId: letterId, type: 'SUBMIT_FEEDBACK', payload: { content: '长'.repeat(400) } } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.invalidFields).toEqual([{ path: 'payload', message: 'must be at most 1000 bytes as JSON' }]);
    const big = await gql(t.url, housing, SEND, { input: { workflowId: letterId, type: 'SUBMIT_FEEDBACK', payload: { content: 'x'.repeat(70_000) } } });
    expect(big.errors![0].extensions.invalidFields).toEqual([{ path: 'payload', message: 'must be at most 65536 bytes as JSON' }]);
    expect(await before()).toBe(was);
  });

  test('a start input over the limit is BAD_USER_INPUT naming input', async () => {
    const was = await before();
    const res = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ requirement: '要'.repeat(30_000) }) } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions.invalidFields[0].path).toBe('input');
    expect(await before()).toBe(was);
  });

  test('a payload nested deeper than 32 levels is refused, even 100 000 levels deep', async () => {
    const was = await before();
    let nested: unknown = 'x';
    for (let i = 0; i < 40; i++) nested = { a: nested };
    const res = await gql(t.url, office, SEND, { input: { workflowId: letterId, type: 'URGE', payload: { message: nested } } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', invalidFields: [{ path: 'payload' }] });
    // built as text: JSON.stringify itself would overflow the stack
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = `{"query":${JSON.stringify(SEND)},"variables":{"input":{"workflowId":"${letterId}","type":"URGE","payload":{"message":${deep}}}}}`;
    const r = await raw(t.url, body);
    expect(r.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await before()).toBe(was);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  test('text PostgreSQL cannot store (U+0000, unpaired surrogates) is BAD_USER_INPUT, never a database error', async () => {
    const was = await before();
    for (const bad of ['a\u0000b', '\ud800', 'x\udc00y']) {
      const res = await gql(t.url, office, SEND, { input: { workflowId: letterId, type: 'URGE', payload: { message: bad } } });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', invalidFields: [{ path: 'variables.input.payload.message' }] });
      const inFilter = await gql(t.url, office, `query($u: String) { workflows(filter: { unit: $u }) { edges { node { id } } } }`, { u: bad });
      expect(codeOf(inFilter)).toBe('BAD_USER_INPUT');
    }
    const literal = await gql(t.url, office, `{ workflows(filter: { unit: "a\\u0000b" }) { edges { node { id } } } }`);
    expect(literal.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', invalidFields: [{ path: 'query' }] });
    expect(await before()).toBe(was);
    // a well-formed astral character is fine
    const ok = await gql(t.url, office, SEND, { input: { workflowId: letterId, type: 'URGE', payload: { message: '请加快 😀' } } });
    expect(ok.errors).toBeUndefined();
  });
});

describe('pagination caps', () => {
  test('workflows first is 1 to 100, myTasks first 1 to 200', async () => {
    for (const first of [0, -1, 101, 100_000]) {
      const res = await gql(t.url, office, `query($n: Int!) { workflows(first: $n) { edges { cursor } } }`, { n: first });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', invalidFields: [{ path: 'first' }] });
    }
    for (const first of [0, 201]) {
      const res = await gql(t.url, office, `query($n: Int!) { myTasks(first: $n) { mustAct } }`, { n: first });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', invalidFields: [{ path: 'first' }] });
    }
    expect((await gql(t.url, office, `{ myTasks(first: 200) { mustAct } }`)).errors).toBeUndefined();
    const huge = await gql(t.url, office, `{ workflows(first: 99999999999) { edges { cursor } } }`);
    expect(huge.status).toBe(200); // a request error, answered as application/json
    expect(huge.errors!.map((e) => e.extensions.code)).toContain('GRAPHQL_VALIDATION_FAILED'); // not an Int
  });
});

describe('introspection and suggestions', () => {
  test('on by default outside production: introspection answers, errors suggest', async () => {
    const res = await gql(t.url, office, `{ __schema { types { name } } }`);
    expect(res.errors).toBeUndefined();
    const typo = await gql(t.url, office, `{ workflowz { edges { cursor } } }`);
    expect(codeOf(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors![0].message).toMatch(/Did you mean "workflow/);
  });

  test('off: introspection is refused with a code, and errors name nothing of the schema', async () => {
    const res = await gql(closed.url, office, `{ __schema { types { name } } }`);
    expect(res.status).toBe(200); // a request error, answered as application/json
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0].message).toMatch(/introspection/i);
    const type = await gql(closed.url, office, `{ __type(name: "Workflow") { fields { name } } }`);
    expect(codeOf(type)).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await gql(closed.url, office, `{ workflowz { edges { cursor } } }`);
    expect(codeOf(typo)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors![0].message).not.toMatch(/Did you mean/);
    const wrongArg = await gql(closed.url, office, `{ workflows(frist: 1) { edges { cursor } } }`);
    expect(wrongArg.errors![0].message).not.toMatch(/Did you mean/);
    // __typename is not introspection: it stays
    expect((await gql(closed.url, office, `{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });
});

describe('CSRF prevention and errors', () => {
  test('a GET without a preflight header, a form post and a text/plain post are refused', async () => {
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${office}` } });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/Cross-Site Request Forgery/);
    const form = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${office}` },
      body: 'query=%7B+me+%7B+id+%7D+%7D',
    });
    expect(form.status).toBe(400);
    const mutationByGet = await fetch(
      `${t.url}/graphql?query=${encodeURIComponent('mutation { sendEvent(input: { workflowId: "x", type: "URGE" }) { id } }')}`,
      { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${office}` } },
    );
    expect(mutationByGet.status).toBe(405);
  });

  test('no error shows a stack trace, SQL or a file path', async () => {
    const requests = [
      raw(t.url, '{"query": "{ workflow(id: \\"\' OR 1=1 --\\") { id } }"}'),
      raw(t.url, '{"query": "{ me { id } "}'),
      raw(t.url, JSON.stringify({ query: '{ workflow(id: "00000000-0000-0000-0000-000000000000", x: 1) { id } }' })),
      raw(t.url, JSON.stringify({ query: SEND, variables: { input: { workflowId: letterId, type: 'URGE', payload: [1, 2] } } })),
      raw(t.url, JSON.stringify({ query: '{ workflows(after: "bm90IGEgY3Vyc29y") { edges { cursor } } }' })),
      raw(t.url, JSON.stringify({ query: '{ calendarDays(from: "2026-01-01", to: "2020-01-01") { date } }' })),
      raw(t.url, JSON.stringify({ query: 'query { me { id } } query { me { name } }' })),
      raw(t.url, '{"query": 42}'),
      raw(t.url, 'null'),
    ];
    const [injection, ...refused] = await Promise.all(requests);
    expect(injection.json).toEqual({ data: { workflow: null } }); // no such workflow: nothing to see
    for (const res of refused) {
      expect(res.status).toBeLessThan(500);
      expect(res.json.errors.every((e: any) => typeof e.extensions?.code === 'string')).toBe(true);
      expect(res.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|stacktrace|SELECT |INSERT |\/work\//);
    }
  });
});
