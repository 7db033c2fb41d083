/**
 * The one place where errors become client errors. Expected refusals (WorkflowError) keep their
 * code and details; GraphQL's own errors keep theirs; anything else is logged and reported
 * without internals: no stack trace, no SQL.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, WorkflowError } from '../kernel/errors';

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

export function toClientError(error: unknown): { message: string; extensions: Record<string, unknown> } | null {
  if (error instanceof WorkflowError) return { message: error.message, extensions: { code: error.code, ...error.details } };
  if (isDatabaseUnavailable(error)) {
    return { message: 'the database is not reachable; try again', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  return null;
}

export function makeFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const known = toClientError(original);
    const requestId = (formatted.extensions as { requestId?: string } | undefined)?.requestId;
    if (known) return { message: known.message, path: formatted.path, extensions: { ...known.extensions, requestId } };
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'internal error',
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
