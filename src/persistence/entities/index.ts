import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { OutboxEntity } from './outbox.entity';
import { WorkflowTransitionEntity } from './workflow-transition.entity';
import { WorkflowEntity } from './workflow.entity';

export { IdempotencyKeyEntity, OutboxEntity, WorkflowEntity, WorkflowTransitionEntity };
export const entities = [WorkflowEntity, WorkflowTransitionEntity, OutboxEntity, IdempotencyKeyEntity];
