/**
 * A machine's graph as data, for administrators: leaf states, every transition (source → target,
 * event, guard, who may send it), and the shortest way between two states. Read off the XState
 * machine like src/engine/diagram.ts; events handled by an ancestor apply to each of its leaves.
 */
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import type { WorkflowDefinition } from '../../machines/definition';
import { describeMachine } from './describe';

export interface TransitionEdge {
  source: string;
  target: string;
  /** the event type, or null for an automatic (`always`) transition */
  event: string | null;
  guard: string | null;
  /** roles that may send the event (empty: only the system, e.g. DEADLINE_PASSED) */
  roles: string[];
  relations: string[];
}

const pathOf = (node: AnyStateNode) => node.path.join('.');

function leaves(node: AnyStateNode): AnyStateNode[] {
  const children = Object.values(node.states ?? {}) as AnyStateNode[];
  return children.length ? children.flatMap(leaves) : [node];
}

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'inline';
  const type = (guard as { type?: unknown }).type;
  return typeof type === 'string' ? type : 'inline';
}

/** Leaf states by dotted path: the states a workflow can be in. */
export function leafStatePaths(definition: WorkflowDefinition): string[] {
  return describeMachine(definition).states.map((s) => s.id);
}

/** The XState state value of a dotted leaf path: `a.b.c` → { a: { b: 'c' } }. */
export function stateValueOf(path: string): unknown {
  const keys = path.split('.');
  return keys.reduceRight<unknown>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
}

/** The machine's snapshot in the leaf state `path` with `context` (no actions run). */
export function snapshotAt(definition: WorkflowDefinition, path: string, context: Record<string, unknown>): AnyMachineSnapshot {
  return definition.machine.resolveState({ value: stateValueOf(path) as any, context });
}

const cache = new WeakMap<WorkflowDefinition, TransitionEdge[]>();

export function transitionsOf(definition: WorkflowDefinition): TransitionEdge[] {
  const cached = cache.get(definition);
  if (cached) return cached;
  const edges: TransitionEdge[] = [];
  const seen = new Set<string>();
  const add = (edge: TransitionEdge) => {
    const key = JSON.stringify(edge);
    if (!seen.has(key)) edges.push(edge), seen.add(key);
  };
  for (const leaf of leaves(definition.machine.root)) {
    if (leaf.type === 'final') continue;
    const source = pathOf(leaf);
    for (let node: AnyStateNode | undefined = leaf; node; node = node.parent) {
      for (const [event, list] of node.transitions) {
        if (event.startsWith('xstate.')) continue;
        const allow = definition.events[event]?.allow ?? [];
        for (const t of list) {
          add({
            source,
            target: t.target?.[0] ? pathOf(t.target[0]) : source,
            event,
            guard: guardName(t.guard),
            roles: [...new Set(allow.flatMap((r) => [...r.roles]))],
            relations: [...new Set(allow.flatMap((r) => (r.relation ? [r.relation] : [])))],
          });
        }
      }
      for (const t of node.always ?? []) {
        if (t.target?.[0]) {
          add({ source, target: pathOf(t.target[0]), event: null, guard: guardName(t.guard), roles: [], relations: [] });
        }
      }
    }
  }
  cache.set(definition, edges);
  return edges;
}

/** Events on a shortest path from one state to another (breadth first), or null when none leads there. */
export function shortestPath(definition: WorkflowDefinition, from: string, to: string): (string | null)[] | null {
  if (from === to) return [];
  const edges = transitionsOf(definition);
  const via = new Map<string, { prev: string; event: string | null }>([[from, { prev: from, event: null }]]);
  const queue = [from];
  while (queue.length) {
    const state = queue.shift()!;
    for (const e of edges) {
      if (e.source !== state || via.has(e.target)) continue;
      via.set(e.target, { prev: state, event: e.event });
      if (e.target === to) {
        const events: (string | null)[] = [];
        for (let s = to; s !== from; s = via.get(s)!.prev) events.unshift(via.get(s)!.event);
        return events;
      }
      queue.push(e.target);
    }
  }
  return null;
}
