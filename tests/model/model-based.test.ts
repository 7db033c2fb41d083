/**
 * Model-based tests: paths generated from each machine's graph reach every state and take every
 * transition; each path is replayed through the real GraphQL API with tokens of the right
 * people, and the API's state must match the machine's after every step. Then, in every state,
 * every event the state does not accept is refused with EVENT_NOT_ACCEPTED, and every sender
 * the rules do not allow is refused with FORBIDDEN — and nothing is written.
 */
import { ROLES, type Actor, type WorkflowDefinition } from '../../machines/definition';
import { findDefinition } from '../../machines';
import { allows, candidateEvents, statePath } from '../../src/engine/rules';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { acceptedModelEvents, statePaths, takenBy, transitionsOf, type ModelPath } from './graph';
import { models, type MachineModel } from './models';
import { transition } from 'xstate';

const NOW = new Date('2026-11-02T01:00:00.000Z'); // Monday 09:00 in Zhaoyuan
let t: TestApp;
const tokens = new Map<string, Promise<string>>();
const token = (a: Actor) => {
  const key = JSON.stringify(a);
  if (!tokens.has(key)) tokens.set(key, tokenFor(a));
  return tokens.get(key)!;
};

beforeAll(async () => {
  t = await startTestApp({ clock: new TestClock(NOW) });
});
afterAll(() => t.stop());

const START = `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id state } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) { id state version } }`;

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Replays a path over HTTP; returns the workflow id, failing on the first mismatch. */
async function replay(model: MachineModel, path: ModelPath): Promise<string> {
  const started = await gql(t.url, await token(model.starter), START, { input: { machineId: model.machineId, input: model.input } });
  if (started.errors) throw new Error(`start ${model.machineId}: ${JSON.stringify(started.errors)}`);
  const id = started.data.startWorkflow.id as string;
  for (const [i, step] of path.steps.entries()) {
    const { type, payload, actor } = step.event;
    const res = await gql(t.url, await token(actor), SEND, { input: { workflowId: id, type, payload } });
    if (res.errors) throw new Error(`step ${i} ${type} by ${actor.id}: ${JSON.stringify(res.errors)}`);
    expect({ step: i, type, state: res.data.sendEvent.state }).toEqual({ step: i, type, state: step.state });
  }
  return id;
}

/** Every path to a state, extended by every event accepted there: covers every transition. */
function transitionPaths(definition: WorkflowDefinition, model: MachineModel) {
  const toStates = statePaths(definition, model, NOW);
  const all = transitionsOf(definition.machine);
  const covered = new Set<string>();
  const paths: ModelPath[] = [...toStates];
  for (const base of toStates) {
    for (const event of acceptedModelEvents(definition, model, base.end, NOW)) {
      const [next] = transition(definition.machine, base.end, event);
      for (const def of takenBy(definition.machine, base.end, event, next)) covered.add(all.get(def)!);
      paths.push({ steps: [...base.steps, { event, state: statePath(next.value) }], end: next });
    }
  }
  return { toStates, paths, covered, all: [...all.values()] };
}

describe.each(models.map((m) => [m.machineId, m] as const))('%s', (machineId, model) => {
  const definition = findDefinition(machineId)!;
  const leaves = Object.keys(definition.states);
  const { toStates, paths, covered, all } = transitionPaths(definition, model);

  test('generated paths reach every state and take every transition', () => {
    const reached = new Set([statePath(definition.machine.root.initial!.target![0].path.join('.')), ...paths.map((p) => statePath(p.end.value))]);
    // printed so the coverage is visible in the test log
    console.log(
      `${machineId}: states ${[...reached].filter((s) => leaves.includes(s)).length}/${leaves.length}, ` +
        `transitions ${covered.size}/${all.length}, paths replayed ${paths.length}`,
    );
    expect([...reached].sort()).toEqual([...leaves].sort());
    expect([...covered].sort()).toEqual([...all].sort());
  });

  test('every generated path replays through the GraphQL API with the same states', async () => {
    await pool(paths, 6, (path) => replay(model, path));
  });

  test('in every state, unaccepted events are EVENT_NOT_ACCEPTED and disallowed senders FORBIDDEN, writing nothing', async () => {
    // one workflow per machine state (the shortest path to it)
    const perState = [...new Map(toStates.map((p) => [statePath(p.end.value), p])).values()];
    const inState = await pool(perState, 6, async (path) => ({ path, id: await replay(model, path) }));
    const before = await fingerprint(t.db.url);
    const probes: { id: string; type: string; actor: Actor; expected: string }[] = [];
    for (const { path, id } of inState) {
      const snapshot = path.end;
      const handled = candidateEvents(snapshot);
      for (const [type, event] of Object.entries(definition.events)) {
        const allowedPeople = model.people.filter((p) => allows(definition, event.allow, p, snapshot.context));
        if (!handled.includes(type) && allowedPeople[0]) {
          probes.push({ id, type, actor: allowedPeople[0], expected: 'EVENT_NOT_ACCEPTED' });
        }
        // every role for every person of the scenario: one probe per (role, relations held)
        const seen = new Set<string>();
        for (const person of model.people) {
          for (const role of ROLES) {
            const actor = { ...person, roles: [role] };
            if (allows(definition, event.allow, actor, snapshot.context)) continue;
            const relations = Object.entries(definition.relations)
              .map(([name, r]) => `${name}:${r.holds(snapshot.context, actor)}`)
              .join(',');
            if (seen.has(`${role}|${relations}`)) continue;
            seen.add(`${role}|${relations}`);
            probes.push({ id, type, actor, expected: 'FORBIDDEN' });
          }
        }
      }
    }
    const outcomes = await pool(probes, 8, async (probe) => {
      const res = await gql(t.url, await token(probe.actor), SEND, { input: { workflowId: probe.id, type: probe.type, payload: {} } });
      return { ...probe, actor: `${probe.actor.id}/${probe.actor.roles}`, got: codeOf(res) };
    });
    const wrong = outcomes.filter((o) => o.got !== o.expected);
    console.log(`${machineId}: ${outcomes.length} refusals probed in ${inState.length} states`);
    expect(wrong).toEqual([]);
    expect(await fingerprint(t.db.url)).toBe(before);
  });
});
