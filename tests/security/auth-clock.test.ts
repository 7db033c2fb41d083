/**
 * The authenticator checks tokens by the clock it is given: jose's `exp` check and the remembered
 * tokens agree on when a token has expired, and `expiresAt` is a moment on that clock.
 */
import { makeAuthenticator, mintToken } from '../../src/auth/authenticator';
import { TEST_JWT_SECRET } from '../helpers/env';
import { TestClock } from '../helpers/clock';
import { people } from '../helpers/letters';

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: Error) => error.message,
  );

test.each([0, 100])('a token expires when the given clock passes its exp plus the tolerance (token cache %i)', async (tokenCacheSize) => {
  const token = await mintToken(TEST_JWT_SECRET, people.office, '1h');
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  const clock = new TestClock(new Date((exp - 60) * 1000));
  const auth = makeAuthenticator(TEST_JWT_SECRET, 30, clock, { tokenCacheSize });
  const session = await auth.session(`Bearer ${token}`);
  expect(session).toEqual({ actor: expect.objectContaining({ id: people.office.id }), expiresAt: (exp + 30) * 1000 });
  expect(auth.clock).toBe(clock);

  clock.set(new Date((exp + 29) * 1000)); // within the tolerance
  expect((await auth.authenticate(`Bearer ${token}`))?.id).toBe(people.office.id);
  clock.set(new Date((exp + 30) * 1000));
  expect(await outcome(auth.authenticate(`Bearer ${token}`))).toBe('the token has expired');
});

test('only exp limits a token: a clock set before the token was issued still accepts it', async () => {
  // jose checks iat only with maxTokenAge: a clock far in the past still accepts the token
  const token = await mintToken(TEST_JWT_SECRET, people.office, '1h');
  const auth = makeAuthenticator(TEST_JWT_SECRET, 0, new TestClock('2020-01-01T00:00:00Z'));
  expect((await auth.authenticate(`Bearer ${token}`))?.id).toBe(people.office.id);
});
