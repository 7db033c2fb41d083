import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from './node.type';
import { TransitionFilter } from './stream.type';

export enum WebhookFormatEnum {
  JSON = 'JSON',
  CLOUDEVENTS = 'CLOUDEVENTS',
}
registerEnumType(WebhookFormatEnum, {
  name: 'WebhookFormat',
  description: 'The body of a delivery.',
  valuesConfig: {
    JSON: { description: 'the stream message as JSON (content-type application/json)' },
    CLOUDEVENTS: { description: 'a CloudEvents 1.0 event, structured mode (application/cloudevents+json), the message as `data`' },
  },
});

@ObjectType({ description: 'An integrator endpoint receiving the stream as signed POSTs (Standard Webhooks).', implements: Node })
export class Webhook extends Node {
  @Field(() => ID, { description: 'its UUID: what webhookDeliveries and the webhook mutations take; also its global id (node(id:))' })
  id: string;
  @Field() url: string;
  @Field({ description: 'the Standard Webhooks secret (whsec_…) for webhook-signature; keep it secret' }) secret: string;
  @Field({ nullable: true, description: 'until then the secret before the last rotation signs too' }) previousSecretUntil?: Date;
  @Field(() => WebhookFormatEnum) format: WebhookFormatEnum;
  @Field(() => GraphQLJSON, { description: 'the TransitionFilter it was registered with' }) filter: unknown;
  @Field() active: boolean;
  @Field({ description: 'the last stream position delivered' }) cursor: string;
  @Field(() => Int, { description: 'failed attempts in a row for the next message' }) attempts: number;
  @Field({ nullable: true }) retryAt?: Date;
  @Field({ nullable: true }) lastError?: string;
  @Field() createdAt: Date;
}

@ObjectType({ description: 'One delivery attempt.', implements: Node })
export class WebhookDelivery extends Node {
  @Field({ description: "the delivery log's serial number, growing with every attempt (the `id` of this type before ids became global)" })
  serial: string;
  @Field() position: string;
  @Field(() => ID) workflowId: string;
  @Field(() => Int) attempt: number;
  @Field() ok: boolean;
  @Field(() => Int, { nullable: true }) status?: number;
  @Field({ nullable: true }) error?: string;
  @Field() at: Date;
}

@InputType()
export class RegisterWebhookInput {
  @Field({ description: 'http(s) URL on a host in WEBHOOK_ALLOWED_HOSTS' }) url: string;
  @Field(() => TransitionFilter, { nullable: true }) filter?: TransitionFilter;
  @Field({
    nullable: true,
    description: 'whsec_<base64 of 24–64 bytes>, or any other 16–200 characters (then its UTF-8 bytes are the key); generated when omitted',
  })
  secret?: string;
  @Field(() => WebhookFormatEnum, { nullable: true, description: 'default JSON' }) format?: WebhookFormatEnum;
  @Field({ nullable: true, description: 'start after this stream cursor (default: from now on; "0": everything)' })
  from?: string;
}
