/**
 * The one place where errors become client errors, whatever the way in: GraphQL over HTTP
 * (Apollo's formatError), subscriptions over WebSocket (src/graphql/ws-server.ts), the plain HTTP
 * routes (src/http/admin-routes.ts) and Express's error handler (src/server.ts). Expected refusals
 * (WorkflowError) keep their code and details; GraphQL's own errors keep theirs; a request body
 * Express could not read is a 4xx; anything else is reported without internals: no stack trace,
 * no SQL.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, WorkflowError } from '../kernel/errors';
import { isLimitRefusal, QUERY_TOO_COMPLEX } from './limits';

export interface ClientError {
  message: string;
  extensions: { code: string; requestId?: string; [key: string]: unknown };
  /** the status where the transport has one of its own (plain HTTP routes, refused requests) */
  httpStatus: number;
  /** where in the document, for GraphQL's own errors */
  locations?: GraphQLFormattedError['locations'];
}

/** The HTTP status of each expected refusal. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.UNKNOWN_ACTOR]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.EVENT_NOT_ACCEPTED]: 409,
  [ErrorCode.VERSION_CONFLICT]: 409,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 422,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  // the client did not keep up with what it asked for
  [ErrorCode.SLOW_CONSUMER]: 429,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** pg / node errors that mean "the database is not reachable right now". */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  // 08: connection exception, 57P: operator intervention, 53: insufficient resources, 3D000: no such database
  if (typeof e?.code === 'string' && /^(08|57P|53|3D000)/.test(e.code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(e?.code ?? '')) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connection is closed|Client has encountered a connection error/i.test(
    e?.message ?? '',
  );
}

/** body-parser's refusals (http-errors with body-parser's `type`): malformed JSON, too large, … */
function bodyRefusal(error: unknown): ClientError | null {
  const e = error as { type?: unknown; status?: unknown; code?: unknown };
  // a compressed body that does not inflate: body-parser passes zlib's error on with status 400 and no type
  const undecodable = e?.status === 400 && typeof e.code === 'string' && e.code.startsWith('Z_');
  if ((typeof e?.type !== 'string' && !undecodable) || typeof e.status !== 'number') return null;
  if (e.type === 'entity.too.large') {
    return { message: 'request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' }, httpStatus: 413 };
  }
  const httpStatus = e.status >= 400 && e.status < 500 ? e.status : 400;
  return { message: 'malformed request body', extensions: { code: 'BAD_REQUEST' }, httpStatus };
}

/** GraphQL's own coded errors (parse, validation, limits, variables), without stack or transport details. */
function graphQLRefusal(error: GraphQLError, uncoded?: string): ClientError | null {
  const { stacktrace: _stack, http, ...extensions } = error.extensions ?? {};
  const code = isLimitRefusal(extensions) ? QUERY_TOO_COMPLEX : (extensions.code ?? uncoded);
  if (typeof code !== 'string' || code === ErrorCode.INTERNAL_SERVER_ERROR) return null;
  const status = (http as { status?: unknown } | undefined)?.status;
  const httpStatus = typeof status === 'number' ? status : 400;
  return { message: error.message, locations: error.locations, extensions: { ...extensions, code }, httpStatus };
}

/**
 * A GraphQLError speaks for itself when it has a code; otherwise for the error it wraps (a
 * resolver's). One that has neither is a parse or validation error graphql-js raised itself:
 * graphql-ws passes those on uncoded, where Apollo codes them.
 */
function classify(error: unknown, outermost: boolean): ClientError {
  if (error instanceof GraphQLError) {
    const uncoded = outermost && !error.originalError ? 'GRAPHQL_VALIDATION_FAILED' : undefined;
    const own = graphQLRefusal(error, uncoded);
    if (own) return own;
    if (error.originalError) return classify(error.originalError, false);
  }
  if (error instanceof WorkflowError) {
    return { message: error.message, extensions: { code: error.code, ...error.details }, httpStatus: HTTP_STATUS[error.code] };
  }
  if (isDatabaseUnavailable(error)) {
    return { message: 'the database is not reachable; try again', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE }, httpStatus: 503 };
  }
  const known = error instanceof GraphQLError ? null : bodyRefusal(error);
  return known ?? { message: 'internal error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR }, httpStatus: 500 };
}

/** What the client is told about `error`; with the request id, so its report can be found in the logs. */
export function toClientError(error: unknown, requestId?: string): ClientError {
  const client = classify(error, true);
  if (requestId) client.extensions.requestId = requestId;
  return client;
}

/** An unexpected error, logged in full before the client gets it without internals. */
export function reportedToClient(logger: Logger, error: unknown, requestId?: string, where?: object): ClientError {
  const client = toClientError(error, requestId);
  if (client.extensions.code === ErrorCode.INTERNAL_SERVER_ERROR) logger.error({ err: error, requestId, ...where }, 'unexpected error');
  return client;
}

/** A plain HTTP route's error answer: `{ errors: [ … ] }` with the error's status. */
export function httpErrorBody(client: ClientError): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message: client.message, extensions: client.extensions }] };
}

/** Apollo's formatError: the client error, with the place in the document it concerns. */
export function makeFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = (formatted.extensions as { requestId?: string } | undefined)?.requestId;
    const { message, locations, extensions } = reportedToClient(logger, error, requestId, { path: formatted.path });
    return { message, ...(locations ? { locations } : {}), path: formatted.path, extensions };
  };
}
