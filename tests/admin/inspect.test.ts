/** Administrators inspect definitions (states, transitions, diagram, instances per state) and instances. */
import { allDefinitions } from '../../machines';
import { gql } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { adminFixture, type AdminFixture } from './admin-helpers';

const clock = new TestClock('2026-11-02T01:00:00Z');
let f: AdminFixture;

beforeAll(async () => {
  f = await adminFixture(clock);
});
afterAll(() => f.t.stop());

const MACHINES = `{ adminMachines {
  id version title newest initialState activeInstances mermaid
  states { id label final finalStatus declaresDeadlines deadlineKindsSeen activeInstances }
  events { type label from }
  transitions { source target event eventLabel guard roles relations } } }`;

test('every machine is listed with its states, events, transitions as data and its diagram', async () => {
  const res = await gql(f.t.url, f.tokens.admin, MACHINES);
  expect(res.errors).toBeUndefined();
  const machines = res.data.adminMachines;
  // every registered machine, by id: a new machine shows up without this test changing
  expect(machines.map((m: any) => [m.id, m.version, m.newest])).toEqual(allDefinitions().map((d) => [d.id, d.version, true]));
  expect(machines.map((m: any) => m.id)).toEqual(expect.arrayContaining(['documentCountersign', 'emergencyReport', 'rectificationInterview', 'supervisionLetter']));
  const letter = machines.find((m: any) => m.id === 'supervisionLetter');
  expect(letter.mermaid).toMatch(/^stateDiagram-v2\n/);
  expect(letter.mermaid).toContain('awaitingFeedback --> inProgress: SUBMIT_FEEDBACK 反馈整改落实情况');
  expect(letter.states.find((s: any) => s.id === 'cancelled')).toMatchObject({ label: '已撤销', final: true, finalStatus: 'CANCELLED' });
  expect(letter.states.find((s: any) => s.id === 'awaitingFeedback')).toMatchObject({ final: false, finalStatus: null, declaresDeadlines: true });
  expect(letter.transitions).toEqual(
    expect.arrayContaining([
      {
        source: 'awaitingFeedback',
        target: 'inProgress',
        event: 'SUBMIT_FEEDBACK',
        eventLabel: '反馈整改落实情况',
        guard: null,
        roles: ['DEPARTMENT', 'TOWN'],
        relations: ['leadUnit'],
      },
      // CANCEL is declared on the root: it applies from every state that is not final
      expect.objectContaining({ source: 'closureReview', target: 'cancelled', event: 'CANCEL', roles: ['OFFICE'] }),
      expect.objectContaining({ source: 'inProgress', target: 'inProgress', event: 'DEADLINE_PASSED', eventLabel: '逾期（系统）', roles: [] }),
    ]),
  );
  const countersign = machines.find((m: any) => m.id === 'documentCountersign');
  expect(countersign.transitions).toEqual(
    expect.arrayContaining([
      { source: 'countersigning', target: 'awaitingSignOff', event: null, eventLabel: '条件满足时自动流转', guard: 'roundComplete', roles: [], relations: [] },
      expect.objectContaining({ source: 'countersigning', event: 'AGREE', guard: 'pendingSigner', relations: ['signer'] }),
    ]),
  );
});

test('active instances are counted per state, with the deadline kinds they carry', async () => {
  await f.start();
  await f.start();
  await f.issuedLetter();
  const cancelled = await f.issuedLetter();
  await f.send('office', cancelled, 'CANCEL', { reason: '误发' });
  const res = await gql(f.t.url, f.tokens.admin, `{ adminMachine(id: "supervisionLetter") { activeInstances states { id activeInstances deadlineKindsSeen } } }`);
  const m = res.data.adminMachine;
  expect(m.activeInstances).toBe(3);
  const byState = Object.fromEntries(m.states.map((s: any) => [s.id, [s.activeInstances, s.deadlineKindsSeen]]));
  expect(byState).toMatchObject({
    draft: [2, []],
    awaitingFeedback: [1, ['feedback', 'final']],
    inProgress: [0, []],
    cancelled: [0, []],
  });
});

test('an administrator sees an instance whole: snapshot, timeline, pending timers and who must act', async () => {
  const id = await f.issuedLetter();
  const res = await gql(
    f.t.url,
    f.tokens.admin,
    `query($id: ID!) { workflow(id: $id) { snapshot awaiting pendingTimers { kind action dueAt }
      history { seq eventType actor { id } stateAfter } } }`,
    { id },
  );
  const w = res.data.workflow;
  expect(w.snapshot).toMatchObject({ value: 'awaitingFeedback', status: 'active', context: { leadUnit: '市住建局', issuedAt: '2026-11-02T01:00:00.000Z' } });
  expect(w.awaiting).toEqual(['unit:市住建局']);
  expect(w.pendingTimers).toEqual(expect.arrayContaining([{ kind: 'feedback', action: 'DUE', dueAt: '2026-11-05T16:00:00.000Z' }]));
  expect(w.history.map((h: any) => [h.seq, h.eventType, h.stateAfter])).toEqual([
    [1, 'START', 'draft'],
    [2, 'ISSUE', 'awaitingFeedback'],
  ]);
});
