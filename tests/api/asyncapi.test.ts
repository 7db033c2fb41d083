/**
 * docs/asyncapi.json is generated from the code (npm run asyncapi) and committed: it must not
 * drift, @asyncapi/parser must find it valid, and what the server really sends — a subscription
 * message, a webhook body in each format — must fit its schemas.
 */
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asyncApiDocument, printAsyncApi } from '../../scripts/asyncapi-document';
import { gql, startTestApp, tokenFor, type TestApp } from '../helpers/app';
import { letterInput, people, SEND, START } from '../helpers/letters';
import { makeReceiver, until } from '../helpers/receiver';
import { collect, wsClient } from '../helpers/ws';

const committed = readFileSync(path.join(__dirname, '../../docs/asyncapi.json'), 'utf8');

test('the committed docs/asyncapi.json matches the contract built from the code', () => {
  expect(printAsyncApi()).toBe(committed);
});

test('@asyncapi/parser validates it with no error, and reads its channels, operations and messages', async () => {
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(committed);
  expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
  expect(document).toBeDefined();
  expect(document!.version()).toBe('3.0.0');
  expect(document!.channels().all().map((c) => c.id()).sort()).toEqual(['transitions', 'webhook']);
  expect(document!.operations().all().map((o) => o.id()).sort()).toEqual(['deliverWebhooks', 'sendTransitions']);
  expect(document!.messages().all().map((m) => m.id()).sort()).toEqual(['cloudEvent', 'json', 'transition']);
});

test('a contract that breaks the specification is refused: the validation can fail', async () => {
  const broken = asyncApiDocument() as any;
  broken.operations.sendTransitions.action = 'publish'; // AsyncAPI 2 wording, not 3
  const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
  expect(diagnostics.filter((d) => d.severity === 0).length).toBeGreaterThan(0);
});

/** A validator for one of the contract's schemas (their $refs resolve inside the contract). */
function validatorOf(doc: any, name: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'contract', components: doc.components }, 'contract');
  return ajv.compile({ $ref: `contract#/components/schemas/${name}` });
}

/** The schema's errors for a value, as "path message", and the fields it sends that the contract does not name. */
function misfits(doc: any, name: string, value: Record<string, unknown>): string[] {
  const validate = validatorOf(doc, name);
  const errors = validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '$'} ${e.message}`);
  const named = Object.keys(doc.components.schemas[name].properties);
  return [...errors, ...Object.keys(value).filter((k) => !named.includes(k)).map((k) => `${k} is not in the contract`)];
}

describe('what the server sends fits the contract', () => {
  let t: TestApp;
  const receiver = makeReceiver();
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.close();
  });

  test('a subscription message, a JSON webhook and a CloudEvents webhook, each against its schema', async () => {
    const url = await receiver.listen();
    const admin = await tokenFor(people.admin);
    const office = await tokenFor(people.office);
    for (const [p, format] of [['/json', 'JSON'], ['/ce', 'CLOUDEVENTS']]) {
      const reg = await gql(t.url, admin, `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id } }`, {
        input: { url: `${url}${p}`, format },
      });
      expect(reg.errors).toBeUndefined();
    }
    const doc = asyncApiDocument() as any;
    const fields = Object.keys(doc.components.schemas.TransitionMessage.properties);
    const selection = fields.map((f) => (f === 'actor' ? 'actor { id name roles unit }' : f)).join(' ');
    const sub = collect(wsClient(t.url, office), { after: '0' }, `subscription($after: String) { transitions(after: $after) { ${selection} } }`);

    const started = await gql(t.url, office, START, { input: { machineId: 'supervisionLetter', input: letterInput() } });
    await gql(t.url, office, SEND, { input: { workflowId: started.data.startWorkflow.id, type: 'ISSUE', payload: {} } });
    await until(() => receiver.received.length >= 2 && sub.messages.length >= 1, 'the deliveries and the message');
    await sub.close();

    expect(misfits(doc, 'TransitionMessage', sub.messages[0])).toEqual([]);
    const json = receiver.received.find((d) => d.path === '/json')!;
    const ce = receiver.received.find((d) => d.path === '/ce')!;
    expect(misfits(doc, 'TransitionMessage', JSON.parse(json.body))).toEqual([]);
    expect(misfits(doc, 'TransitionCloudEvent', JSON.parse(ce.body))).toEqual([]);
    for (const d of [json, ce]) {
      for (const h of doc.channels.webhook.messages.json.headers.required) expect(typeof d.headers[h]).toBe('string');
    }
    // the checks can fail: a wrong type, a missing field, a field the contract does not name
    const body = JSON.parse(json.body);
    expect(misfits(doc, 'TransitionMessage', { ...body, version: 'two' })).toEqual(['/version must be integer']);
    const { cursor: _cursor, ...noCursor } = body;
    expect(misfits(doc, 'TransitionMessage', noCursor)).toEqual(["$ must have required property 'cursor'"]);
    expect(misfits(doc, 'TransitionMessage', { ...body, extra: 1 })).toEqual(['extra is not in the contract']);
  });
});
