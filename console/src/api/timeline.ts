/**
 * The history timeline's data, in one place, page by page through `Workflow.transitions`.
 *
 * The API pages oldest first (cursor = seq, as text); the timeline shows the newest first, as
 * an office reads an item: what happened last is on top and older pages load as it scrolls.
 * So the first page is the latest one: the transitions after `base`, fixed once per page visit
 * (the version first seen, less a page). Everything after `base` is one query, asked again
 * with a larger `first` when the version grows; older pages are read below `base` on demand.
 *
 * The page's mutations select `TIMELINE_FIELDS` with `timelineVariables()` of the next version:
 * the very field the latest-page query will ask for, so a sent event appears at once, from the
 * mutation's answer, with no second request.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { gql, useClient, useQuery } from 'urql';

/**
 * Transitions per page. The API allows 1 to 100, but its cost limit (5000 by default) counts
 * every selected field once per transition asked for: a timeline entry costs about 160, so a
 * page of 20 (about 3300, with the page's own fields in a mutation) leaves room, and the latest
 * page may grow by sent events to 28 before it starts again from the newest 20.
 */
export const TIMELINE_PAGE = 20;
const MAX_FIRST = 28;

const ENTRY = `
  seq eventType eventLabel payload stateBefore stateAfter stateAfterLabel alertLevel at
  actor { id name roles unit }
  onBehalfOf { id name unit }
`;

/** Selected by the page's mutations too (with the variables `timelineVariables` gives). */
export const TIMELINE_FIELDS = `
  transitions(first: $tlFirst, after: $tlAfter) {
    totalCount
    edges { node { ${ENTRY} } }
  }
`;
export const TIMELINE_VARIABLES = '$tlFirst: Int!, $tlAfter: String';

const TIMELINE = gql`
  query Timeline($id: ID!, ${TIMELINE_VARIABLES}) {
    workflow(id: $id) { id version ${TIMELINE_FIELDS} }
  }
`;

export interface TimelineEntry {
  seq: number;
  eventType: string;
  eventLabel: string;
  payload: Record<string, unknown>;
  stateBefore: string | null;
  stateAfter: string;
  stateAfterLabel: string;
  alertLevel: string;
  at: string;
  actor: { id: string; name: string; roles: string[]; unit: string };
  onBehalfOf: { id: string; name: string; unit: string } | null;
}

export interface Timeline {
  /** newest first */
  entries: TimelineEntry[];
  /** transitions in the whole history */
  total: number;
  hasMore: boolean;
  loadMore: () => void;
  /** read again from the server (after a refusal: someone else changed the item) */
  refresh: () => void;
  fetching: boolean;
  /** older pages that could not be read, in plain words */
  problem: string | null;
  /** what a mutation producing `version` selects, so its answer fills the latest page */
  timelineVariables: (version: number) => { tlFirst: number; tlAfter: string | null };
}

/** a cursor: the seq as text; none (null) before the first transition */
const cursor = (seq: number) => (seq > 0 ? String(seq) : null);
const nodesOf = (data: any): TimelineEntry[] => data?.workflow?.transitions?.edges.map((e: { node: TimelineEntry }) => e.node) ?? [];

