/**
 * Machines as data the API can show: states with labels, events with who may send them, from
 * which states, and payload JSON Schemas. Computed once per definition.
 */
import { z } from 'zod';
import type { AnyStateNode } from 'xstate';
import type { AllowRule, WorkflowDefinition } from '../../machines/definition';

export interface RuleDescription {
  roles: string[];
  relation?: string;
  relationLabel?: string;
}

export interface MachineDescription {
  id: string;
  version: number;
  title: string;
  description: string;
  initialState: string;
  states: { id: string; label: string; description?: string; final: boolean; delegable: boolean }[];
  events: {
    type: string;
    label: string;
    description?: string;
    allow: RuleDescription[];
    from: string[];
    payloadSchema: unknown;
  }[];
  startAllow: RuleDescription[];
  inputSchema: unknown;
}

export function jsonSchemaOf(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function leafStates(node: AnyStateNode, prefix = ''): { path: string; node: AnyStateNode }[] {
  const children = Object.entries(node.states ?? {});
  if (children.length === 0) return [{ path: prefix, node }];
  return children.flatMap(([key, child]) => leafStates(child, prefix ? `${prefix}.${key}` : key));
}

/** Event types a leaf state handles, including those its ancestors handle. */
function handledEvents(node: AnyStateNode): Set<string> {
  const types = new Set<string>();
  if (node.type === 'final') return types;
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) {
    for (const type of n.ownEvents) if (!type.startsWith('xstate.')) types.add(type);
  }
  return types;
}

const describeRules = (definition: WorkflowDefinition, rules: readonly AllowRule[]): RuleDescription[] =>
  rules.map((r) => ({
    roles: [...r.roles],
    relation: r.relation,
    relationLabel: r.relation ? definition.relations[r.relation].label : undefined,
  }));

const cache = new WeakMap<WorkflowDefinition, MachineDescription>();

export function describeMachine(definition: WorkflowDefinition): MachineDescription {
  const cached = cache.get(definition);
  if (cached) return cached;
  const leaves = leafStates(definition.machine.root);
  const handled = leaves.map((leaf) => ({ path: leaf.path, types: handledEvents(leaf.node), final: leaf.node.type === 'final' }));
  const description: MachineDescription = {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    description: definition.description,
    initialState: String(definition.machine.root.initial?.target?.[0]?.path.join('.') ?? ''),
    states: handled.map((s) => ({
      id: s.path,
      label: definition.states[s.path]?.label ?? s.path,
      description: definition.states[s.path]?.description ?? leaves.find((l) => l.path === s.path)?.node.description,
      final: s.final,
      delegable: definition.states[s.path]?.delegable === true,
    })),
    events: Object.entries(definition.events).map(([type, e]) => ({
      type,
      label: e.label,
      description: e.description,
      allow: describeRules(definition, e.allow),
      from: handled.filter((s) => s.types.has(type)).map((s) => s.path),
      payloadSchema: jsonSchemaOf(e.payload),
    })),
    startAllow: describeRules(definition, definition.start.allow),
    inputSchema: jsonSchemaOf(definition.start.input),
  };
  cache.set(definition, description);
  return description;
}
