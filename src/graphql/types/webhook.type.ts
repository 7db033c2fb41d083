import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { TransitionFilter } from './stream.type';

@ObjectType({ description: 'An integrator endpoint receiving the stream as signed POSTs.' })
export class Webhook {
  @Field(() => ID) id: string;
  @Field() url: string;
  @Field({ description: 'HMAC-SHA256 key for X-Duban-Signature; keep it secret' }) secret: string;
  @Field(() => GraphQLJSON, { description: 'the TransitionFilter it was registered with' }) filter: unknown;
  @Field() active: boolean;
  @Field({ description: 'the last stream position delivered' }) cursor: string;
  @Field(() => Int, { description: 'failed attempts in a row for the next message' }) attempts: number;
  @Field({ nullable: true }) retryAt?: Date;
  @Field({ nullable: true }) lastError?: string;
  @Field() createdAt: Date;
}

@ObjectType({ description: 'One delivery attempt.' })
export class WebhookDelivery {
  @Field(() => ID) id: string;
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
  @Field({ nullable: true, description: 'at least 16 characters; generated when omitted' }) secret?: string;
  @Field({ nullable: true, description: 'start after this stream cursor (default: from now on; "0": everything)' })
  from?: string;
}
