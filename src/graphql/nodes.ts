/**
 * What `node(id:)` finds: the object of any type by its global id, under the rule of the type's
 * own query. A workflow the caller may not read, a transition of one, and an administrators'
 * object (webhook endpoint, delivery) asked for by anyone else are all null: exactly what an id
 * that does not exist gets.
 */
import { isUuid } from '../kernel/ids';
import { requireActor, viewsOf, type GraphQLContext } from './context';
import { parseGlobalId } from './global-id';
import { asNode } from './types/node.type';

/** The object `id` names, marked with its GraphQL type; null when there is none the caller may see. */
export async function findNode(ctx: GraphQLContext, id: string): Promise<object | null> {
  const actor = requireActor(ctx);
  if (isUuid(id)) {
    // UUIDs are made by this server for workflows and endpoints alike: one names at most one of them
    const view = await viewsOf(ctx).find(id);
    if (view) return asNode('Workflow', view.record);
    const endpoint = await ctx.services.webhooks.findEndpoint(actor, id);
    return endpoint && asNode('Webhook', endpoint);
  }
  const global = parseGlobalId(id);
  switch (global?.type) {
    case 'Transition':
      return findTransition(ctx, global.key);
    case 'DirectoryUnit': {
      const [unit] = await ctx.services.directory.unitsByCode([global.key]);
      return unit ? asNode('DirectoryUnit', unit) : null;
    }
    case 'WebhookDelivery': {
      const delivery = await ctx.services.webhooks.findDelivery(actor, global.key);
      return delivery && asNode('WebhookDelivery', delivery);
    }
    default:
      return null;
  }
}

/** `<workflow id>:<seq>`: the row as `Workflow.transitions` shows it to the caller, if they may read the workflow. */
async function findTransition(ctx: GraphQLContext, key: string): Promise<object | null> {
  const match = /^(.{36}):([1-9]\d{0,9})$/.exec(key);
  const seq = match ? Number(match[2]) : NaN;
  if (!match || seq > 2_147_483_647) return null;
  const view = await viewsOf(ctx).find(match[1]);
  const row = view && (await view.transitionPage(seq - 1, 1)).transitions[0];
  return row?.seq === seq ? asNode('Transition', row) : null;
}
