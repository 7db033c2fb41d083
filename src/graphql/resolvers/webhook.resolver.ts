import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WebhookEndpoint } from '../../webhooks/webhook-store';
import { requireActor, type GraphQLContext } from '../context';
import { RegisterWebhookInput, Webhook, WebhookDelivery } from '../types/webhook.type';

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
    return ctx.services.webhooks.register(requireActor(ctx), input.url, input.filter ?? {}, input.secret, input.from);
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
