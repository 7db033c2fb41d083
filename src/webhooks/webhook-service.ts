/** Administrators register and watch webhook endpoints (role ADMIN). */
import { z } from 'zod';
import type { Actor } from '../../machines/definition';
import { badInput, ErrorCode, WorkflowError } from '../kernel/errors';
import { parseCursor } from '../stream/message';
import type { StreamFilter } from '../stream/stream.sql';
import { hostAllowed } from './allow-list';
import type { WebhookStore } from './webhook-store';
import type { Clock } from '../kernel/clock';
import { isUuid } from '../kernel/ids';

function requireAdmin(actor: Actor): void {
  if (!actor.roles.includes('ADMIN')) throw new WorkflowError(ErrorCode.FORBIDDEN, 'webhooks are managed by administrators');
}

const registration = z.object({
  url: z.string().url().max(2000),
  secret: z.string().min(16).max(200).optional().nullable(),
});

export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly allowedHosts: string[],
    private readonly clock: Clock,
  ) {}

  async register(actor: Actor, url: string, filter: StreamFilter, secret: string | null | undefined, from: string | null | undefined) {
    requireAdmin(actor);
    const parsed = registration.safeParse({ url, secret });
    if (!parsed.success) {
      throw badInput('invalid webhook', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    if (!hostAllowed(url, this.allowedHosts)) {
      throw badInput('host not allowed', [{ path: 'url', message: 'the host is not in WEBHOOK_ALLOWED_HOSTS (http/https only)' }]);
    }
    return this.store.register(url, filter, secret ?? null, this.cursor(from), actor, this.clock.now());
  }

  async list(actor: Actor) {
    requireAdmin(actor);
    return this.store.list();
  }

  async deliveries(actor: Actor, endpointId: string, first: number) {
    requireAdmin(actor);
    if (first < 1 || first > 500) throw badInput('invalid page size', [{ path: 'first', message: 'must be 1 to 500' }]);
    return this.store.deliveries(await this.existing(endpointId), first);
  }

  /** Replays from a cursor (or skips ahead), and turns the endpoint on or off. */
  async reposition(actor: Actor, endpointId: string, from: string | null | undefined, active: boolean) {
    requireAdmin(actor);
    const current = await this.store.get(await this.existing(endpointId));
    const cursor = from == null ? current!.cursor : this.cursor(from)!;
    return (await this.store.reposition(endpointId, cursor, active))!;
  }

  private cursor(from: string | null | undefined): bigint | null {
    if (from == null) return null;
    const cursor = parseCursor(from);
    if (cursor === null) throw badInput('invalid cursor', [{ path: 'from', message: 'a stream cursor' }]);
    return cursor;
  }

  private async existing(id: string): Promise<string> {
    if (!isUuid(id) || !(await this.store.get(id))) throw new WorkflowError(ErrorCode.NOT_FOUND, `no webhook ${id}`);
    return id;
  }
}
