/** Every refusal carries a code and leaves the database exactly as it was. */
import { SignJWT } from 'jose';
import { codeOf, gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { TEST_JWT_SECRET } from '../helpers/env';
import { fingerprint } from '../helpers/fingerprint';
import { letterInput, people, SEND, START } from '../helpers/letters';

let t: TestApp;
const tokens: Record<string, string> = {};
let letterId: string;

beforeAll(async () => {
  t = await startTestApp();
  for (const [name, who] of Object.entries(people)) tokens[name] = await tokenFor(who);
  const started = await gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
  letterId = started.data.startWorkflow.id;
  await gql(t.url, tokens.office, SEND, { input: { workflowId: letterId, type: 'ISSUE', payload: {} } });
});
afterAll(() => t.stop());

/** Runs a request that must be refused with `code`, and checks that nothing was written. */
async function refused(code: string, request: () => ReturnType<typeof gql>) {
  const before = await fingerprint(t.db.url);
  const res = await request();
  expect(codeOf(res)).toBe(code);
  expect(JSON.stringify(res.errors)).not.toMatch(/\s+at\s+\S+\s*\(|stacktrace|SELECT|INSERT/);
  expect(await fingerprint(t.db.url)).toBe(before);
  return res;
}

const send = (token: string, type: string, payload: unknown = {}, workflowId = letterId) =>
  gql(t.url, token, SEND, { input: { workflowId, type, payload } });

test('an unknown machine is BAD_USER_INPUT naming machineId', async () => {
  const res = await refused('BAD_USER_INPUT', () =>
    gql(t.url, tokens.office, START, { input: { machineId: 'noSuchMachine', input: {} } }),
  );
  expect(res.errors![0].extensions.invalidFields).toEqual([{ path: 'machineId', message: 'no such machine' }]);
});

test('an unknown event type is BAD_USER_INPUT listing the machine events', async () => {
  const res = await refused('BAD_USER_INPUT', () => send(tokens.office, 'DANCE'));
  expect(res.errors![0].extensions.invalidFields[0].path).toBe('type');
});

test('an event the state does not accept is EVENT_NOT_ACCEPTED with the state and the accepted events', async () => {
  const res = await refused('EVENT_NOT_ACCEPTED', () => send(tokens.office, 'APPROVE_CLOSURE'));
  expect(res.errors![0].extensions).toMatchObject({ state: 'awaitingFeedback' });
  expect(res.errors![0].extensions.acceptedEvents).toEqual(
    expect.arrayContaining(['SUBMIT_FEEDBACK', 'URGE', 'CANCEL', 'EXTEND_DEADLINE', 'REASSIGN']),
  );
});

test('an invalid payload is BAD_USER_INPUT with the invalid fields', async () => {
  const res = await refused('BAD_USER_INPUT', () => send(tokens.housing, 'SUBMIT_FEEDBACK', { content: 42, extra: 1 }));
  const paths = res.errors![0].extensions.invalidFields.map((f: { path: string }) => f.path);
  expect(paths).toEqual(expect.arrayContaining(['content']));
});

test('a cancellation without a reason is BAD_USER_INPUT', async () => {
  await refused('BAD_USER_INPUT', () => send(tokens.office, 'CANCEL', { reason: '   ' }));
});

test('an invalid start input is BAD_USER_INPUT: missing fields, unknown source, impossible date', async () => {
  const res = await refused('BAD_USER_INPUT', () =>
    gql(t.url, tokens.office, START, {
      input: { machineId: 'supervisionLetter', input: { ...letterInput({ source: '小道消息', dueDate: '2026-02-30' }), title: undefined } },
    }),
  );
  const paths = res.errors![0].extensions.invalidFields.map((f: { path: string }) => f.path).sort();
  expect(paths).toEqual(['dueDate', 'source', 'title']);
});

test('a due date in the past is BAD_USER_INPUT', async () => {
  await refused('BAD_USER_INPUT', () =>
    gql(t.url, tokens.office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ dueDate: '2020-01-01' }) } }),
  );
});

