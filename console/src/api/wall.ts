/**
 * The wall's data: the counts of `alertSummary.cells` (open items per lead unit × process, per
 * level, with 挂牌), read once, then moved by the transition stream followed from the cursor those
 * counts are as of. Each message says where the item stood before it (as this caller could see
 * it) and where it stands after, so one message moves one item from one cell to another without
 * asking the server again; the transitions the counts already hold are skipped.
 */
import { gql, type Client, type CombinedError } from 'urql';

/** One cell's counts: RED / YELLOW / BLUE, total and 挂牌. */
export type Counts = Record<string, number> & { total: number; flagged: number };
export const emptyCounts = (): Counts => ({ RED: 0, YELLOW: 0, BLUE: 0, total: 0, flagged: 0 });

export interface WallCounts {
  /** `<unit>|<machineId>` → counts */
  cells: Map<string, Counts>;
  /** the stream position the counts are as of */
  cursor: string;
  /** `<workflowId>:<version>` of transitions already counted that come after the cursor */
  counted: Set<string>;
}

export interface StreamMessage {
  cursor: string;
  workflowId: string;
  machineId: string;
  version: number;
  title: string;
  eventType: string;
  alertLevel: string;
  statusAfter: string | null;
  leadUnit: string | null;
  flagged: boolean | null;
  statusBefore: string | null;
  alertLevelBefore: string | null;
  leadUnitBefore: string | null;
  flaggedBefore: boolean | null;
}

const CELLS = gql`query WallCells {
  alertSummary { cells { unit machineId blue yellow red total flagged } cursor counted { workflowId version } }
}`;

export const TRANSITIONS = gql`
  subscription WallTransitions($after: String) {
    transitions(after: $after) {
      cursor workflowId machineId version title eventType alertLevel
      statusAfter leadUnit flagged statusBefore alertLevelBefore leadUnitBefore flaggedBefore
    }
  }
`;

export const unitName = (unit: string | null) => unit || '（未指定）';

/**
 * Read once, from the server (never the cache: a wall opened later must not start from another
 * view's older counts), through the same client as everything else.
 */
export async function loadCounts(client: Client): Promise<WallCounts> {
  const { data, error } = await client.query(CELLS, {}, { requestPolicy: 'network-only' }).toPromise();
  if (error) throw error;
  const summary = data.alertSummary;
  const cells = new Map<string, Counts>();
  for (const c of summary.cells) {
    cells.set(`${unitName(c.unit)}|${c.machineId}`, { RED: c.red, YELLOW: c.yellow, BLUE: c.blue, total: c.total, flagged: c.flagged });
  }
  return { cells, cursor: summary.cursor, counted: new Set(summary.counted.map((t: any) => `${t.workflowId}:${t.version}`)) };
}

/** A place on the wall: the cell and the level. */
export interface Place {
  key: string;
  level: string;
  flagged: boolean;
}

/** Where a message takes an item from and to (null: not on this caller's wall). */
export function moveOf(m: StreamMessage): { from: Place | null; to: Place | null } {
  const from =
    m.statusBefore === 'ACTIVE' && m.alertLevelBefore
      ? { key: `${unitName(m.leadUnitBefore)}|${m.machineId}`, level: m.alertLevelBefore, flagged: !!m.flaggedBefore }
      : null;
  const to = m.statusAfter === 'ACTIVE' ? { key: `${unitName(m.leadUnit)}|${m.machineId}`, level: m.alertLevel, flagged: !!m.flagged } : null;
  return { from, to };
}

/** The cells with one item moved: a new map, the changed cells' keys. */
export function applyMove(cells: Map<string, Counts>, move: { from: Place | null; to: Place | null }): Map<string, Counts> {
  const next = new Map(cells);
  const add = (place: Place, by: number) => {
    const c = { ...(next.get(place.key) ?? emptyCounts()) };
    c[place.level] = (c[place.level] ?? 0) + by;
    c.total += by;
    if (place.flagged) c.flagged += by;
    if (c.total === 0) next.delete(place.key);
    else next.set(place.key, c);
  };
  if (move.from) add(move.from, -1);
  if (move.to) add(move.to, +1);
  return next;
}

/** Follows the stream after `cursor`; the caller applies each message. */
export function follow(client: Client, cursor: string, onMessage: (m: StreamMessage) => void, onError: (e: CombinedError) => void) {
  return client.subscription(TRANSITIONS, { after: cursor }).subscribe((result) => {
    if (result.error) return onError(result.error);
    const m = result.data?.transitions as StreamMessage | undefined;
    if (m) onMessage(m);
  });
}
