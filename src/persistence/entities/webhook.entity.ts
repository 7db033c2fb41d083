import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An integrator's endpoint: its filter, its secret, and how far into the stream it has been sent. */
@Entity('webhook_endpoint')
@Check('webhook_endpoint_format_check', `format IN ('JSON', 'CLOUDEVENTS')`)
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') url: string;
  @Column('text') secret: string;
  @Column('text', { name: 'previous_secret', nullable: true }) previousSecret: string | null;
  @Column('timestamptz', { name: 'previous_secret_until', nullable: true }) previousSecretUntil: Date | null;
  @Column('text', { default: 'JSON' }) format: string;
  @Column('jsonb', { default: () => "'{}'" }) filter: Record<string, unknown>;
  @Column('boolean', { default: true }) active: boolean;
  @Column('bigint', { default: 0 }) cursor: string;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('timestamptz', { name: 'retry_at', nullable: true }) retryAt: Date | null;
  @Column('timestamptz', { name: 'leased_until', nullable: true }) leasedUntil: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('jsonb', { name: 'created_by' }) createdBy: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** One delivery attempt, kept for admins. */
@Entity('webhook_delivery')
@Index('webhook_delivery_endpoint_idx', { synchronize: false })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'endpoint_id' }) endpointId: string;
  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'webhook_delivery_endpoint_id_fkey' })
  endpoint?: WebhookEndpointEntity;
  @Column('bigint') position: string;
  @Column('uuid', { name: 'workflow_id' }) workflowId: string;
  @Column('integer') attempt: number;
  @Column('boolean') ok: boolean;
  @Column('integer', { nullable: true }) status: number | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('timestamptz') at: Date;
}
