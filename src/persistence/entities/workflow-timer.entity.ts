import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WorkflowEntity } from './workflow.entity';

/** A deadline's warning or due moment, waiting to fire; deleted when fired or when the state is left. */
@Entity('workflow_timer')
@Check('workflow_timer_action_check', `action IN ('WARN', 'DUE')`)
@Index('workflow_timer_due_idx', { synchronize: false })
@Index('workflow_timer_workflow_idx', { synchronize: false })
export class WorkflowTimerEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'workflow_id' }) workflowId: string;
  @ManyToOne(() => WorkflowEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'workflow_id', foreignKeyConstraintName: 'workflow_timer_workflow_id_fkey' })
  workflow?: WorkflowEntity;
  @Column('text') kind: string;
  @Column('text') action: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
