/**
 * The GraphQL-over-HTTP specification audit (graphql-http's serverAudits) against the real
 * server: no requirement (MUST) may fail. The recommendations (SHOULD/MAY) it does not follow are
 * pinned here and explained in the README ("GraphQL over HTTP"): a new one fails this test.
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

/** Warnings we accept, by audit id, each explained in the README. */
const ACCEPTED_WARNINGS: Record<string, string> = {
  // Apollo Server answers a request that fails before execution with 400 whatever the Accept
  // header; the spec advises 200 only for legacy application/json clients. 400 is unambiguous,
  // and is what application/graphql-response+json requires.
  '572B': 'SHOULD use 200 status code on document parsing failure when accepting application/json',
  FDE2: 'SHOULD use 200 status code on document validation failure when accepting application/json',
  '7B9B': 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
};

test('graphql-http server audits: no errors, only the known warnings', async () => {
  const results: AuditResult[] = [];
  for (const audit of serverAudits({ url: `${t.url}/graphql`, fetchFn: fetch })) {
    results.push(await audit.fn());
  }
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const failed = results.filter((r) => r.status !== 'ok') as Array<{ id: string; name: string; status: string; reason: string }>;
  console.log(
    `graphql-http audit: ${results.length} audits, ${count('ok')} ok, ${count('notice')} notice, ${count('warn')} warn, ${count('error')} error\n` +
      failed.map((r) => `  ${r.status} ${r.id} ${r.name}: ${r.reason}`).join('\n'),
  );
  expect(failed.filter((r) => r.status === 'error')).toEqual([]);
  expect(failed.filter((r) => r.status === 'warn' && !ACCEPTED_WARNINGS[r.id]).map((r) => `${r.id} ${r.name}`)).toEqual([]);
});
