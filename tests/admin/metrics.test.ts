/** GET /metrics exposes what operators watch: transitions, errors, timer lag, subscriptions, latency. */
import { setSubscriptionCount } from '../../src/metrics';
import { codeOf, gql } from '../helpers/app';
import { TestClock } from '../helpers/clock';
import { ADMIN, adminFixture, type AdminFixture } from './admin-helpers';

const clock = new TestClock('2026-11-02T01:00:00Z');
let f: AdminFixture;

beforeAll(async () => {
  f = await adminFixture(clock);
});
afterAll(() => f.t.stop());

async function scrape(): Promise<string> {
  const res = await fetch(`${f.t.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one sample, e.g. value(text, 'duban_errors_total{code="FORBIDDEN"}'). */
function value(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(sample + ' '));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

test('transitions by machine and event, errors by code, timer lag, subscriptions and request latency', async () => {
  const before = await scrape();
  const id = await f.issuedLetter();
  await f.send('office', id, 'URGE');
  expect(codeOf(await gql(f.t.url, f.tokens.housing, ADMIN.cancel, { id, reason: '越权' }))).toBe('FORBIDDEN');
  clock.set('2026-11-04T16:00:30Z'); // the feedback warning fell due 30 s ago
  await f.t.app.timers.runDue();
  clock.set('2026-11-05T16:00:30Z'); // the feedback deadline passed 30 s ago
  await f.t.app.timers.runDue();
  await gql(f.t.url, f.tokens.admin, ADMIN.cancel, { id, reason: '测试完毕' });
  setSubscriptionCount(3);

  const after = await scrape();
  const delta = (sample: string) => value(after, sample) - value(before, sample);
  expect(delta('duban_transitions_total{machine="supervisionLetter",event="START"}')).toBe(1);
  expect(delta('duban_transitions_total{machine="supervisionLetter",event="ISSUE"}')).toBe(1);
  expect(delta('duban_transitions_total{machine="supervisionLetter",event="URGE"}')).toBe(1);
  expect(delta('duban_transitions_total{machine="supervisionLetter",event="DEADLINE_WARNING"}')).toBe(1);
  expect(delta('duban_transitions_total{machine="supervisionLetter",event="DEADLINE_PASSED"}')).toBe(1);
  expect(delta('duban_transitions_total{machine="supervisionLetter",event="ADMIN_CANCEL"}')).toBe(1);
  expect(delta('duban_errors_total{code="FORBIDDEN"}')).toBe(1);
  expect(delta('duban_timer_lag_seconds_count')).toBe(2);
  // both consumed 30 s after they fell due
  expect(delta('duban_timer_lag_seconds_bucket{le="10"}')).toBe(0);
  expect(delta('duban_timer_lag_seconds_bucket{le="60"}')).toBe(2);
  expect(delta('duban_timer_lag_seconds_sum')).toBeCloseTo(60, 3);
  expect(value(after, 'duban_subscriptions')).toBe(3);
  expect(value(after, 'duban_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}')).toBeGreaterThan(0);
  expect(after).toContain('duban_process_resident_memory_bytes');
});
