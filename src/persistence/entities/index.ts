import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarYearEntity } from './calendar-year.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { OutboxEntity } from './outbox.entity';
import { WorkflowTransitionEntity } from './workflow-transition.entity';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';
import { WorkflowTimerEntity } from './workflow-timer.entity';
import { WorkflowEntity } from './workflow.entity';
import { WorkflowReaderEntity } from './workflow-reader.entity';

export {
  CalendarDayEntity,
  CalendarYearEntity,
  IdempotencyKeyEntity,
  OutboxEntity,
  WorkflowEntity,
  WorkflowReaderEntity,
  WebhookDeliveryEntity,
  WebhookEndpointEntity,
  WorkflowTimerEntity,
  WorkflowTransitionEntity,
};
export const entities = [
  WorkflowEntity,
  WorkflowTransitionEntity,
  OutboxEntity,
  IdempotencyKeyEntity,
  CalendarDayEntity,
  CalendarYearEntity,
  WorkflowTimerEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  WorkflowReaderEntity,
];
