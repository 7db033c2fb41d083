/**
 * The history timeline's data, in one place: today from `Workflow.history` (the whole list);
 * when the API pages transitions (`Workflow.transitions(first, after)`), only this module
 * changes: `entries` grows as `loadMore` is called.
 */
import { gql, useQuery } from 'urql';

/** Also selected by the page's mutations, so a sent event appears in the timeline at once. */
export const TIMELINE_FIELDS = `
  history {
    seq eventType eventLabel payload stateBefore stateAfter stateAfterLabel alertLevel at
    actor { id name roles unit }
    onBehalfOf { id name unit }
  }
`;

const TIMELINE = gql`
  query Timeline($id: ID!) {
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
  entries: TimelineEntry[];
  hasMore: boolean;
  loadMore: () => void;
  /** read again from the server (after a refusal: someone else changed the item) */
  refresh: () => void;
  fetching: boolean;
}

export function useTimeline(workflowId: string): Timeline {
  const [{ data, fetching }, reexecute] = useQuery({ query: TIMELINE, variables: { id: workflowId } });
  return {
    entries: data?.workflow?.history ?? [],
    hasMore: false,
    loadMore: () => undefined,
    refresh: () => reexecute({ requestPolicy: 'network-only' }),
    fetching,
  };
}
