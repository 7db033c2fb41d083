/** 文件会签 / 会议纪要签发 (clauses 16, 21, rules M4) as a pure machine: no database, no clock. */
import { machinePeople } from '../helpers/cast';
import { act } from '../helpers/machine';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Actor, Role, WorkflowDefinition } from '../../machines/definition';
import { documentCountersign as def } from '../../machines/documentCountersign/documentCountersign.definition';
import { allows, candidateEvents } from '../../src/engine/rules';
import { acceptedEvents } from '../../src/engine/step';
import { WorkingCalendar } from '../../src/calendar/calendar';
import { resolveDeadline } from '../../src/calendar/deadlines';

// for the many signers built in a loop
const who = (id: string, roles: Role[], unit: string): Actor => ({ id, name: id, roles, unit });
const { development: lead, finance, justice, housing, audit, office, executiveViceMayor: leader, mayor } = machinePeople;
const HASH1 = 'a'.repeat(64);
const HASH2 = 'b'.repeat(64);


function must(s: AnyMachineSnapshot, type: string, payload: unknown, actor: Actor, at: string): AnyMachineSnapshot {
  const out = act(def, s, type, payload, actor, at);
  if (out.code !== 'OK') throw new Error(`${type} by ${actor.id}: ${out.code} ${JSON.stringify((out as any).issues ?? '')}`);
  return (out as { snapshot: AnyMachineSnapshot }).snapshot;
}

const raw = (extra: Record<string, unknown> = {}) => ({
  title: '关于加快推进老旧小区改造的实施意见',
  kind: '文件',
  leadUnit: '市发改局',
  signers: ['市财政局', '市司法局', '市住建局'],
  contentRef: 'docs/2026/oldtown-v1.docx',
  contentHash: HASH1,
  signOffLeader: { id: 'evm-sun', name: '孙常务副市长' },
  ccUnits: ['市审计局'],
  ...extra,
});
const start = (extra?: Record<string, unknown>) => initialTransition(def.machine, def.start.input.parse(raw(extra)))[0];
// sent Friday 6 November 2026, 09:00 Shanghai
const sent = (extra?: Record<string, unknown>) => must(start(extra), 'SEND', {}, lead, '2026-11-06T01:00:00.000Z');
const deadlinesOf = (s: AnyMachineSnapshot) => def.states[s.value as string].deadlines?.(s.context) ?? [];
const dueOf = (s: AnyMachineSnapshot) => resolveDeadline(deadlinesOf(s)[0], new WorkingCalendar()).due.toISOString();

test('a document is countersigned by every listed unit, signed off and issued', () => {
  let s = sent();
  expect(s.value).toBe('countersigning');
  expect(s.context).toMatchObject({ round: 1, roundStartedAt: '2026-11-06T01:00:00.000Z', mode: 'ALL' });
  s = must(s, 'AGREE', { comments: '无意见' }, finance, '2026-11-06T03:00:00.000Z');
  s = must(s, 'AGREE', {}, justice, '2026-11-09T03:00:00.000Z');
  expect(s.value).toBe('countersigning');
  s = must(s, 'AGREE', {}, housing, '2026-11-10T03:00:00.000Z');
  expect(s.value).toBe('awaitingSignOff');
  expect(s.context.readyAt).toBe('2026-11-10T03:00:00.000Z');
  expect(s.context.signatures['市财政局']).toEqual({
    decision: 'AGREE', comments: '无意见', reason: null, at: '2026-11-06T03:00:00.000Z', actorId: 'czj-li', actorName: 'czj-li',
  });
  s = must(s, 'SIGN_OFF', { comments: '同意印发' }, leader, '2026-11-11T03:00:00.000Z');
  expect(s.value).toBe('issued');
  expect(s.status).toBe('done');
  expect(s.context.signOff).toMatchObject({ comments: '同意印发', by: { id: 'evm-sun' } });
});

test('countersign: a unit not on the list cannot sign', () => {
  const s = sent();
  for (const actor of [lead, audit, machinePeople.educationUnlisted]) {
    // not a listed signer: refused as FORBIDDEN by the `signer` relation, and the guard agrees
    expect(act(def, s, 'AGREE', {}, actor, '2026-11-06T03:00:00.000Z').code).toBe('FORBIDDEN');
    expect(act(def, s, 'OBJECT', { reason: 'x' }, actor, '2026-11-06T03:00:00.000Z').code).toBe('FORBIDDEN');
    expect(s.can({ type: 'AGREE', payload: {}, actor, at: '2026-11-06T03:00:00.000Z' } as any)).toBe(false);
  }
  // leaders and towns are not countersigning units at all
  expect(act(def, s, 'AGREE', {}, leader, '2026-11-06T03:00:00.000Z').code).toBe('FORBIDDEN');
});

