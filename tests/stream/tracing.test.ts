/**
 * OpenTelemetry: with OTEL_EXPORTER_OTLP_ENDPOINT set, one sendEvent made in a caller's trace
 * (W3C traceparent) arrives at a real OTLP/HTTP receiver as one span tree — HTTP, parse, validate,
 * execute, the resolver, the engine's step, SQL, the commit — and both the stream's publication of
 * that transition to this node's subscribers and its webhook delivery, made later by the worker,
 * join the same trace; the delivery passes it on to the receiver.
 * A timer firing is traced too. The server is the real dist/src/main.js in a process of its own,
 * as an operator runs it (the exporter loads its HTTP agent by dynamic import, which jest's module
 * sandbox does not allow in-process).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertBuilt, startMain, stopMain, type Running } from '../faults/process';
import { gql, tokenFor } from '../helpers/app';
import { wallClockDueDate } from '../helpers/clock';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { makeReceiver, until } from '../helpers/receiver';
import { collect, wsClient } from '../helpers/ws';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** A local OTLP/HTTP receiver: every span posted to /v1/traces, as JSON. */
function otlpReceiver() {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const parsed = JSON.parse(body);
      for (const rs of parsed.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return {
    spans,
    paths,
    listen: async () => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';
const otlp = otlpReceiver();
const hooks = makeReceiver();
let db: TestDatabase;
let t: Running;
let office: string;

beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase();
  const endpoint = await otlp.listen();
  t = await startMain(db.url, {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_SERVICE_NAME: 'duban-test',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_POLL_MS: '50',
    TIMER_POLL_MS: '100',
  });
  office = await tokenFor(people.office);
});
afterAll(async () => {
  await stopMain(t);
  await db.drop();
  await otlp.close();
  await hooks.close();
});

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v ? (v.stringValue ?? v.intValue ?? v.boolValue) : undefined;
};

