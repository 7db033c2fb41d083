/**
 * The wall's data: the open items the caller may see, read once (a few fields each), then
 * kept up to date from the transition stream. A stream message carries the item's new level
 * and state; the item's lead unit and former level come from what was read, so a message
 * moves exactly one item from its old cell to its new one, without asking the server again
 * (only an item started after the wall opened is read, once).
 */
import { gql, type Client } from 'urql';
import { everyWorkflow } from './pages';

export interface OpenItem {
  id: string;
  machineId: string;
  unit: string;
  level: string;
  version: number;
  flagged: boolean;
}

export interface StreamMessage {
  cursor: string;
  workflowId: string;
  machineId: string;
  version: number;
  stateAfter: string;
  alertLevel: string;
  eventType: string;
  title: string;
}

const OPEN_PAGE = gql`
  query WallOpenItems($filter: WorkflowFilter, $first: Int!, $after: String) {
    workflows(filter: $filter, first: $first, after: $after) {
      edges { node { id machineId units alertLevel version } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const ONE = gql`
  query WallItem($id: ID!) {
    workflow(id: $id) { id machineId units alertLevel version status context }
  }
`;

export const TRANSITIONS = gql`
  subscription WallTransitions {
    transitions { cursor workflowId machineId version stateAfter alertLevel eventType title }
  }
`;

export async function loadOpenItems(client: Client): Promise<Map<string, OpenItem>> {
  const [open, flagged] = await Promise.all([
    everyWorkflow<any>(client, OPEN_PAGE, { status: 'ACTIVE' }),
    everyWorkflow<any>(client, OPEN_PAGE, { status: 'ACTIVE', flagged: true }),
  ]);
  const flaggedIds = new Set(flagged.map((n) => n.id));
  return new Map(
    open.map((n) => [
      n.id,
      { id: n.id, machineId: n.machineId, unit: n.units[0] ?? '（未指定）', level: n.alertLevel, version: n.version, flagged: flaggedIds.has(n.id) },
    ]),
  );
}

/** An item the wall has not seen (started after it opened): read once. */
export async function loadItem(client: Client, id: string): Promise<OpenItem | null> {
  const result = await client.query(ONE, { id }, { requestPolicy: 'network-only' }).toPromise();
  const w = result.data?.workflow;
  if (!w || w.status !== 'ACTIVE') return null;
  return { id: w.id, machineId: w.machineId, unit: w.units[0] ?? '（未指定）', level: w.alertLevel, version: w.version, flagged: w.context?.flagged === true };
}
