/** schema.graphql is generated from the code (npm run schema) and committed; it must not drift. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { definitions } from '../../machines';
import { printApiSchema } from '../../scripts/schema-text';
import { describeMachine } from '../../src/engine/describe';

test('the committed schema.graphql matches the schema built from the code', () => {
  const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
  expect(printApiSchema()).toBe(committed);
});

test('every state and event of every machine has a Chinese label in the API', () => {
  const han = /\p{Script=Han}/u;
  for (const definition of definitions) {
    const d = describeMachine(definition);
    expect(d.title).toMatch(han);
    for (const s of d.states) expect(s.label).toMatch(han);
    for (const e of d.events) {
      expect(e.label).toMatch(han);
      expect(e.from.length).toBeGreaterThan(0);
      expect(e.payloadSchema).toHaveProperty('type', 'object');
    }
  }
});
