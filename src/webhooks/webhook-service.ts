/** Administrators register and watch webhook endpoints (role ADMIN). */
import { z } from 'zod';
import type { Actor } from '../../machines/definition';
import { badInput, ErrorCode, WorkflowError } from '../kernel/errors';
import { parseCursor } from '../stream/message';
import type { StreamFilter } from '../stream/stream.sql';
import { hostAllowed } from './allow-list';
import { asStandardSecret, isStandardSecret, newSecret, SECRET_PREFIX } from './signature';
import type { WebhookFormat, WebhookStore } from './webhook-store';
import type { Clock } from '../kernel/clock';
import { isUuid } from '../kernel/ids';

function requireAdmin(actor: Actor): void {
  if (!actor.roles.includes('ADMIN')) throw new WorkflowError(ErrorCode.FORBIDDEN, 'webhooks are managed by administrators');
}

/** A `whsec_` secret (base64 of 24 to 64 bytes), or any other of 16 to 200 characters (its UTF-8 bytes are the key). */
const secretInput = z
  .string()
  .min(16)
  .max(200)
  .refine((s) => !s.startsWith(SECRET_PREFIX) || isStandardSecret(s), { message: 'a whsec_ secret is the base64 of 24 to 64 bytes' });

const registration = z.object({
  url: z.string().url().max(2000),
  secret: secretInput.optional().nullable(),
});

/** A rotation's overlap: both secrets sign for this long (default a day, at most 30 days). */
const rotation = z.object({
  secret: secretInput.optional().nullable(),
  overlapMinutes: z.number().int().min(0).max(43_200).default(1440),
});

export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly allowedHosts: string[],
    private readonly clock: Clock,
  ) {}

  async register(
    actor: Actor,
    url: string,
    filter: StreamFilter,
    secret: string | null | undefined,
    from: string | null | undefined,
    format: WebhookFormat = 'JSON',
  ) {
    requireAdmin(actor);
    const parsed = registration.safeParse({ url, secret });
    if (!parsed.success) {
      throw badInput('invalid webhook', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    if (!hostAllowed(url, this.allowedHosts)) {
      throw badInput('host not allowed', [{ path: 'url', message: 'the host is not in WEBHOOK_ALLOWED_HOSTS (http/https only)' }]);
    }
    return this.store.register(url, filter, secret ? asStandardSecret(secret) : null, this.cursor(from), actor, this.clock.now(), format);
  }

  /**
   * A new secret (given, or generated); the old one keeps signing beside it for the overlap, so
   * receivers can switch without a missed delivery. Returns the endpoint with the new secret.
   */
  async rotateSecret(actor: Actor, endpointId: string, secret: string | null | undefined, overlapMinutes: number | null | undefined) {
    requireAdmin(actor);
    const parsed = rotation.safeParse({ secret, overlapMinutes: overlapMinutes ?? undefined });
    if (!parsed.success) {
      throw badInput('invalid rotation', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    }
    const id = await this.existing(endpointId);
    const until = new Date(this.clock.now().getTime() + parsed.data.overlapMinutes * 60_000);
    return (await this.store.rotateSecret(id, parsed.data.secret ? asStandardSecret(parsed.data.secret) : newSecret(), until))!;
  }

  async setFormat(actor: Actor, endpointId: string, format: WebhookFormat) {
    requireAdmin(actor);
    return (await this.store.setFormat(await this.existing(endpointId), format))!;
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

  /** One endpoint for `node(id)`: null when there is none, or when the caller is not an administrator (as for an id that does not exist). */
  async findEndpoint(actor: Actor, id: string) {
    if (!actor.roles.includes('ADMIN') || !isUuid(id)) return null;
    return this.store.get(id);
  }

  /** One delivery attempt by its serial number for `node(id)`: null as `findEndpoint`. */
  async findDelivery(actor: Actor, id: string) {
    if (!actor.roles.includes('ADMIN') || !/^[1-9]\d{0,17}$/.test(id)) return null;
    return this.store.delivery(id);
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
