/**
 * POST /graphql with a JSON body of known length goes straight to Apollo (src/http/graphql-post.ts);
 * the same request sent chunked goes through Express. Both must answer alike, byte for byte.
 */
import http from 'node:http';
import { startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { people } from '../helpers/letters';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { MAX_BODY_BYTES: '20000' } });
});
afterAll(() => t.stop());

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** One POST; `chunked` leaves out content-length, so Node sends the body in chunks. */
function post(body: string | Buffer, headers: Record<string, string>, chunked: boolean): Promise<Answer> {
  const url = new URL(`${t.url}/graphql`);
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/graphql',
        method: 'POST',
        headers: { 'x-request-id': 'same-id', ...headers, ...(chunked ? {} : { 'content-length': String(bytes.length) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: {
              'content-type': res.headers['content-type'],
              'x-request-id': res.headers['x-request-id'] as string | undefined,
              'retry-after': res.headers['retry-after'] as string | undefined,
            },
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (chunked) {
      // two writes: a chunked body, so the request takes the Express path
      req.write(bytes.subarray(0, 1));
      req.end(bytes.subarray(1));
    } else req.end(bytes);
  });
}

const json = { 'content-type': 'application/json' };

test('the direct path and the Express path answer every kind of JSON POST alike', async () => {
  const office = await tokenFor(people.office);
  const authed = { ...json, authorization: `Bearer ${office}` };
  const cases: Array<[string, string | Buffer, Record<string, string>]> = [
    ['a query', JSON.stringify({ query: '{ me { id roles } }' }), authed],
    ['a query with charset', JSON.stringify({ query: '{ me { id } }' }), { ...authed, 'content-type': 'application/json; charset=utf-8' }],
    ['a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ query: '{ me { id } }' }))]), authed],
    ['malformed JSON', '{"query": ', authed],
    ['a JSON string, not an object', '"{ me { id } }"', authed],
    ['a batch', JSON.stringify([{ query: '{ me { id } }' }]), authed],
    ['no query', JSON.stringify({ variables: {} }), authed],
    ['a syntax error', JSON.stringify({ query: '{ me { id ' }), authed],
    ['an unknown field', JSON.stringify({ query: '{ nothing }' }), authed],
    ['bad variables', JSON.stringify({ query: 'query($n: Int!) { workflows(first: $n) { totalCount } }', variables: { n: 'x' } }), authed],
    ['a resolver refusal', JSON.stringify({ query: '{ workflow(id: "00000000-0000-4000-8000-000000000000") { id } }' }), authed],
    ['a forged token', JSON.stringify({ query: '{ me { id } }' }), { ...json, authorization: 'Bearer not.a.token' }],
    ['the response media type asked for', JSON.stringify({ query: '{ nothing }' }), { ...authed, accept: 'application/graphql-response+json' }],
  ];
  for (const [name, body, headers] of cases) {
    const direct = await post(body, headers, false);
    const viaExpress = await post(body, headers, true);
    expect({ name, ...direct }).toEqual({ name, ...viaExpress });
    expect(direct.headers['x-request-id']).toBe('same-id');
  }
  // and the answers are what a client expects of them
  const ok = JSON.parse((await post(cases[0][1], authed, false)).body);
  expect(ok.data.me.id).toBe(people.office.id);
  const malformed = await post('{"query": ', authed, false);
  expect(malformed.status).toBe(400);
  expect(JSON.parse(malformed.body).errors[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: 'same-id' });
});

test('a body over the limit, compressed or of another media type is left to Express and refused as before', async () => {
  const big = await post(JSON.stringify({ query: '{ me { id } }', variables: { x: 'x'.repeat(30_000) } }), json, false);
  expect(big.status).toBe(413);
  expect(JSON.parse(big.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  const gzip = await post('not gzip at all', { ...json, 'content-encoding': 'gzip' }, false);
  expect(gzip.status).toBe(400);
  expect(JSON.parse(gzip.body).errors[0].extensions.code).toBe('BAD_REQUEST');
  const plain = await post(JSON.stringify({ query: '{ me { id } }' }), { 'content-type': 'text/plain' }, false);
  expect(plain.status).toBe(400); // CSRF prevention
});
