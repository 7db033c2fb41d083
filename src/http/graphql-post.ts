/**
 * POST /graphql with a JSON body, straight from node:http to Apollo's executeHTTPGraphQLRequest:
 * the request every client sends all day, without Express's router, body-parser and response
 * helpers on the way (bench/README.md, "Where the CPU goes").
 *
 * Only the plainest requests take this path: POST to exactly `/graphql`, `content-type`
 * `application/json` (optionally `charset=utf-8`), no `content-encoding`, a `content-length` of
 * 1 byte to MAX_BODY_BYTES, from an address the failed-authentication limit does not block.
 * Everything else (GET, other media types, compressed or chunked bodies, bodies over the limit,
 * blocked addresses) goes to the Express app as before, which answers it exactly as it always
 * has. What this path does, it does as the Express path does: the same request id, timing,
 * tracing span, context, strict JSON with the same coded refusal, and the same headers out.
 */
import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AuthFailureLimiter } from '../auth/rate-limit';
import { clientIp } from '../auth/rate-limit';
import type { GraphQLContext } from '../graphql/context';
import { httpErrorBody, reportedToClient, toClientError } from '../graphql/errors';
import { httpSpan } from '../graphql/tracing';
import { timeResponse } from '../metrics';

const REQUEST_ID = /^[A-Za-z0-9_\-.:]{1,100}$/;

/** The caller's request id when it is a sane one, else a new one: logs and errors carry it. */
export const requestIdOf = (given: string | undefined): string => (given && REQUEST_ID.test(given) ? given : randomUUID());

/** The media types body-parser's `json()` reads as UTF-8 JSON, as clients actually send them. */
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/** What body-parser's strict `json()` accepts: an object or an array, after JSON whitespace. */
const FIRST_CHAR = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

/** The request as Express would see it: `get`, `accepts` and `ip` (with TRUST_PROXY) from its prototype. */
export type ExpressLikeRequest = IncomingMessage & Pick<Request, 'get' | 'accepts' | 'ip'>;

export interface GraphqlPostDeps {
  apollo: ApolloServer<GraphQLContext>;
  /** the same context the Express path builds (authentication included) */
  context: (req: ExpressLikeRequest, requestId: string) => Promise<GraphQLContext>;
  authFailures: AuthFailureLimiter;
  maxBodyBytes: number;
  logger: Logger;
  /** Express's request prototype of the app (`app.request`), for `get`, `accepts` and `ip` */
  requestPrototype: object;
}

/** Returns a handler that answers the request and says true, or says false and leaves it untouched. */
export function graphqlPostPath(deps: GraphqlPostDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') return false;
    const headers = req.headers;
    const type = headers['content-type'];
    if (!type || !JSON_TYPES.has(type.toLowerCase()) || headers['content-encoding'] !== undefined) return false;
    const lengthText = headers['content-length'];
    const length = lengthText && /^\d{1,12}$/.test(lengthText) ? Number(lengthText) : 0;
    if (length < 1 || length > deps.maxBodyBytes || headers['transfer-encoding'] !== undefined) return false;
    Object.setPrototypeOf(req, deps.requestPrototype);
    const request = req as ExpressLikeRequest;
    // a blocked address gets its 429 from the Express path, the one place that answers it
    if (deps.authFailures.blockedFor(clientIp(request)) > 0) return false;
    const requestId = requestIdOf(headers['x-request-id'] as string | undefined);
    res.setHeader('x-request-id', requestId);
    timeResponse(res, 'POST', '/graphql');
    httpSpan(request, res, () => readBody(deps, request, res, requestId, length));
    return true;
  };
}

function readBody(deps: GraphqlPostDeps, req: ExpressLikeRequest, res: ServerResponse, requestId: string, length: number): void {
  const chunks: Buffer[] = [];
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  });
  // the body ends in the socket's async context: go on in this request's (its trace span), as
  // raw-body does; runInAsyncScope, not AsyncResource.bind, which builds two deprecation
  // wrappers for its bound function's `asyncResource` property on every call
  const scope = new AsyncResource('graphql-body');
  req.on('end', () => scope.runInAsyncScope(() => {
    // Node's parser stops at content-length; fewer bytes means the client went away
    if (received !== length) return void res.destroy();
    const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)).toString('utf8');
    let body: unknown;
    try {
      body = parseStrictJson(text);
    } catch {
      // the same refusal as body-parser's (src/graphql/errors.ts, bodyRefusal)
      return void sendJson(res, toClientError({ type: 'entity.parse.failed', status: 400 }, requestId));
    }
    execute(deps, req, res, requestId, body).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJson(res, reportedToClient(deps.logger, error, requestId));
    });
  }));
  req.on('error', () => res.destroy());
}

/** JSON.parse as body-parser's strict mode reads a body: a byte order mark dropped, objects and arrays only. */
function parseStrictJson(text: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = FIRST_CHAR.exec(json)?.[1];
  if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
  return JSON.parse(json);
}

/** As @as-integrations/express5 does it, with Express's res.send for the body. */
async function execute(deps: GraphqlPostDeps, req: ExpressLikeRequest, res: ServerResponse, requestId: string, body: unknown): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const answer = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body },
    context: () => deps.context(req, requestId),
  });
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status || 200;
  if (answer.body.kind === 'complete') return send(res, answer.body.string);
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Express's res.send of a string: a charset on the media type, and the length. */
function send(res: ServerResponse, text: string): void {
  const type = res.getHeader('content-type');
  if (typeof type !== 'string') res.setHeader('content-type', 'text/html; charset=utf-8');
  else if (!/;\s*charset=/i.test(type)) res.setHeader('content-type', `${type}; charset=utf-8`);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

function sendJson(res: ServerResponse, client: ReturnType<typeof toClientError>): void {
  res.statusCode = client.httpStatus;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  send(res, JSON.stringify(httpErrorBody(client)));
}
