import { GraphQLError } from 'graphql';
import { ErrorCode, WorkflowError } from '../../src/kernel/errors';
import { HTTP_STATUS, toClientError } from '../../src/graphql/errors';

test('every error code has its HTTP status, and a refusal keeps its code, message and details', () => {
  const expected: Record<string, number> = {
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    UNKNOWN_ACTOR: 403,
    NOT_FOUND: 404,
    BAD_USER_INPUT: 400,
    EVENT_NOT_ACCEPTED: 409,
    VERSION_CONFLICT: 409,
    IDEMPOTENCY_KEY_REUSED: 422,
    SERVICE_UNAVAILABLE: 503,
    SLOW_CONSUMER: 429,
    INTERNAL_SERVER_ERROR: 500,
  };
  expect(HTTP_STATUS).toEqual(expected);
  for (const code of Object.values(ErrorCode)) {
    const client = toClientError(new WorkflowError(code, `refused: ${code}`, { field: 'x' }), 'req-1');
    expect(client).toEqual({ message: `refused: ${code}`, extensions: { code, field: 'x', requestId: 'req-1' }, httpStatus: expected[code] });
  }
});

test('an unexpected error becomes INTERNAL_SERVER_ERROR without its message or stack', () => {
  const client = toClientError(new Error('SELECT secret FROM users; at Pool.query (pg/lib/pool.js)'));
  expect(client).toEqual({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, httpStatus: 500 });
  expect(JSON.stringify(toClientError(new GraphQLError('wrapped', { originalError: new Error('boom') })))).not.toMatch(/boom|wrapped/);
});

test('a lost database connection becomes SERVICE_UNAVAILABLE, whether by SQLSTATE, socket code or pg message', () => {
  const reachable = [
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    new Error('Connection terminated unexpectedly'),
  ];
  for (const error of reachable) {
    expect(toClientError(error)).toEqual({
      message: 'the database is not reachable; try again',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
      httpStatus: 503,
    });
  }
});

test('a resolver refusal wrapped by GraphQL is reported as the refusal it wraps', () => {
  const wrapped = new GraphQLError('x', { originalError: new WorkflowError(ErrorCode.FORBIDDEN, 'not yours'), path: ['workflow'] });
  expect(toClientError(wrapped)).toMatchObject({ message: 'not yours', extensions: { code: 'FORBIDDEN' }, httpStatus: 403 });
});

test("GraphQL's own errors keep their code and message, lose stack and transport details, and limits are QUERY_TOO_COMPLEX", () => {
  const coded = new GraphQLError('Variable "$id" got invalid value', {
    extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at x'], http: { status: 400 } },
  });
  expect(toClientError(coded)).toEqual({ message: coded.message, extensions: { code: 'BAD_USER_INPUT' }, httpStatus: 400 });
  const limit = new GraphQLError('Syntax Error: Query depth limit of 10 exceeded', { extensions: { limit: 'depth', max: 10 } });
  expect(toClientError(limit).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 10 });
  expect(toClientError(new GraphQLError('Cannot query field "nope"')).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

test('a request body Express could not read is a 4xx: too large is 413, malformed JSON is 400', () => {
  const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
  const malformed = Object.assign(new Error('Unexpected token } in JSON at position 1'), { type: 'entity.parse.failed', status: 400 });
  expect(toClientError(tooLarge)).toEqual({ message: 'request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' }, httpStatus: 413 });
  expect(toClientError(malformed)).toEqual({ message: 'malformed request body', extensions: { code: 'BAD_REQUEST' }, httpStatus: 400 });
});