test('countersign: a listed unit is offered AGREE and OBJECT until it has signed in this round', () => {
  const signing = (s: AnyMachineSnapshot, actor: Actor) =>
    acceptedEvents(s, actor, '2026-11-06T05:00:00.000Z').filter((t) => t === 'AGREE' || t === 'OBJECT');
  const s = sent();
  expect(signing(s, finance)).toEqual(['AGREE', 'OBJECT']);
  expect(signing(s, audit)).toEqual([]);
  expect(signing(must(s, 'AGREE', {}, finance, '2026-11-06T03:00:00.000Z'), finance)).toEqual([]);
});

test('countersign: a unit cannot sign twice in a round', () => {
  const s = must(sent(), 'AGREE', {}, finance, '2026-11-06T03:00:00.000Z');
  const event = { type: 'OBJECT', payload: { reason: '改主意' }, actor: finance, at: '2026-11-06T04:00:00.000Z' } as any;
  expect(s.can(event)).toBe(false);
  expect(transition(def.machine, s, event)[0]).toBe(s);
  expect(act(def, s, 'AGREE', {}, finance, '2026-11-06T04:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('countersign: an objection needs a reason and sends the draft back to the lead unit', () => {
  const s0 = must(sent(), 'AGREE', {}, finance, '2026-11-06T03:00:00.000Z');
  expect(act(def, s0, 'OBJECT', {}, justice, '2026-11-06T04:00:00.000Z').code).toBe('BAD_USER_INPUT');
  const s = must(s0, 'OBJECT', { reason: '与上位法不一致' }, justice, '2026-11-06T04:00:00.000Z');
  expect(s.value).toBe('revising');
  expect(s.context.signatures['市司法局']).toMatchObject({ decision: 'OBJECT', reason: '与上位法不一致' });
  expect(s.context.returned).toMatchObject({ from: 'SIGNER', reason: '与上位法不一致', by: { unit: '市司法局' } });
  expect(act(def, s, 'AGREE', {}, housing, '2026-11-06T05:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('countersign: a revised draft starts a new round in which earlier signatures no longer count', () => {
  let s = must(sent(), 'AGREE', {}, finance, '2026-11-06T03:00:00.000Z');
  s = must(s, 'OBJECT', { reason: '与上位法不一致' }, justice, '2026-11-06T04:00:00.000Z');
  expect(act(def, s, 'REVISE', { contentRef: 'v1-again', contentHash: HASH1 }, lead, '2026-11-09T01:00:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT', issues: [{ path: 'contentHash' }],
  });
  expect(act(def, s, 'REVISE', { contentRef: 'v2', contentHash: HASH2 }, finance, '2026-11-09T01:00:00.000Z').code).toBe('FORBIDDEN');
  s = must(s, 'REVISE', { contentRef: 'docs/2026/oldtown-v2.docx', contentHash: HASH2.toUpperCase() }, lead, '2026-11-09T01:00:00.000Z');
  expect(s.value).toBe('countersigning');
  expect(s.context).toMatchObject({ round: 2, roundStartedAt: '2026-11-09T01:00:00.000Z', signatures: {}, contentHash: HASH2, returned: null });
  expect(s.context.rounds).toMatchObject([
    { round: 1, contentHash: HASH1, startedAt: '2026-11-06T01:00:00.000Z', returned: { from: 'SIGNER' }, signatures: { 市财政局: { decision: 'AGREE' }, 市司法局: { decision: 'OBJECT' } } },
  ]);
  // finance agreed in round 1, but must sign again: the round needs all three
  s = must(s, 'AGREE', {}, justice, '2026-11-09T02:00:00.000Z');
  s = must(s, 'AGREE', {}, housing, '2026-11-09T03:00:00.000Z');
  expect(s.value).toBe('countersigning');
  s = must(s, 'AGREE', {}, finance, '2026-11-09T04:00:00.000Z');
  expect(s.value).toBe('awaitingSignOff');
});

test('countersign: in ANY mode (或签) one agreement completes the round', () => {
  const s = must(sent({ mode: 'ANY' }), 'AGREE', {}, housing, '2026-11-06T03:00:00.000Z');
  expect(s.value).toBe('awaitingSignOff');
});

test('countersign: in SHARE mode (票签) the share is a fraction of the listed units, rounded up', () => {
  const five = ['市财政局', '市司法局', '市住建局', '市审计局', '市教育局'];
  let s = sent({ mode: 'SHARE', shareRequired: 0.6, signers: five, ccUnits: [] });
  s = must(s, 'AGREE', {}, finance, '2026-11-06T03:00:00.000Z');
  s = must(s, 'AGREE', {}, justice, '2026-11-06T03:00:00.000Z');
  expect(s.value).toBe('countersigning');
  s = must(s, 'AGREE', {}, housing, '2026-11-06T03:00:00.000Z');
  expect(s.value).toBe('awaitingSignOff'); // 3 of 5
  // 0.7 × 10 is 7.000000000000001 in floating point: still 7 units, not 8
  const ten = Array.from({ length: 10 }, (_, i) => `单位${i}`);
  let t = sent({ mode: 'SHARE', shareRequired: 0.7, signers: ten, ccUnits: [] });
  for (let i = 0; i < 7; i++) t = must(t, 'AGREE', {}, who(`u${i}`, ['DEPARTMENT'], `单位${i}`), '2026-11-06T03:00:00.000Z');
  expect(t.value).toBe('awaitingSignOff');
});

test('countersign: removing a signer may complete the round', () => {
  let s = must(sent(), 'AGREE', {}, finance, '2026-11-06T03:00:00.000Z');
  s = must(s, 'AGREE', {}, justice, '2026-11-06T04:00:00.000Z');
  expect(act(def, s, 'REMOVE_SIGNER', { unit: '市住建局' }, lead, '2026-11-06T05:00:00.000Z').code).toBe('BAD_USER_INPUT');
  expect(act(def, s, 'REMOVE_SIGNER', { unit: '市住建局', reason: 'x' }, finance, '2026-11-06T05:00:00.000Z').code).toBe('FORBIDDEN');
  s = must(s, 'REMOVE_SIGNER', { unit: '市住建局', reason: '不涉及住建职能' }, lead, '2026-11-06T05:00:00.000Z');
  expect(s.value).toBe('awaitingSignOff');
  expect(s.context).toMatchObject({ signers: ['市财政局', '市司法局'], readyAt: '2026-11-06T05:00:00.000Z' });
  expect(s.context.signerChanges).toMatchObject([{ action: 'REMOVE', unit: '市住建局', reason: '不涉及住建职能' }]);
});

test('countersign: removing the last signer is refused, and a removed signer can no longer sign', () => {
  let s = sent({ signers: ['市财政局', '市司法局'] });
  s = must(s, 'REMOVE_SIGNER', { unit: '市司法局', reason: '职能调整' }, lead, '2026-11-06T02:00:00.000Z');
  expect(s.value).toBe('countersigning');
  expect(act(def, s, 'AGREE', {}, justice, '2026-11-06T03:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, s, 'REMOVE_SIGNER', { unit: '市财政局', reason: 'x' }, lead, '2026-11-06T03:00:00.000Z')).toMatchObject({
    code: 'BAD_USER_INPUT', issues: [{ path: 'unit', message: 'the last signer cannot be removed' }],
  });
  expect(act(def, s, 'REMOVE_SIGNER', { unit: '市教育局', reason: 'x' }, lead, '2026-11-06T03:00:00.000Z').code).toBe('BAD_USER_INPUT');
});

test('countersign: a unit removed and added again in the same round signs at most once', () => {
  let s = must(sent(), 'AGREE', { comments: '同意' }, finance, '2026-11-06T02:00:00.000Z');
  s = must(s, 'REMOVE_SIGNER', { unit: '市财政局', reason: '误列' }, lead, '2026-11-06T03:00:00.000Z');
  const removed = s;
  s = must(s, 'ADD_SIGNER', { unit: '市财政局', reason: '确需会签' }, lead, '2026-11-06T04:00:00.000Z');
  expect(act(def, s, 'AGREE', {}, finance, '2026-11-06T05:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  expect(act(def, s, 'OBJECT', { reason: '改变主意' }, finance, '2026-11-06T05:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
  // while removed, its signature stays on the round's record and does not count
  expect(removed.context.signatures['市财政局']).toMatchObject({ decision: 'AGREE', actorId: 'czj-li' });
  expect(act(def, removed, 'AGREE', {}, finance, '2026-11-06T03:30:00.000Z').code).toBe('FORBIDDEN');
  // back on the list, its signature of this round's draft counts again: the others complete the round
  s = must(s, 'AGREE', {}, justice, '2026-11-06T06:00:00.000Z');
  s = must(s, 'AGREE', {}, housing, '2026-11-06T07:00:00.000Z');
  expect(s.value).toBe('awaitingSignOff');
  expect(s.context.signatures['市财政局']).toMatchObject({ at: '2026-11-06T02:00:00.000Z' });
});

test('countersign: an added signer must sign too; the lead unit and listed signers cannot be added', () => {
  let s = must(sent({ ccUnits: [] }), 'ADD_SIGNER', { unit: '市教育局', reason: '涉及学校周边' }, lead, '2026-11-06T02:00:00.000Z');
  expect(s.context.signers).toEqual(['市财政局', '市司法局', '市住建局', '市教育局']);
  for (const actor of [finance, justice, housing]) s = must(s, 'AGREE', {}, actor, '2026-11-06T03:00:00.000Z');
  expect(s.value).toBe('countersigning');
  s = must(s, 'AGREE', {}, machinePeople.education, '2026-11-06T04:00:00.000Z');
  expect(s.value).toBe('awaitingSignOff');
  for (const unit of ['市发改局', '市财政局'])
    expect(act(def, sent(), 'ADD_SIGNER', { unit, reason: 'x' }, lead, '2026-11-06T02:00:00.000Z').code).toBe('BAD_USER_INPUT');
});

test('countersign: cc units can read the document but never sign, unless added as signers', () => {
  let s = must(sent(), 'CC', { units: ['市统计局'] }, lead, '2026-11-06T02:00:00.000Z');
  expect(s.context.ccUnits).toEqual(['市审计局', '市统计局']);
  expect(def.describe(s.context).units).toEqual(['市发改局', '市财政局', '市司法局', '市住建局', '市审计局', '市统计局']);
  expect(act(def, s, 'AGREE', {}, audit, '2026-11-06T03:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, s, 'CC', { units: ['市财政局'] }, lead, '2026-11-06T03:00:00.000Z').code).toBe('BAD_USER_INPUT');
  expect(act(def, s, 'CC', { units: ['市教育局'] }, audit, '2026-11-06T03:00:00.000Z').code).toBe('FORBIDDEN');
  // 加签 of a cc unit turns the follower into a signer
  s = must(s, 'ADD_SIGNER', { unit: '市审计局', reason: '涉及资金审计' }, lead, '2026-11-06T03:00:00.000Z');
  expect(s.context).toMatchObject({ ccUnits: ['市统计局'], signers: ['市财政局', '市司法局', '市住建局', '市审计局'] });
  expect(act(def, s, 'AGREE', {}, audit, '2026-11-06T04:00:00.000Z').code).toBe('OK');
});

test('countersign: the lead unit may withdraw with a reason before sign-off, and not after', () => {
  for (const s of [start(), sent(), must(sent(), 'OBJECT', { reason: 'x' }, finance, '2026-11-06T02:00:00.000Z'), sent({ mode: 'ANY' })]) {
    expect(act(def, s, 'WITHDRAW', { reason: 'x' }, finance, '2026-11-06T03:00:00.000Z').code).toBe('FORBIDDEN');
    expect(act(def, s, 'WITHDRAW', {}, lead, '2026-11-06T03:00:00.000Z').code).toBe('BAD_USER_INPUT');
    const w = must(s, 'WITHDRAW', { reason: '政策调整，暂缓出台' }, lead, '2026-11-06T03:00:00.000Z');
    expect(w.value).toBe('withdrawn');
    expect(w.context.withdrawal).toMatchObject({ reason: '政策调整，暂缓出台', by: { id: 'fgj-wang' } });
  }
  expect(def.states.withdrawn.finalStatus).toBe('CANCELLED');
  const ready = must(sent({ mode: 'ANY' }), 'AGREE', {}, finance, '2026-11-06T02:00:00.000Z');
  const issued = must(ready, 'SIGN_OFF', {}, leader, '2026-11-06T05:00:00.000Z');
  expect(act(def, issued, 'WITHDRAW', { reason: 'x' }, lead, '2026-11-06T06:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('countersign: only the sign-off leader signs off, and may return the draft for revision with a reason', () => {
  const ready = must(sent({ mode: 'ANY' }), 'AGREE', {}, finance, '2026-11-06T02:00:00.000Z');
  for (const actor of [mayor, lead, office]) expect(act(def, ready, 'SIGN_OFF', {}, actor, '2026-11-06T05:00:00.000Z').code).toBe('FORBIDDEN');
  expect(act(def, ready, 'RETURN', {}, leader, '2026-11-06T05:00:00.000Z').code).toBe('BAD_USER_INPUT');
  const back = must(ready, 'RETURN', { reason: '第三条表述需斟酌' }, leader, '2026-11-06T05:00:00.000Z');
  expect(back.value).toBe('revising');
  expect(back.context).toMatchObject({ readyAt: null, returned: { from: 'LEADER', reason: '第三条表述需斟酌' } });
  expect(act(def, sent(), 'SIGN_OFF', {}, leader, '2026-11-06T05:00:00.000Z').code).toBe('EVENT_NOT_ACCEPTED');
});

test('events a state does not handle leave the snapshot unchanged', () => {
  const s = start();
  for (const type of ['AGREE', 'OBJECT', 'REVISE', 'SIGN_OFF', 'RETURN']) {
    const event = { type, payload: { reason: 'x', contentRef: 'v2', contentHash: HASH2 }, actor: type === 'AGREE' ? finance : leader, at: '2026-11-06T02:00:00.000Z' } as any;
    expect(s.can(event)).toBe(false);
    expect(transition(def.machine, s, event)[0]).toBe(s);
  }
});

test('each round and the sign-off take at most 3 working days, counted from their start', () => {
  expect(deadlinesOf(start())).toEqual([]);
  const s = sent();
  expect(deadlinesOf(s)).toMatchObject([{ kind: 'countersign', label: '会签期限', workingDays: 3, from: '2026-11-06T01:00:00.000Z' }]);
  expect(dueOf(s)).toBe('2026-11-11T16:00:00.000Z'); // Friday 6 Nov: Mon 9, Tue 10, Wed 11
  const back = must(s, 'OBJECT', { reason: 'x' }, finance, '2026-11-06T02:00:00.000Z');
  expect(deadlinesOf(back)).toEqual([]);
  const round2 = must(back, 'REVISE', { contentRef: 'v2', contentHash: HASH2 }, lead, '2026-11-10T01:00:00.000Z');
  expect(deadlinesOf(round2)[0]).toMatchObject({ from: '2026-11-10T01:00:00.000Z' });
  const ready = must(must(must(round2, 'AGREE', {}, finance, '2026-11-10T02:00:00.000Z'), 'AGREE', {}, justice, '2026-11-10T03:00:00.000Z'), 'AGREE', {}, housing, '2026-11-12T03:00:00.000Z');
  expect(deadlinesOf(ready)).toMatchObject([{ kind: 'signOff', label: '签发期限', workingDays: 3, from: '2026-11-12T03:00:00.000Z' }]);
  expect(dueOf(ready)).toBe('2026-11-17T16:00:00.000Z'); // Thursday 12 Nov: Fri 13, Mon 16, Tue 17
});

test('the input lists distinct signers other than the lead unit, a content hash, and a share only for SHARE', () => {
  const issues = (extra: Record<string, unknown>) => def.start.check!(def.start.input.parse(raw(extra)), '2026-11-06', office).map((i) => i.path);
  expect(issues({})).toEqual([]);
  expect(issues({ signers: ['市财政局', '市发改局'] })).toEqual(['signers.1']);
  expect(issues({ signers: ['市财政局', '市财政局'] })).toEqual(['signers']);
  expect(issues({ ccUnits: ['市财政局'] })).toEqual(['ccUnits.0']);
  expect(issues({ mode: 'SHARE' })).toEqual(['shareRequired']);
  expect(issues({ shareRequired: 0.5 })).toEqual(['shareRequired']);
  expect(def.start.input.safeParse(raw({ signers: [] })).success).toBe(false);
  expect(def.start.input.safeParse(raw({ contentHash: 'not-a-hash' })).success).toBe(false);
  expect(def.start.input.safeParse(raw({ mode: 'SHARE', shareRequired: 0 })).success).toBe(false);
  expect(def.start.input.safeParse(raw({ mode: 'SHARE', shareRequired: 1.5 })).success).toBe(false);
  expect(def.start.input.parse(raw({ ccUnits: undefined }))).toMatchObject({ mode: 'ALL', ccUnits: [] });
  expect(allows(def, def.start.allow, lead, null) && allows(def, def.start.allow, office, null)).toBe(true);
  expect(allows(def, def.start.allow, leader, null)).toBe(false);
});

test('the document is listed with the lead unit first, then signers, then cc units, and the sign-off leader', () => {
  expect(def.describe(start().context)).toEqual({
    title: '关于加快推进老旧小区改造的实施意见',
    units: ['市发改局', '市财政局', '市司法局', '市住建局', '市审计局'],
    people: ['evm-sun'],
  });
  for (const state of Object.keys(def.machine.root.states)) expect(def.states[state].label).toMatch(/\p{Script=Han}/u);
  for (const e of Object.values(def.events)) expect(e.label).toMatch(/\p{Script=Han}/u);
});
