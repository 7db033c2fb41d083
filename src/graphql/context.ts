import DataLoader from 'dataloader';
import type { Actor } from '../../machines/definition';
import type { AdminService } from '../admin/admin-service';
import type { CalendarService } from '../calendar/calendar-service';
import type { DirectoryService } from '../directory/directory-service';
import type { HistoryPageQuery, TransitionRecord, WorkflowEngine, WorkflowRecord, WorkflowView, WorkflowViews } from '../engine/engine';
import { ErrorCode, WorkflowError } from '../kernel/errors';
import type { Context as TraceContext } from '../kernel/tracing';
import type { WorkflowReads } from '../persistence/read-model';
import type { StreamService } from '../stream/stream-service';
import type { TimerWorker } from '../timers/timer-worker';
import type { WebhookService } from '../webhooks/webhook-service';

export interface Services {
  engine: WorkflowEngine;
  reads: WorkflowReads;
  calendar: CalendarService;
  timers: TimerWorker;
  admin: AdminService;
  stream: StreamService;
  webhooks: WebhookService;
  directory: DirectoryService;
}

export interface GraphQLContext {
  actor: Actor | null;
  requestId: string;
  services: Services;
  loaders: {
    history: DataLoader<string, TransitionRecord[]>;
    /** pages of histories (Workflow.transitions), batched per request */
    historyPages: DataLoader<HistoryPageQuery, TransitionRecord[], string>;
    /** a unit's name at an instant (an item's start), batched per request */
    unitNames: DataLoader<{ code: string; at: Date }, string | null, string>;
  };
  /** the caller's workflow views for this request; see `viewsOf` */
  views?: WorkflowViews;
  /** on a WebSocket: bytes waiting to be sent to the client (slow-consumer check) */
  socketBacklog?: () => number;
  /** over HTTP: the media type the answer will have, false if none acceptable (src/graphql/http-status.ts) */
  responseType?: string | false;
  /** the execute span's context, when tracing is on (src/graphql/tracing.ts) */
  trace?: TraceContext;
}

export function makeContext(services: Services, actor: Actor | null, requestId: string): GraphQLContext {
  return {
    actor,
    requestId,
    services,
    loaders: {
      history: new DataLoader((ids: readonly string[]) => services.reads.histories(ids)),
      historyPages: new DataLoader((queries) => services.reads.historyPages(queries), {
        cacheKeyFn: (q) => `${q.workflowId}:${q.after}:${q.upTo}:${q.first}`,
      }),
      unitNames: new DataLoader((keys) => services.directory.namesAt(keys), {
        cacheKeyFn: (key) => `${key.code}\u0000${key.at.toISOString()}`,
      }),
    },
  };
}

export function requireActor(ctx: GraphQLContext): Actor {
  if (!ctx.actor) throw new WorkflowError(ErrorCode.UNAUTHENTICATED, 'send "Authorization: Bearer <token>"');
  return ctx.actor;
}

/** The caller's workflow views, made on first use: each workflow's view is built once a request. */
export function viewsOf(ctx: GraphQLContext): WorkflowViews {
  return (ctx.views ??= ctx.services.engine.views(
    requireActor(ctx),
    (id) => ctx.loaders.history.load(id),
    (query) => ctx.loaders.historyPages.load(query),
  ));
}

/** The caller's view of a workflow the request already holds; NOT_FOUND if they may not read it. */
export const viewOf = (ctx: GraphQLContext, record: WorkflowRecord): WorkflowView => viewsOf(ctx).of(record);
