/**
 * HTTP on one port: POST /graphql, GET /healthz (process alive), GET /readyz (database
 * reachable, calendar warnings), GET /graphiql (local assets), GET /console (the web console). Stops gracefully: stop
 * accepting, finish requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { adminHttpRouter } from './http/admin-routes';
import { consoleRouter } from './http/console-routes';
import { graphqlPostPath, requestIdOf, type ExpressLikeRequest } from './http/graphql-post';
import type { Authenticator } from './auth/authenticator';
import { AuthFailureLimiter, clientIp, trustProxySetting } from './auth/rate-limit';
import type { Config } from './config';
import { ErrorCode, WorkflowError } from './kernel/errors';
import { makeContext, type GraphQLContext, type Services } from './graphql/context';
import { httpErrorBody, makeFormatError, reportedToClient, toClientError } from './graphql/errors';
import { graphiqlRouter } from './graphql/graphiql';
import { requestErrorStatusPlugin, responseTypeOf } from './graphql/http-status';
import { apolloLimitOptions, validateWithLimits } from './graphql/limits';
import { buildApiSchema } from './graphql/schema';
import { httpSpan, tracingPlugin } from './graphql/tracing';
import { countingErrors, requestTiming } from './metrics';
import { attachSubscriptions } from './graphql/ws-server';

export interface HttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerDeps {
  config: Config;
  logger: Logger;
  services: Services;
  authenticator: Authenticator;
  /** failed authentications per address; by default counted on this node alone */
  authFailures?: AuthFailureLimiter;
}

/** Adds the request id to every error, so a client's report can be found in the logs. */
const requestIdPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
        }
      },
    };
  },
};

/** Malformed JSON, bodies over the limit: a coded 4xx, never Express's stack-trace page. */
const makeBodyErrors =
  (logger: Logger): ErrorRequestHandler =>
  (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const client = reportedToClient(logger, error, res.locals.requestId as string | undefined);
    res.status(client.httpStatus).json(httpErrorBody(client));
  };

export async function startHttpServer(deps: ServerDeps): Promise<HttpServer> {
  const { config, logger, services, authenticator } = deps;
  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are POST responses, never revalidated: no hash of every body
  app.set('etag', false);
  if (config.trustProxy) app.set('trust proxy', trustProxySetting(config.trustProxy));
  // POST /graphql with a JSON body goes straight to Apollo (src/http/graphql-post.ts); the rest to Express
  let directPost: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null = null;
  const httpServer = http.createServer((req, res) => {
    if (!directPost?.(req, res)) app(req, res);
  });
  const subscriptions = attachSubscriptions({
    httpServer,
    schema: buildApiSchema(),
    services,
    authenticator,
    logger,
    // the same depth, alias, cost and introspection limits as over HTTP
    validate: validateWithLimits(config.graphql),
    pingMs: config.stream.pingMs,
  });
  // depth, aliases, cost, tokens, directives, batching, introspection, suggestions (docs/security.md, "Request limits")
  const limits = apolloLimitOptions(config.graphql);
  const authFailures = deps.authFailures ?? new AuthFailureLimiter(config.auth.failureLimit, config.auth.failureWindowS * 1000);

  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildApiSchema(),
    formatError: countingErrors(makeFormatError(logger)),
    includeStacktraceInErrorResponses: false,
    ...limits.options,
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // open sockets would keep the server from closing: end subscriptions first
      { serverWillStart: async () => ({ drainServer: () => subscriptions.dispose() }) },
      ApolloServerPluginLandingPageDisabled(),
      // no @cacheControl hints and no HTTP caching of answers: spare every field its hook
      ApolloServerPluginCacheControlDisabled(),
      // federation's inline traces: this schema is no subgraph, so the plugin's hook did nothing per request
      ApolloServerPluginInlineTraceDisabled(),
      requestIdPlugin,
      tracingPlugin,
      limits.plugin,
      // request errors answer 200 as application/json, 400 as application/graphql-response+json
      requestErrorStatusPlugin,
    ],
  });
  await apollo.start();

  /** The request's context, the same on both paths: the caller, authenticated, or a coded refusal. */
  const contextFor = async (req: ExpressLikeRequest, requestId: string): Promise<GraphQLContext> => {
    try {
      const actor = await authenticator.authenticate(req.get('authorization'));
      return { ...makeContext(services, actor, requestId), responseType: responseTypeOf(req) };
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error;
      const unavailable = error.code === ErrorCode.SERVICE_UNAVAILABLE; // the identity provider
      if (!unavailable) await authFailures.recordFailure(clientIp(req));
      const { message, extensions, httpStatus } = toClientError(error, requestId);
      throw new GraphQLError(message, { extensions: { ...extensions, http: { status: httpStatus } } });
    }
  };
  directPost = graphqlPostPath({
    apollo,
    context: contextFor,
    authFailures,
    maxBodyBytes: config.maxBodyBytes,
    logger,
    requestPrototype: app.request,
  });

  app.use((req, res, next) => {
    const id = requestIdOf(req.get('x-request-id'));
    res.locals.requestId = id;
    res.set('x-request-id', id);
    next();
  });
  app.use(requestTiming);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const timerStatus = () => ({
    running: services.timers.isRunning,
    lastRunAt: services.timers.lastRunAt,
    lastError: services.timers.lastError,
  });
  app.get('/readyz', async (_req, res) => {
    // the calendar only warns (an unloaded year makes deadlines provisional): never a 503
    const calendar = services.calendar.readiness(services.engine.now());
    try {
      await services.reads.ping();
      res.json({ status: 'ready', database: 'up', calendar, timers: timerStatus() });
    } catch {
      res.status(503).json({ status: 'not ready', database: 'down', calendar, timers: timerStatus() });
    }
  });
  app.use(
    '/graphql',
    httpSpan,
    authFailures.middleware(),
    express.json({ limit: config.maxBodyBytes }),
    makeBodyErrors(logger),
    expressMiddleware(apollo, { context: ({ req, res }) => contextFor(req, res.locals.requestId as string) }),
  );
  // GET /metrics (Prometheus), GET /admin/statistics.csv (bearer token)
  app.use(adminHttpRouter({ admin: services.admin, authenticator, logger }));
  if (config.graphiql) app.use(graphiqlRouter());
  // the web console (挂图作战), built into dist/console
  app.use(consoleRouter(config));
  app.use((_req, res) => {
    const client = toClientError(new WorkflowError(ErrorCode.NOT_FOUND, 'not found'), res.locals.requestId as string);
    res.status(client.httpStatus).json(httpErrorBody(client));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  logger.info({ port }, 'listening');
  return {
    url: `http://${host}:${port}`,
    port,
    // the drain plugin stops accepting and waits for in-flight requests
    close: () => apollo.stop(),
  };
}
