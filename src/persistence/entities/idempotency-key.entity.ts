import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkflowEntity } from './workflow.entity';

/** A request already carried out: the same actor and key return its result instead of acting again. */
@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn('text', { name: 'actor_id' }) actorId: string;
  @PrimaryColumn('text') key: string;
  @Column('text', { name: 'request_hash' }) requestHash: string;
  @Column('uuid', { name: 'workflow_id' }) workflowId: string;
  @ManyToOne(() => WorkflowEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'workflow_id', foreignKeyConstraintName: 'idempotency_key_workflow_id_fkey' })
  workflow?: WorkflowEntity;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
