/**
 * Model-based tests: paths generated from each machine's graph reach every state and take every
 * transition, the timers' too: timed paths move a test clock to each pending deadline, the timer
 * worker fires what is due, and the events time made acceptable follow. Each path is replayed
 * through the real GraphQL API with tokens of the right people, and the API's state (and the
 * timers it fired) must match the machine's after every step. Then, in every state,
 * every event the state does not accept is refused with EVENT_NOT_ACCEPTED, and every sender
 * the rules do not allow is refused with FORBIDDEN (NOT_FOUND when it may not even read the
 * workflow) — and nothing is written.
 */
import { ROLES, type Actor, type WorkflowDefinition } from '../../machines/definition';
import { findDefinition } from '../../machines';
import { allows, candidateEvents, statePath } from '../../src/engine/rules';
import { canRead } from '../../src/engine/visibility';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { fingerprint } from '../helpers/fingerprint';
import { acceptedModelEvents, coveredBy, statePaths, transitionsOf, type ModelPath } from './graph';
import { models, type MachineModel } from './models';
import { timedPaths } from './timers';
import { transition } from 'xstate';

const NOW = new Date('2026-11-02T01:00:00.000Z'); // Monday 09:00 in Zhaoyuan
let t: TestApp;
/** timed paths move their own clock, on their own database: nobody else's timers fall due there */
const timedClock = new TestClock(NOW);
let timedApp: TestApp;
const tokens = new Map<string, Promise<string>>();
const token = (a: Actor) => {
  const key = JSON.stringify(a);
  if (!tokens.has(key)) tokens.set(key, tokenFor(a));
  return tokens.get(key)!;
};

beforeAll(async () => {
  [t, timedApp] = await Promise.all([startTestApp({ clock: new TestClock(NOW) }), startTestApp({ clock: timedClock })]);
});
afterAll(() => Promise.all([t.stop(), timedApp.stop()]));

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

const HISTORY = `query($id: ID!) { workflow(id: $id) { state history { eventType } } }`;

/**
 * Replays a path over HTTP; returns the workflow id, failing on the first mismatch. A timer step
 * moves the clock to its time and lets the worker fire what is due: the timers fired must be the
 * model's, in its order.
 */
async function replay(model: MachineModel, path: ModelPath, app = t, clock?: TestClock): Promise<string> {
  clock?.set(NOW);
  const started = await gql(app.url, await token(model.starter), START, { input: { machineId: model.machineId, input: model.input } });
  if (started.errors) throw new Error(`start ${model.machineId}: ${JSON.stringify(started.errors)}`);
  const id = started.data.startWorkflow.id as string;
  for (let i = 0; i < path.steps.length; ) {
    const step = path.steps[i];
    const { type, payload, actor, at } = step.event;
    clock?.set(at);
    if (step.timer) {
      let end = i;
      while (path.steps[end]?.timer && path.steps[end].event.at === at) end++;
      const group = path.steps.slice(i, end); // the timers that fire at this time
      await app.app.timers.runDue();
      const w = (await gql(app.url, await token(model.starter), HISTORY, { id })).data.workflow;
      const fired = w.history.slice(i + 1).map((h: { eventType: string }) => h.eventType);
      expect({ step: i, at, fired, state: w.state }).toEqual({ step: i, at, fired: group.map((s) => s.event.type), state: group.at(-1)!.state });
      i += group.length;
      continue;
    }
    const res = await gql(app.url, await token(actor), SEND, { input: { workflowId: id, type, payload } });
    if (res.errors) throw new Error(`step ${i} ${type} by ${actor.id}: ${JSON.stringify(res.errors)}`);
    expect({ step: i, type, state: res.data.sendEvent.state }).toEqual({ step: i, type, state: step.state });
    i++;
  }
  return id;
}

/**
 * Every path to a state, extended by every event accepted there, and by the clock moved to each
 * pending deadline (then by what time made acceptable): covers every transition.
 */
