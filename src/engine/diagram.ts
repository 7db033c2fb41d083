/**
 * A machine as a Mermaid `stateDiagram-v2`, drawn from the machine itself (its states and
 * transition definitions), with the definition's Chinese labels. Events handled by an ancestor
 * (e.g. CANCEL on the root) are drawn from every non-final leaf state they apply to.
 */
import type { AnyStateNode } from 'xstate';
import type { WorkflowDefinition } from '../../machines/definition';
import { eventLabelOf } from './event-label';

const pathOf = (node: AnyStateNode) => node.path.join('.');
/** Mermaid state ids cannot contain dots. */
const idOf = (path: string) => path.replace(/\./g, '__');

function leaves(node: AnyStateNode): AnyStateNode[] {
  const children = Object.values(node.states ?? {}) as AnyStateNode[];
  return children.length ? children.flatMap(leaves) : [node];
}

function ancestry(node: AnyStateNode): AnyStateNode[] {
  const chain: AnyStateNode[] = [];
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) chain.push(n);
  return chain;
}

export function mermaidDiagram(definition: WorkflowDefinition): string {
  const root = definition.machine.root;
  const label = (type: string) => {
    const text = eventLabelOf(definition, type);
    return text === type ? type : `${type} ${text}`;
  };
  const lines = ['stateDiagram-v2'];
  for (const leaf of leaves(root)) {
    const path = pathOf(leaf);
    lines.push(`  ${idOf(path)}: ${path} ${definition.states[path]?.label ?? ''}`.trimEnd());
  }
  const initial = root.initial?.target?.[0];
  if (initial) lines.push(`  [*] --> ${idOf(pathOf(initial))}`);
  const edges = new Set<string>();
  for (const leaf of leaves(root)) {
    if (leaf.type === 'final') {
      lines.push(`  ${idOf(pathOf(leaf))} --> [*]`);
      continue;
    }
    for (const node of ancestry(leaf)) {
      for (const [type, list] of node.transitions) {
        if (type.startsWith('xstate.')) continue;
        for (const t of list) edges.add(`  ${idOf(pathOf(leaf))} --> ${idOf(t.target?.[0] ? pathOf(t.target[0]) : pathOf(leaf))}: ${label(type)}`);
      }
      for (const t of node.always ?? []) {
        if (t.target?.[0]) edges.add(`  ${idOf(pathOf(leaf))} --> ${idOf(pathOf(t.target[0]))}: 条件满足时自动流转`);
      }
    }
  }
  return [...lines, ...edges].join('\n') + '\n';
}
