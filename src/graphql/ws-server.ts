/**
 * GraphQL subscriptions over the graphql-ws protocol, on the same port and path as HTTP
 * (/graphql). The socket authenticates once, in `connection_init`, with the same bearer token:
 * connectionParams `{ "authorization": "Bearer <token>" }`. A missing, forged or expired token
 * closes the socket (4403), and so does the token's expiry on an open socket (its `exp` plus the
 * clock tolerance, as over HTTP): the client connects again with a fresh token and resumes from
 * its last cursor.
 *
 * Every `pingMs` the server pings each socket (a WebSocket ping frame, answered by every browser
 * and client library without code): an idle subscription stays open through proxies that close
 * quiet connections, and a socket whose peer is gone (a pulled cable, a sleeping laptop, a
 * half-open connection) is closed when its pong has not come by the next ping, its subscriptions
 * with it.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Actor } from '../../machines/definition';
import type { Authenticator } from '../auth/authenticator';
import { makeContext, type Services } from './context';
import { reportedToClient } from './errors';

/** The same client error as over HTTP (src/graphql/errors.ts), with its place in the document. */
function clientError(logger: Logger, error: GraphQLError): GraphQLFormattedError {
  const { message, locations, extensions } = reportedToClient(logger, error, undefined, { path: error.path });
  return { message, ...(locations ? { locations } : {}), path: error.path, extensions };
}

/** setTimeout waits at most 2^31 - 1 ms (about 24.8 days); a longer wait is taken in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Closes the socket (4403) at `expiresAt`, a moment on the clock the token was checked by. The
 * timer waits in real time, so each wait is what that clock says is left, checked again after.
 */
function closeAtExpiry(socket: WebSocket, expiresAt: number, clock: Authenticator['clock']): void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = expiresAt - clock.now().getTime();
    if (left <= 0) return socket.close(CloseCode.Forbidden, 'the token has expired');
    timer = setTimeout(check, Math.min(left, LONGEST_TIMER_MS));
    timer.unref();
  };
  socket.once('close', () => clearTimeout(timer));
  check();
}

/** Pings every socket each `pingMs`; one that did not answer the last ping is terminated. */
function keepAlive(wss: WebSocketServer, pingMs: number): () => void {
  if (pingMs <= 0) return () => undefined;
  const answered = new WeakSet<WebSocket>();
  wss.on('connection', (socket) => {
    answered.add(socket);
    socket.on('pong', () => answered.add(socket));
  });
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      if (!answered.has(socket)) {
        socket.terminate();
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, pingMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface SubscriptionServer {
  dispose(): Promise<void>;
  readonly connections: number;
}

export function attachSubscriptions(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: Services;
  authenticator: Authenticator;
  logger: Logger;
  validate?: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
  /** ping interval; 0: no pings */
  pingMs?: number;
}): SubscriptionServer {
  const { httpServer, schema, services, authenticator } = options;
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 64 * 1024 });
  const stopPinging = keepAlive(wss, options.pingMs ?? 30_000);
  const actors = new WeakMap<object, Actor>();
  const cleanup = useServer(
    {
      schema,
      validate: options.validate,
      onConnect: async (ctx) => {
        const header = (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization) as unknown;
        try {
          const session = await authenticator.session(typeof header === 'string' ? header : undefined);
          if (!session) return false;
          actors.set(ctx.extra, session.actor);
          closeAtExpiry((ctx.extra as { socket: WebSocket }).socket, session.expiresAt, authenticator.clock);
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ({
        ...makeContext(services, actors.get(ctx.extra) ?? null, randomUUID()),
        socketBacklog: () => (ctx.extra as { socket: WebSocket }).socket.bufferedAmount,
      }),
      // the same codes as over HTTP (src/graphql/errors.ts), never internals
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => clientError(options.logger, error)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => clientError(options.logger, error)) } : result,
    },
    wss,
  );
  return {
    get connections() {
      return wss.clients.size;
    },
    dispose: async () => {
      stopPinging();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
