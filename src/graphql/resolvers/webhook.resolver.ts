import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WebhookEndpoint } from '../../webhooks/webhook-store';
import { requireActor, type GraphQLContext } from '../context';
import { RegisterWebhookInput, Webhook, WebhookDelivery, WebhookFormatEnum } from '../types/webhook.type';

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook], { description: 'Webhook endpoints (administrators).' })
  webhooks(@Ctx() ctx: GraphQLContext) {
    return ctx.services.webhooks.list(requireActor(ctx));
  }

  @Query(() => [WebhookDelivery], { description: 'Recent delivery attempts of an endpoint, newest first (administrators).' })
  webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ) {
    return ctx.services.webhooks.deliveries(requireActor(ctx), webhookId, first);
  }

  @Mutation(() => Webhook, { description: 'Register an endpoint (administrators; the host must be allow-listed).' })
  registerWebhook(@Arg('input') input: RegisterWebhookInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.webhooks.register(requireActor(ctx), input.url, input.filter ?? {}, input.secret, input.from, input.format ?? 'JSON');
  }

  @Mutation(() => Webhook, {
    description:
      'A new secret (given, or generated) for an endpoint (administrators). The old one keeps signing beside it for `overlapMinutes` (default 1440, at most 43200), so the receiver can switch without missing a delivery.',
  })
  rotateWebhookSecret(
    @Arg('webhookId', () => ID) webhookId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('secret', () => String, { nullable: true }) secret?: string | null,
    @Arg('overlapMinutes', () => Int, { nullable: true }) overlapMinutes?: number | null,
  ) {
    return ctx.services.webhooks.rotateSecret(requireActor(ctx), webhookId, secret, overlapMinutes);
  }

  @Mutation(() => Webhook, { description: 'Choose the body of the deliveries: JSON or CLOUDEVENTS (administrators).' })
  setWebhookFormat(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('format', () => WebhookFormatEnum) format: WebhookFormatEnum,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.webhooks.setFormat(requireActor(ctx), webhookId, format);
  }

  @Mutation(() => Webhook, {
    description: 'Replay from a cursor (`from`), or pause/resume delivery (administrators).',
  })
  updateWebhook(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('active') active: boolean,
    @Ctx() ctx: GraphQLContext,
    @Arg('from', { nullable: true }) from?: string,
  ) {
    return ctx.services.webhooks.reposition(requireActor(ctx), webhookId, from, active);
  }

  @FieldResolver(() => String)
  cursor(@Root() w: WebhookEndpoint): string {
    return w.cursor.toString();
  }
}
