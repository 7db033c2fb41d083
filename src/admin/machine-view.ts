/**
 * Every registered version of every machine as administrators see it: states (labels, final
 * status, declared deadlines, instances now in them), events, transitions as data, the Mermaid
 * diagram.
 */
import { allDefinitions, findDefinition, type WorkflowDefinition } from '../../machines';
import {
  describeMachine,
  eventLabelOf,
  mermaidDiagram,
  transitionsOf,
  type MachineDescription,
  type TransitionEdge,
} from '../engine/engine';
import type { StateCount } from '../persistence/admin-queries';

export interface AdminStateView {
  id: string;
  label: string;
  description?: string;
  final: boolean;
  finalStatus: string | null;
  declaresDeadlines: boolean;
  deadlineKindsSeen: string[];
  activeInstances: number;
}

export interface AdminMachineView {
  id: string;
  version: number;
  title: string;
  newest: boolean;
  initialState: string;
  activeInstances: number;
  states: AdminStateView[];
  events: MachineDescription['events'];
  transitions: (TransitionEdge & { eventLabel: string })[];
  mermaid: string;
}

export function machineView(definition: WorkflowDefinition, counts: StateCount[]): AdminMachineView {
  const d = describeMachine(definition);
  const mine = counts.filter((c) => c.machineId === definition.id && c.machineVersion === definition.version);
  const states = d.states.map((s) => {
    const count = mine.find((c) => c.state === s.id);
    return {
      id: s.id,
      label: s.label,
      description: s.description,
      final: s.final,
      finalStatus: s.final ? (definition.states[s.id]?.finalStatus ?? 'DONE') : null,
      declaresDeadlines: typeof definition.states[s.id]?.deadlines === 'function',
      deadlineKindsSeen: [...(count?.deadlineKinds ?? [])].sort(),
      activeInstances: count?.active ?? 0,
    };
  });
  return {
    id: d.id,
    version: d.version,
    title: d.title,
    newest: findDefinition(d.id) === definition,
    initialState: d.initialState,
    activeInstances: states.reduce((n, s) => n + s.activeInstances, 0),
    states,
    events: d.events,
    transitions: labelledTransitions(definition),
    mermaid: mermaidDiagram(definition),
  };
}

/** The definition's transitions as data, each event with its Chinese label (what the diagram draws). */
export function labelledTransitions(definition: WorkflowDefinition): AdminMachineView['transitions'] {
  const label = (event: string | null) =>
    event === null ? '条件满足时自动流转' : eventLabelOf(definition, event);
  return transitionsOf(definition).map((t) => ({ ...t, eventLabel: label(t.event) }));
}

/** Every version of every machine, or one machine's versions. */
export function machineViews(counts: StateCount[], machineId?: string | null, version?: number | null): AdminMachineView[] {
  return allDefinitions()
    .filter((d) => (!machineId || d.id === machineId) && (version == null || d.version === version))
    .map((d) => machineView(d, counts));
}
