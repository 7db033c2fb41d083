import DataLoader from 'dataloader';
import type { Actor } from '../../machines/definition';
import type { CalendarService } from '../calendar/calendar-service';
import type { WorkflowEngine } from '../engine/engine';
import { ErrorCode, WorkflowError } from '../engine/errors';
import type { TransitionRecord } from '../engine/ports';
import type { WorkflowReads } from '../persistence/workflow-reads';
import type { TimerWorker } from '../timers/timer-worker';

export interface Services {
  engine: WorkflowEngine;
  reads: WorkflowReads;
  calendar: CalendarService;
  timers: TimerWorker;
}

export interface GraphQLContext {
  actor: Actor | null;
  requestId: string;
  services: Services;
  loaders: { history: DataLoader<string, TransitionRecord[]> };
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
