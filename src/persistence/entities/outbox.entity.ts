import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WorkflowTransitionEntity } from './workflow-transition.entity';

/** A transition waiting for integrators, in commit order of `position`. */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) position: string;
  @Column('uuid', { name: 'workflow_id' }) workflowId: string;
  @Column('integer') seq: number;
  @ManyToOne(() => WorkflowTransitionEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'workflow_id', referencedColumnName: 'workflowId', foreignKeyConstraintName: 'outbox_workflow_id_seq_fkey' },
    { name: 'seq', referencedColumnName: 'seq' },
  ])
  transition?: WorkflowTransitionEntity;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
