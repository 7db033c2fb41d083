/**
 * Opaque global ids (Relay's global object identification) for the objects whose own key is not
 * unique across the schema: base64url of `<Type>:<key>`. Workflows and webhook endpoints keep the
 * UUIDs they always had: UUIDs made by this server are unique across types already, and clients
 * pass a workflow's `id` to `workflow(id:)` and `sendEvent`.
 */
export const GLOBAL_TYPES = ['Transition', 'DirectoryUnit', 'WebhookDelivery'] as const;
export type GlobalType = (typeof GLOBAL_TYPES)[number];

export const globalId = (type: GlobalType, key: string): string => Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');

/** The type and key of an id `globalId` made, or null for anything else (no error: an unknown id). */
export function parseGlobalId(id: string): { type: GlobalType; key: string } | null {
  if (id.length > 400 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  // only the one spelling globalId produces
  if (Buffer.from(text, 'utf8').toString('base64url') !== id) return null;
  const colon = text.indexOf(':');
  const type = text.slice(0, colon) as GlobalType;
  return colon > 0 && GLOBAL_TYPES.includes(type) ? { type, key: text.slice(colon + 1) } : null;
}

/** A transition's id: its workflow and its seq. */
export const transitionId = (workflowId: string, seq: number) => globalId('Transition', `${workflowId}:${seq}`);
