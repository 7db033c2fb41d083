/**
 * The AsyncAPI 3.0 contract of what the service emits: the graphql-ws `transitions` subscription
 * and the webhook deliveries (JSON, or CloudEvents 1.0 structured mode), with their Standard
 * Webhooks headers. The message schemas are generated from the same GraphQL types as
 * schema.graphql (TransitionEvent and what it uses), so the two cannot say different things.
 * `npm run asyncapi` writes docs/asyncapi.json; a test fails if it drifts, and validates it.
 */
import {
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApiSchema } from '../src/graphql/schema';
import { TRANSITION_EVENT_TYPE } from '../src/stream/cloud-event';

type JsonSchema = Record<string, unknown>;

const SCALARS: Record<string, JsonSchema> = {
  String: { type: 'string' },
  ID: { type: 'string' },
  Int: { type: 'integer' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  DateTime: { type: 'string', format: 'date-time' },
  DateTimeISO: { type: 'string', format: 'date-time' },
  JSON: {},
  JSONObject: { type: 'object' },
};

/** A GraphQL output type as JSON Schema; `nullable` unless wrapped in non-null. */
function schemaOf(type: GraphQLOutputType, components: Record<string, JsonSchema>): JsonSchema {
  if (isNonNullType(type)) return schemaOf(type.ofType, components);
  if (isListType(type)) return { type: 'array', items: schemaOf(isNonNullType(type.ofType) ? type.ofType.ofType : type.ofType, components) };
  const named = getNamedType(type);
  if (isScalarType(named)) {
    const scalar = SCALARS[named.name];
    if (!scalar) throw new Error(`no JSON Schema for the scalar ${named.name}`);
    return { ...scalar };
  }
  if (isEnumType(named)) {
    return { type: 'string', enum: named.getValues().map((v) => v.value), ...(named.description ? { description: named.description } : {}) };
  }
  if (isObjectType(named)) {
    if (!components[named.name]) components[named.name] = objectSchema(named, components);
    return { $ref: `#/components/schemas/${named.name}` };
  }
  throw new Error(`no JSON Schema for ${String(named)}`);
}

function fieldSchema(field: GraphQLField<unknown, unknown>, components: Record<string, JsonSchema>): JsonSchema {
  const schema = schemaOf(field.type, components);
  const described = field.description && !schema.$ref ? { ...schema, description: field.description } : schema;
  return isNonNullType(field.type) ? described : { oneOf: [described, { type: 'null' }] };
}

function objectSchema(type: GraphQLObjectType, components: Record<string, JsonSchema>, omit: string[] = []): JsonSchema {
  const fields = Object.values(type.getFields()).filter((f) => !omit.includes(f.name));
  return {
    type: 'object',
    ...(type.description ? { description: type.description } : {}),
    properties: Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f, components)])),
    required: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
  };
}

const standardWebhookHeaders: JsonSchema = {
  type: 'object',
  description: 'Standard Webhooks (https://www.standardwebhooks.com): verify with the standardwebhooks library and the endpoint secret (whsec_…)',
  properties: {
    'webhook-id': { type: 'string', description: 'the stream cursor: the same on every retry; drop what you already processed' },
    'webhook-timestamp': { type: 'string', pattern: '^[0-9]+$', description: 'unix seconds, wall clock' },
    'webhook-signature': {
      type: 'string',
      description: 'space-separated v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>: two while a secret is rotated',
    },
    'x-duban-event-id': { type: 'string', description: 'earlier header, while WEBHOOK_LEGACY_HEADERS is on: the cursor' },
    'x-duban-timestamp': { type: 'string', description: 'earlier header, while WEBHOOK_LEGACY_HEADERS is on' },
    'x-duban-signature': { type: 'string', description: 'earlier header, while WEBHOOK_LEGACY_HEADERS is on: sha256=<hex HMAC-SHA256(key, "<timestamp>.<body>")>' },
  },
  required: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
};

