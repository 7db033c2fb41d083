/**
 * A second version of the supervision letter, for tests only: v1's machine with `inProgress`
 * renamed `implementing` (落实中). Built from v1's own config and implementations.
 */
import { createMachine } from 'xstate';
import { defineWorkflow, type WorkflowDefinition } from '../../machines/definition';
import { supervisionLetter } from '../../machines/supervisionLetter/supervisionLetter.definition';

function rename(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rename(v, from, to));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k === from ? to : k,
      k === 'target' && v === from ? to : rename(v, from, to),
    ]),
  );
}

export function letterV2(): WorkflowDefinition {
  const v1 = supervisionLetter.machine;
  const machine = createMachine(rename(v1.config, 'inProgress', 'implementing') as any, v1.implementations as any);
  const { inProgress, ...states } = supervisionLetter.states;
  return defineWorkflow({
    ...(supervisionLetter as WorkflowDefinition),
    version: 2,
    machine,
    states: { ...states, implementing: { ...inProgress, label: '落实中' } },
  });
}