function transitionPaths(definition: WorkflowDefinition, model: MachineModel) {
  const toStates = statePaths(definition, model, NOW);
  const all = transitionsOf(definition.machine);
  const paths: ModelPath[] = [...toStates];
  for (const base of toStates) {
    for (const event of acceptedModelEvents(definition, model, base.end, NOW)) {
      const [next] = transition(definition.machine, base.end, event);
      paths.push({ steps: [...base.steps, { event, state: statePath(next.value) }], end: next });
    }
  }
  const timed = timedPaths(definition, model, toStates, NOW);
  const input = definition.start.input.parse(model.input);
  const covered = new Set([...paths, ...timed].flatMap((p) => coveredBy(definition, input, p)).map((d) => all.get(d)!));
  const timers = new Set(timed.flatMap((p) => p.steps.filter((s) => s.timer).map((s) => `${s.event.type}:${(s.event.payload as { kind: string }).kind}`)));
  return { toStates, paths, timed, covered, timers, all: [...all.values()] };
}

describe.each(models.map((m) => [m.machineId, m] as const))('%s', (machineId, model) => {
  const definition = findDefinition(machineId)!;
  const leaves = Object.keys(definition.states);
  const { toStates, paths, timed, covered, timers, all } = transitionPaths(definition, model);
  const timerEdges = all.filter((edge) => /--DEADLINE_/.test(edge));

  test('generated paths reach every state and take every transition', () => {
    const reached = new Set([
      statePath(definition.machine.root.initial!.target![0].path.join('.')),
      ...[...paths, ...timed].map((p) => statePath(p.end.value)),
    ]);
    // printed so the coverage is visible in the test log
    console.log(
      `${machineId}: states ${[...reached].filter((s) => leaves.includes(s)).length}/${leaves.length}, ` +
        `transitions ${covered.size}/${all.length} (timer-driven ${timerEdges.filter((e) => covered.has(e)).length}/${timerEdges.length}), ` +
        `timers fired ${timers.size} kinds (${[...timers].sort().join(' ')}), ` +
        `paths replayed ${paths.length} + ${timed.length} timed`,
    );
    expect([...reached].sort()).toEqual([...leaves].sort());
    expect([...covered].sort()).toEqual([...all].sort());
    // every event and every payload sample of the model is sent somewhere (the urgent ones too)
    const sent = new Set([...paths, ...timed].flatMap((p) => p.steps.map((s) => JSON.stringify([s.event.type, s.event.payload]))));
    const unsent = Object.entries(model.payloads).flatMap(([type, of]) => {
      const count = Math.max(...toStates.map((p) => of(p.end.context).length));
      // the k-th sample (made from some state's context) is sent in some path
      const isSent = (k: number) => toStates.some((p) => sent.has(JSON.stringify([type, of(p.end.context)[k]])));
      return Array.from({ length: count }, (_, k) => k).filter((k) => !isSent(k)).map((k) => `${type}#${k}`);
    });
    expect(unsent).toEqual([]);
    expect(Object.keys(model.payloads).sort()).toEqual(Object.keys(definition.events).sort());
  });

  test('every generated path replays through the GraphQL API with the same states', async () => {
    await pool(paths, 6, (path) => replay(model, path));
  });

  test('every timed path replays with the test clock moved and the timers fired as the model says', async () => {
    // one at a time: the clock is shared by the timed app
    for (const path of timed) await replay(model, path, timedApp, timedClock);
    timedClock.set(NOW);
  });

  test('in every state, unaccepted events are EVENT_NOT_ACCEPTED and disallowed senders FORBIDDEN, writing nothing', async () => {
    // one workflow per machine state (the shortest path to it)
    const perState = [...new Map(toStates.map((p) => [statePath(p.end.value), p])).values()];
    const inState = await pool(perState, 6, async (path) => ({ path, id: await replay(model, path) }));
    const before = await fingerprint(t.db.url);
    const probes: { id: string; type: string; actor: Actor; expected: string }[] = [];
    for (const { path, id } of inState) {
      const snapshot = path.end;
      const record = (await t.app.engine.find(id))!;
      const handled = candidateEvents(snapshot);
      for (const [type, event] of Object.entries(definition.events)) {
        const allowedPeople = model.people.filter((p) => allows(definition, event.allow, p, snapshot.context));
        if (!handled.includes(type) && allowedPeople[0]) {
          const reader = allowedPeople.find((p) => canRead(p, record));
          probes.push(
            reader
              ? { id, type, actor: reader, expected: 'EVENT_NOT_ACCEPTED' }
              : { id, type, actor: allowedPeople[0], expected: 'NOT_FOUND' },
          );
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
            // the visibility rule comes first: to one who may not read it, the workflow does not exist
            probes.push({ id, type, actor, expected: canRead(actor, record) ? 'FORBIDDEN' : 'NOT_FOUND' });
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