export function asyncApiDocument(schema: GraphQLSchema = buildApiSchema()): Record<string, unknown> {
  const transition = schema.getType('TransitionEvent');
  if (!isObjectType(transition)) throw new Error('TransitionEvent is not in the schema');
  const components: Record<string, JsonSchema> = {};
  // the message integrators get: the subscription's fields, but the envelope of itself
  components.TransitionMessage = objectSchema(transition, components, ['cloudEvent']);
  components.TransitionCloudEvent = {
    type: 'object',
    description: 'A CloudEvents 1.0 event, structured mode: the transition message as `data`',
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: { type: 'string', description: 'the stream cursor' },
      source: { type: 'string', description: 'CLOUDEVENTS_SOURCE (default urn:duban:zhaoyuan)' },
      type: { type: 'string', const: TRANSITION_EVENT_TYPE },
      time: { type: 'string', format: 'date-time' },
      subject: { type: 'string', description: 'the workflow id' },
      datacontenttype: { type: 'string', const: 'application/json' },
      data: { $ref: '#/components/schemas/TransitionMessage' },
    },
    required: ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data'],
  };
  const version = JSON.parse(readFileSync(path.join(__dirname, '..', ...upToRoot(), 'package.json'), 'utf8')).version as string;
  return {
    asyncapi: '3.0.0',
    info: {
      title: '督查督办 workflow engine: transitions',
      version,
      description:
        'Every transition of every workflow, in stream order, gap-free: over the graphql-ws subscription `transitions` ' +
        '(resume with `after` = the last cursor) and as webhook POSTs to registered endpoints. A reader sees only what its ' +
        'token may read; confidential workflows and undecided payloads never leave. The GraphQL types are in schema.graphql.',
    },
    defaultContentType: 'application/json',
    servers: {
      api: {
        host: 'localhost:4000',
        pathname: '/graphql',
        protocol: 'ws',
        description: 'graphql-ws (subprotocol graphql-transport-ws); connectionParams { authorization: "Bearer <token>" }',
      },
      receiver: {
        host: '{receiverHost}',
        protocol: 'https',
        description: 'an integrator endpoint registered with registerWebhook (its host must be in WEBHOOK_ALLOWED_HOSTS)',
        variables: { receiverHost: { description: 'host (and port) of the registered URL' } },
      },
    },
    channels: {
      transitions: {
        address: 'transitions',
        title: 'subscription transitions(filter, after)',
        servers: [{ $ref: '#/servers/api' }],
        messages: {
          transition: {
            name: 'TransitionEvent',
            title: 'One transition (the selection of the subscription; `cloudEvent` gives it as a CloudEvent)',
            payload: { $ref: '#/components/schemas/TransitionMessage' },
          },
        },
      },
      webhook: {
        address: '{path}',
        title: 'webhook deliveries',
        servers: [{ $ref: '#/servers/receiver' }],
        parameters: { path: { description: 'the path of the registered URL' } },
        messages: {
          json: {
            name: 'TransitionWebhook',
            title: 'format JSON: the transition message',
            contentType: 'application/json',
            headers: standardWebhookHeaders,
            payload: { $ref: '#/components/schemas/TransitionMessage' },
          },
          cloudEvent: {
            name: 'TransitionCloudEventWebhook',
            title: 'format CLOUDEVENTS: a CloudEvents 1.0 event, structured mode',
            contentType: 'application/cloudevents+json',
            headers: standardWebhookHeaders,
            payload: { $ref: '#/components/schemas/TransitionCloudEvent' },
          },
        },
      },
    },
    operations: {
      sendTransitions: {
        action: 'send',
        title: 'the server sends each transition the subscriber may see, replayed from `after`, then live',
        channel: { $ref: '#/channels/transitions' },
      },
      deliverWebhooks: {
        action: 'send',
        title: 'the server POSTs each transition to the endpoint, in order, retrying until a 2xx',
        channel: { $ref: '#/channels/webhook' },
      },
    },
    components: { schemas: components },
  };
}

/** From this file's folder (scripts/, or dist/scripts/) up to the repository root. */
function upToRoot(): string[] {
  return path.basename(path.dirname(__dirname)) === 'dist' ? ['..'] : [];
}

export const printAsyncApi = (): string => JSON.stringify(asyncApiDocument(), null, 2) + '\n';