test('an extension to an earlier date is BAD_USER_INPUT', async () => {
  await refused('BAD_USER_INPUT', () =>
    send(tokens.viceMayor, 'EXTEND_DEADLINE', { newDueDate: '2026-12-01', reason: '提前' }),
  );
});

test('to a unit acting on another unit\'s letter, the letter does not exist: NOT_FOUND', async () => {
  await refused('NOT_FOUND', () => send(tokens.transport, 'SUBMIT_FEEDBACK', { content: '越权反馈' }));
});

test('a leader who is not the leader in charge cannot extend the deadline', async () => {
  await refused('FORBIDDEN', () => send(tokens.otherViceMayor, 'EXTEND_DEADLINE', { newDueDate: '2027-02-01', reason: '延期' }));
});

test('a department cannot start a supervision letter', async () => {
  await refused('FORBIDDEN', () =>
    gql(t.url, tokens.housing, START, { input: { machineId: 'supervisionLetter', input: letterInput() } }),
  );
});

test('an unknown or malformed workflow id is NOT_FOUND', async () => {
  await refused('NOT_FOUND', () => send(tokens.office, 'URGE', {}, '00000000-0000-4000-8000-000000000000'));
  await refused('NOT_FOUND', () => send(tokens.office, 'URGE', {}, "1' OR '1'='1"));
});

test('a stale expectedVersion is VERSION_CONFLICT with the current version', async () => {
  const res = await refused('VERSION_CONFLICT', () =>
    gql(t.url, tokens.office, SEND, { input: { workflowId: letterId, type: 'URGE', payload: {}, expectedVersion: 1 } }),
  );
  expect(res.errors![0].extensions.currentVersion).toBe(2);
});

describe('authentication', () => {
  const sign = (claims: Record<string, unknown>, secret = TEST_JWT_SECRET, alg = 'HS256', exp: string | number = '1h') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg })
      .setSubject(people.office.id)
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(secret));
  const claims = { name: people.office.name, roles: people.office.roles, unit: people.office.unit };

  test('no token is UNAUTHENTICATED', async () => {
    await refused('UNAUTHENTICATED', () => send('', 'URGE'));
  });

  test('a token signed with another secret is UNAUTHENTICATED with HTTP 401', async () => {
    const res = await refused('UNAUTHENTICATED', async () => send(await sign(claims, 'another-secret-0123456789-0123456789-abc'), 'URGE'));
    expect(res.status).toBe(401);
  });

  test('an expired token is UNAUTHENTICATED', async () => {
    const res = await refused('UNAUTHENTICATED', async () => send(await sign(claims, TEST_JWT_SECRET, 'HS256', Math.floor(Date.now() / 1000) - 3600), 'URGE'));
    expect(res.errors![0].message).toMatch(/expired/);
  });

  test('a token with a forged payload or "none" algorithm is UNAUTHENTICATED', async () => {
    const good = await sign(claims);
    const [header, , signature] = good.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, roles: ['MAYOR'], sub: 'x', exp: 4102444800 })).toString('base64url');
    await refused('UNAUTHENTICATED', () => send(`${header}.${forgedPayload}.${signature}`, 'URGE'));
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await refused('UNAUTHENTICATED', () => send(`${none}.${forgedPayload}.`, 'URGE'));
  });

  test('a token with an unknown role or without exp is UNAUTHENTICATED', async () => {
    await refused('UNAUTHENTICATED', async () => send(await sign({ ...claims, roles: ['EMPEROR'] }), 'URGE'));
    const noExp = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(TEST_JWT_SECRET));
    await refused('UNAUTHENTICATED', () => send(noExp, 'URGE'));
  });
});

test('wrong GraphQL types are refused by validation with a code, HTTP 200 as application/json', async () => {
  const res = await refused('BAD_USER_INPUT', () =>
    gql(t.url, tokens.office, SEND, { input: { workflowId: letterId, type: 42, expectedVersion: 'two' } }),
  );
  expect(res.status).toBe(200); // a GraphQL request error (variable coercion): the body tells
});
