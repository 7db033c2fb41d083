import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkflowEntity } from './workflow.entity';

/** One row of the append-only history; `seq` is the workflow version the transition produced. */
@Entity('workflow_transition')
@Check('workflow_transition_seq_check', `seq >= 1`)
@Index('workflow_transition_signoff_idx', { synchronize: false })
export class WorkflowTransitionEntity {
  @PrimaryColumn('uuid', { name: 'workflow_id' }) workflowId: string;
  @PrimaryColumn('integer') seq: number;
  @ManyToOne(() => WorkflowEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'workflow_id', foreignKeyConstraintName: 'workflow_transition_workflow_id_fkey' })
  workflow?: WorkflowEntity;
  @Column('text', { name: 'event_type' }) eventType: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { name: 'actor_id' }) actorId: string;
  @Column('text', { name: 'actor_name' }) actorName: string;
  @Column('text', { name: 'actor_roles', array: true }) actorRoles: string[];
  @Column('text', { name: 'actor_unit' }) actorUnit: string;
  @Column('text', { name: 'state_before', nullable: true }) stateBefore: string | null;
  @Column('text', { name: 'state_after' }) stateAfter: string;
  @Column('text', { name: 'alert_level' }) alertLevel: string;
  @Column('timestamptz') at: Date;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text', { nullable: true }) hash: string | null;
  @Column('text', { name: 'snapshot_digest', nullable: true }) snapshotDigest: string | null;
}