export function useTimeline(workflowId: string, version: number | undefined): Timeline {
  const client = useClient();
  // the latest page begins after `base`; a new one when the version outgrows what one query may ask
  const [anchor, setAnchor] = useState<{ id: string; base: number } | null>(null);
  const [older, setOlder] = useState<TimelineEntry[]>([]);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = useRef(false);
  /** which item and latest page the older pages belong to: an answer for another is dropped */
  const generation = useRef('');
  const fresh = version !== undefined && (!anchor || anchor.id !== workflowId || version <= anchor.base || version - anchor.base > MAX_FIRST);
  if (fresh) {
    setAnchor({ id: workflowId, base: Math.max(0, version - TIMELINE_PAGE) });
    setOlder([]);
    setProblem(null);
  }
  const base = fresh || !anchor ? Math.max(0, (version ?? 0) - TIMELINE_PAGE) : anchor.base;
  const timelineVariables = useCallback((v: number) => ({ tlFirst: Math.min(MAX_FIRST, Math.max(1, v - base)), tlAfter: cursor(base) }), [base]);
  const [{ data, fetching }, reexecute] = useQuery({
    query: TIMELINE,
    variables: { id: workflowId, ...timelineVariables(version ?? 0) },
    pause: version === undefined,
  });
  const latest = nodesOf(data);
  const total = data?.workflow?.transitions?.totalCount ?? version ?? 0;
  generation.current = `${workflowId}:${base}`;
  const lowest = older.length ? older[older.length - 1].seq : base + 1;
  // only once the latest page is shown: before, an empty list would put the sentinel in view
  const hasMore = latest.length > 0 && lowest > 1 && !problem;

  const loadMore = useCallback(() => {
    if (busy.current || lowest <= 1) return;
    busy.current = true;
    setLoadingOlder(true);
    const after = Math.max(0, lowest - 1 - TIMELINE_PAGE);
    const asked = generation.current;
    client
      .query(TIMELINE, { id: workflowId, tlFirst: lowest - 1 - after, tlAfter: cursor(after) })
      .toPromise()
      .then((res) => {
        if (generation.current !== asked) return;
        if (res.error) setProblem('更早的记录暂时无法载入，请稍后刷新页面。');
        else setOlder((prev) => [...prev, ...nodesOf(res.data).reverse()]);
      })
      .finally(() => {
        busy.current = false;
        setLoadingOlder(false);
      });
  }, [client, workflowId, lowest]);

  const seen = new Set<number>();
  const entries = [...[...latest].reverse(), ...older].filter((e) => !seen.has(e.seq) && seen.add(e.seq));
  return {
    entries,
    total,
    hasMore,
    loadMore,
    refresh: () => reexecute({ requestPolicy: 'network-only' }),
    fetching: fetching || loadingOlder,
    problem,
    timelineVariables,
  };
}

const PATH = gql`
  query PathTaken($id: ID!, $after: String) {
    workflow(id: $id) { id transitions(first: 50, after: $after) { edges { node { seq stateBefore stateAfter } } pageInfo { hasNextPage endCursor } } }
  }
`;

/**
 * The path taken, for the state diagram: every (from, to) step of the whole history, however
 * far the timeline has scrolled. Only the two states of each transition are read, 50 at a
 * time, and only the transitions after those already read when the version grows.
 */
export function usePathTaken(workflowId: string, version: number | undefined): [string | null, string][] {
  const client = useClient();
  const [read, setRead] = useState<PathRead>({ id: workflowId, upTo: 0, steps: new Map() });
  const known = read.id === workflowId ? read : { id: workflowId, upTo: 0, steps: new Map() };
  useEffect(() => {
    if (version === undefined || known.upTo >= version) return;
    let stopped = false;
    void (async () => {
      const steps = new Map(known.steps);
      let after = cursor(known.upTo);
      let upTo = known.upTo;
      for (;;) {
        // the tail of the history grows: always asked of the server
        const res = await client.query(PATH, { id: workflowId, after }, { requestPolicy: 'network-only' }).toPromise();
        const page = res.data?.workflow?.transitions;
        if (!page || stopped) return; // unreadable now: the diagram keeps what was read
        for (const { node } of page.edges) {
          steps.set(`${node.stateBefore}→${node.stateAfter}`, [node.stateBefore, node.stateAfter]);
          upTo = node.seq;
        }
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      setRead({ id: workflowId, upTo, steps });
    })();
    return () => {
      stopped = true;
    };
  }, [client, workflowId, version, known.upTo]);
  return [...known.steps.values()];
}

interface PathRead {
  id: string;
  upTo: number;
  steps: Map<string, [string | null, string]>;
}
