/**
 * The GraphQL-over-HTTP specification audit (graphql-http's serverAudits) against the real
 * server: no requirement (MUST) fails, no recommendation (SHOULD) is left out. What it may do
 * (MAY) and does not is a notice, explained in the README ("GraphQL over HTTP").
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import { rawRequest, startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

/** MAY: GET requests are refused without a preflight header (CSRF prevention), so these fail. */
const NOTICES = ['5A70', '6A70', 'D6D5'];

test('graphql-http server audits: no errors, no warnings, at least 58 of 61 followed', async () => {
  const results: AuditResult[] = [];
  for (const audit of serverAudits({ url: `${t.url}/graphql`, fetchFn: fetch })) {
    results.push(await audit.fn());
  }
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const failed = results.filter((r) => r.status !== 'ok') as Array<{ id: string; name: string; status: string; reason: string }>;
  console.log(
    `graphql-http audit: ${results.length} audits, ${count('ok')} ok, ${count('notice')} notice, ${count('warn')} warn, ${count('error')} error\n` +
      failed.map((r) => `  ${r.status} ${r.id} ${r.name}: ${r.reason}`).join('\n'),
  );
  expect(failed.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}`)).toEqual([]);
  expect(failed.filter((r) => r.status === 'warn').map((r) => `${r.id} ${r.name}`)).toEqual([]);
  expect(failed.filter((r) => !NOTICES.includes(r.id)).map((r) => `${r.id} ${r.name}`)).toEqual([]);
  expect(results).toHaveLength(61);
  expect(count('ok')).toBeGreaterThanOrEqual(58);
});

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

const post = (accept: string, body: string, headers: Record<string, string> = {}) =>
  rawRequest(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept, ...headers }, body });

/** Well-formed requests that raise a GraphQL request error, and the code each answers with. */
const requestErrors: Array<[string, string, Record<string, unknown>]> = [
  ['a document that does not parse', 'GRAPHQL_PARSE_FAILED', { query: '{ me { id ' }],
  ['a document that does not validate', 'GRAPHQL_VALIDATION_FAILED', { query: '{ workflowz { edges { cursor } } }' }],
  ['a document over the alias limit', 'QUERY_TOO_COMPLEX', { query: `{ me { ${Array.from({ length: 16 }, (_, i) => `a${i}: id`).join(' ')} } }` }],
  ['a document over the token limit', 'QUERY_TOO_COMPLEX', { query: `{ ${'__typename '.repeat(1001)} }` }],
  ['an operation name the document lacks', 'OPERATION_RESOLUTION_FAILURE', { query: 'query A { __typename }', operationName: 'B' }],
  ['a variable of the wrong type', 'BAD_USER_INPUT', { query: 'query($n: Int!) { workflows(first: $n) { edges { cursor } } }', variables: { n: 'ten' } }],
  ['a variable with text PostgreSQL cannot store', 'BAD_USER_INPUT', { query: 'query($id: ID!) { workflow(id: $id) { id } }', variables: { id: 'a\u0000b' } }],
];

test.each(requestErrors)('%s answers 200 as application/json and 400 as application/graphql-response+json, coded', async (_name, code, body) => {
  for (const [accept, status, type] of [
    [JSON_TYPE, 200, JSON_TYPE],
    [GRAPHQL_RESPONSE, 400, GRAPHQL_RESPONSE],
    [`${GRAPHQL_RESPONSE}, ${JSON_TYPE};q=0.9`, 400, GRAPHQL_RESPONSE],
    [`${JSON_TYPE}, ${GRAPHQL_RESPONSE};q=0.9`, 200, JSON_TYPE],
    ['*/*', 200, JSON_TYPE],
  ] as const) {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect({ accept, status: res.status, data: 'data' in json, code: json.errors[0].extensions.code }).toEqual({ accept, status, data: false, code });
    expect(res.headers.get('content-type')).toContain(type);
  }
});

test('a request that is not a well-formed GraphQL request, or is not allowed, keeps its 4xx as application/json too', async () => {
  for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
    const answers = {
      malformedJson: await post(accept, '{"query": '),
      noQuery: await post(accept, JSON.stringify({ qeury: '{ __typename }' })),
      queryNotText: await post(accept, JSON.stringify({ query: 42 })),
      batch: await post(accept, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])),
      tooLarge: await post(accept, JSON.stringify({ query: '{ __typename }', variables: { x: 'x'.repeat(1_100_000) } })),
      forgedToken: await post(accept, JSON.stringify({ query: '{ me { id } }' }), { authorization: 'Bearer not.a.token' }),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, res.status]));
    expect({ accept, ...statuses }).toEqual({ accept, malformedJson: 400, noQuery: 400, queryNotText: 400, batch: 400, tooLarge: 413, forgedToken: 401 });
    for (const res of Object.values(answers)) expect(typeof res.json.errors[0].extensions.code).toBe('string');
  }
});
