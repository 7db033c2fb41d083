import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WorkflowTransitionEntity } from './workflow-transition.entity';

/**
 * The stream integrators read. `id` is insert order; `position` is the gap-free global cursor,
 * given by the sequencer once the row is committed (null until then).
 */
@Entity('outbox')
@Index('outbox_position_idx', { synchronize: false })
@Index('outbox_unsequenced_idx', { synchronize: false })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('bigint', { nullable: true }) position: string | null;
  @Column('uuid', { name: 'workflow_id' }) workflowId: string;
  @Column('integer') seq: number;
  @ManyToOne(() => WorkflowTransitionEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'workflow_id', referencedColumnName: 'workflowId', foreignKeyConstraintName: 'outbox_workflow_id_seq_fkey' },
    { name: 'seq', referencedColumnName: 'seq' },
  ])
  transition?: WorkflowTransitionEntity;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  /** the workflow's draft scope when the transition happened (src/engine/redaction.ts) */
  @Column('text', { name: 'draft_readers', array: true, nullable: true }) draftReaders: string[] | null;
  @Column('boolean', { name: 'draft_whole', default: false }) draftWhole: boolean;
  @Column('text', { nullable: true }) traceparent: string | null;
  /** the wall's fields after the transition and before it (migrations/1765324800002-OutboxWallFields.ts) */
  @Column('text', { nullable: true }) status: string | null;
  @Column('text', { name: 'lead_unit', nullable: true }) leadUnit: string | null;
  @Column('boolean', { nullable: true }) flagged: boolean | null;
  @Column('text', { name: 'status_before', nullable: true }) statusBefore: string | null;
  @Column('text', { name: 'alert_level_before', nullable: true }) alertLevelBefore: string | null;
  @Column('text', { name: 'lead_unit_before', nullable: true }) leadUnitBefore: string | null;
  @Column('boolean', { name: 'flagged_before', nullable: true }) flaggedBefore: boolean | null;
  @Column('text', { name: 'draft_readers_before', array: true, nullable: true }) draftReadersBefore: string[] | null;
  @Column('boolean', { name: 'draft_whole_before', nullable: true }) draftWholeBefore: boolean | null;
  @Column('text', { name: 'units_before', array: true, nullable: true }) unitsBefore: string[] | null;
  @Column('text', { name: 'people_before', array: true, nullable: true }) peopleBefore: string[] | null;
  @Column('text', { name: 'units_after', array: true, nullable: true }) unitsAfter: string[] | null;
  @Column('text', { name: 'people_after', array: true, nullable: true }) peopleAfter: string[] | null;
}
