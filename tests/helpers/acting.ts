/** Requests as a given person over real HTTP: what most end-to-end tests repeat. */
import type { Actor } from '../../machines/definition';
import { gql, tokenFor } from './app';
import { SEND } from './letters';

/** `url` is read at each call: the server starts in beforeAll. */
export function actingOn(url: () => string) {
  /** The data of a query or mutation as `who`; any error fails the test with its text. */
  async function run(who: Actor, query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await gql(url(), await tokenFor(who), query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }
  /** The workflow after `who` sent the event, with the fields of tests/helpers/letters.ts. */
  const send = async (who: Actor, workflowId: string, type: string, payload: Record<string, unknown> = {}) =>
    (await run(who, SEND, { input: { workflowId, type, payload } })).sendEvent;
  return { run, send };
}