test('one sendEvent: HTTP → parse / validate / execute → resolver → engine → SQL → commit, in the caller\'s trace; its webhook delivery joins it', async () => {
  const url = await hooks.listen();
  const reg = await gql(t.url, await tokenFor(people.admin), `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id } }`, {
    input: { url: `${url}/traced`, filter: { eventType: 'URGE' } },
  });
  expect(reg.errors).toBeUndefined();
  const started = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ dueDate: wallClockDueDate() }) } });
  const id = started.data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: id, type: 'ISSUE', payload: {} } });
  const ws = wsClient(t.url, office);
  const live = collect(ws, { filter: { eventType: 'URGE' } });
  // subscribed once a transition made after the subscription arrives: a probe letter's URGE
  const probe = (await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput({ dueDate: wallClockDueDate() }) } })).data.startWorkflow.id;
  await gql(t.url, office, SEND, { input: { workflowId: probe, type: 'ISSUE', payload: {} } });
  for (let i = 0; live.messages.length === 0 && i < 50; i++) {
    await gql(t.url, office, SEND, { input: { workflowId: probe, type: 'URGE', payload: {} } });
    await new Promise((r) => setTimeout(r, 100));
  }
  await live.waitFor(1);
  const before = live.messages.length;

  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${office}`, traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` },
    body: JSON.stringify({ query: `mutation Urge($id: ID!) { sendEvent(input: { workflowId: $id, type: "URGE", payload: {} }) { version } }`, variables: { id } }),
  });
  expect(((await res.json()) as any).data.sendEvent.version).toBe(3);
  await live.waitFor(before + 1);
  await live.close();
  await ws.dispose();
  await until(() => hooks.received.some((h) => JSON.parse(h.body).workflowId === id), 'the webhook delivery');
  await until(() => otlp.spans.some((s) => s.traceId === TRACE_ID && s.name === 'webhook.deliver'), 'the spans exported', 15_000);

  const trace = otlp.spans.filter((s) => s.traceId === TRACE_ID);
  const byName = (name: string) => {
    const found = trace.filter((s) => s.name === name);
    expect(found.map((s) => s.name)).toEqual([name]);
    return found[0];
  };
  const childrenOf = (s: OtlpSpan) => trace.filter((c) => c.parentSpanId === s.spanId).map((c) => c.name);

  const httpSpan = byName('POST /graphql');
  expect(httpSpan.parentSpanId).toBe(CLIENT_SPAN);
  expect(attr(httpSpan, 'http.response.status_code')).toBe(200);
  expect(childrenOf(httpSpan)).toEqual(expect.arrayContaining(['graphql.parse', 'graphql.validate', 'graphql.execute']));
  const execute = byName('graphql.execute');
  expect(attr(execute, 'graphql.operation.name')).toBe('Urge');
  expect(childrenOf(execute)).toEqual(['graphql.resolve sendEvent']);
  const engine = byName('engine.sendEvent');
  expect(engine.parentSpanId).toBe(byName('graphql.resolve sendEvent').spanId);
  expect(attr(engine, 'workflow.id')).toBe(id);
  expect(attr(engine, 'workflow.event_type')).toBe('URGE');
  // the record was in the node's cache: the step, the one write statement, the commit's listeners
  expect(childrenOf(engine)).toEqual(expect.arrayContaining(['engine.decide', 'pg workflow-apply-transition', 'engine.committed']));
  const write = byName('pg workflow-apply-transition');
  expect(attr(write, 'db.system.name')).toBe('postgresql');
  expect(String(attr(write, 'db.query.text'))).toContain('UPDATE workflow SET');

  // the stream gave it to this node's subscriber in the same trace, below the engine span
  const publish = byName('stream.publish');
  expect(publish.parentSpanId).toBe(engine.spanId);
  expect(attr(publish, 'workflow.id')).toBe(id);
  expect(attr(publish, 'stream.subscribers')).toBe(1);

  // the delivery, made later by the worker, is in the same trace, below the request's engine span
  const deliver = byName('webhook.deliver');
  expect(deliver.parentSpanId).toBe(engine.spanId);
  expect(attr(deliver, 'workflow.id')).toBe(id);
  const delivery = hooks.received.find((h) => JSON.parse(h.body).workflowId === id)!;
  expect(delivery.headers.traceparent).toBe(`00-${TRACE_ID}-${deliver.spanId}-01`);
  expect(otlp.paths[0]).toMatch(/^POST \/v1\/traces application\/json/);
});

test('a timer firing is traced, in a trace of its own, with the statements it ran', async () => {
  // an incident whose 1-minute step limit is three quarters gone: its warning is due at once
  const started = await gql(t.url, office, `mutation($input: StartWorkflowInput!) { startWorkflow(input: $input) { id } }`, {
    input: {
      machineId: 'emergencyReport',
      input: {
        kind: '森林火灾', occurredAt: new Date(Date.now() - 50_000).toISOString(), place: '罗山林场', summary: '林场东坡起火',
        casualties: { deaths: 0, injured: 0, missing: 0 }, viceMayor: { id: 'vm-li', name: '李副市长' }, department: '市应急局', stepMinutes: 1,
      },
    },
  });
  expect(started.errors).toBeUndefined();
  const id = started.data.startWorkflow.id;
  await until(() => otlp.spans.some((s) => s.name === 'timer.fire' && attr(s, 'workflow.id') === id), 'the timer span', 20_000);
  const fire = otlp.spans.find((s) => s.name === 'timer.fire' && attr(s, 'workflow.id') === id)!;
  expect(fire.parentSpanId ?? '').toBe('');
  await until(() => otlp.spans.some((s) => s.traceId === fire.traceId && s.parentSpanId === fire.spanId), 'the statements below it');
  const below = otlp.spans.filter((s) => s.traceId === fire.traceId && s.parentSpanId === fire.spanId).map((s) => s.name);
  expect(below.some((n) => n.startsWith('pg '))).toBe(true);
});
