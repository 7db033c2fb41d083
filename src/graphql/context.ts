import DataLoader from 'dataloader';
import type { Actor } from '../../machines/definition';
import type { AdminService } from '../admin/admin-service';
import type { CalendarService } from '../calendar/calendar-service';
import type { WorkflowEngine } from '../engine/engine';
import { ErrorCode, WorkflowError } from '../kernel/errors';
import type { TransitionRecord } from '../engine/ports';
import type { WorkflowReads } from '../persistence/workflow-reads';
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
}

export interface GraphQLContext {
  actor: Actor | null;
  requestId: string;
  services: Services;
  loaders: { history: DataLoader<string, TransitionRecord[]> };
  /** on a WebSocket: bytes waiting to be sent to the client (slow-consumer check) */
  socketBacklog?: () => number;
  /** over HTTP: the media type the answer will have, false if none acceptable (src/graphql/http-status.ts) */
  responseType?: string | false;
}

export function makeContext(services: Services, actor: Actor | null, requestId: string): GraphQLContext {
  return {
    actor,
    requestId,
    services,
    loaders: { history: new DataLoader((ids: readonly string[]) => services.reads.histories(ids)) },
  };
}

export function requireActor(ctx: GraphQLContext): Actor {
  if (!ctx.actor) throw new WorkflowError(ErrorCode.UNAUTHENTICATED, 'send "Authorization: Bearer <token>"');
  return ctx.actor;
}
