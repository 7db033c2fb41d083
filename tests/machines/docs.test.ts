/** The README's process section and diagrams come from the definitions and must not go stale. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { definitions } from '../../machines';
import { mermaidDiagram } from '../../src/engine/diagram';
import { withProcessSection } from '../../scripts/process-docs';
import { CONFIG_VARIABLES } from '../../src/config';

test('the README process section is what npm run docs generates', () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  expect(withProcessSection(readme)).toBe(readme);
});

test('each diagram draws every state of its machine and an edge for every event type', () => {
  for (const definition of definitions) {
    const diagram = mermaidDiagram(definition);
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const [state, s] of Object.entries(definition.states)) expect(diagram).toContain(`${state}: ${state} ${s.label}`);
    for (const type of Object.keys(definition.events)) expect(diagram).toMatch(new RegExp(`--> \\w+: ${type} `));
  }
});

test('the README configuration table names every variable the service reads', () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const tableRows = readme.split('\n').filter((line) => line.startsWith('| `'));
  const named = new Set(tableRows.flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z_]+)`/g)].map((m) => m[1])));
  const missing = CONFIG_VARIABLES.filter((name) => !named.has(name));
  expect(missing).toEqual([]);
});
