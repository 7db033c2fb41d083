/**
 * Spans of a GraphQL request, when tracing is on (src/kernel/tracing.ts): the HTTP request, taken
 * from the caller's W3C `traceparent`; its parse, validate and execute phases (an Apollo plugin);
 * and the root mutations' work below execute, down to the engine and SQL.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contextFrom, contextWith, inSpan, SpanKind, startSpan, tracingEnabled, withContext, type Context } from '../kernel/tracing';
import type { GraphQLContext } from './context';

/**
 * The HTTP request's span, the active span for everything it awaits. Express middleware, and
 * called as such by the direct POST /graphql path (src/http/graphql-post.ts), which has no
 * `originalUrl`.
 */
export const httpSpan = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
  if (!tracingEnabled()) return next();
  const parent = contextFrom(req.headers);
  void inSpan(
    `${req.method} /graphql`,
    { 'http.request.method': req.method ?? '', 'url.path': (req.originalUrl ?? req.url ?? '').split('?')[0] },
    (span) =>
      new Promise<void>((resolve) => {
        res.once('finish', () => {
          span?.setAttribute('http.response.status_code', res.statusCode);
          resolve();
        });
        res.once('close', () => resolve());
        next();
      }),
    { kind: SpanKind.SERVER, parent },
  );
};

/** The parse, validate and execute phases; execute's context is kept for the resolvers below it. */
export const tracingPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    if (!tracingEnabled()) return;
    return {
      async parsingDidStart() {
        const span = startSpan('graphql.parse');
        return async () => span?.end();
      },
      async validationDidStart() {
        const span = startSpan('graphql.validate');
        return async () => span?.end();
      },
      async executionDidStart({ contextValue, operationName, operation }) {
        const span = startSpan('graphql.execute', {
          'graphql.operation.type': operation.operation,
          ...(operationName ? { 'graphql.operation.name': operationName } : {}),
        });
        if (!span) return;
        contextValue.trace = contextWith(span);
        return {
          async executionDidEnd(error) {
            if (error) span.recordException(error);
            span.end();
          },
        };
      },
    };
  },
};

/** A root field's work as a child of the execute span: `graphql.resolve <field>`. */
export function traced<T>(ctx: GraphQLContext, field: string, work: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return work();
  return withContext(ctx.trace, () => inSpan(`graphql.resolve ${field}`, { 'graphql.field.name': field }, () => work()));
}

export type { Context };
