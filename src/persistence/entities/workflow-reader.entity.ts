import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkflowEntity } from './workflow.entity';

/**
 * A party of a workflow (`unit:<name>` or `person:<id>`; `draft:unit:<name>`… while the whole
 * workflow is a draft), in list order: what a department's list, or a list filtered by unit,
 * walks. Written by triggers on `workflow`, never by the code.
 */
@Entity('workflow_reader')
@Index('workflow_reader_page_idx', { synchronize: false })
@Index('workflow_reader_open_idx', { synchronize: false })
export class WorkflowReaderEntity {
  @PrimaryColumn('uuid', { name: 'workflow_id', primaryKeyConstraintName: 'workflow_reader_pkey' }) workflowId: string;
  @PrimaryColumn('text', { primaryKeyConstraintName: 'workflow_reader_pkey' }) token: string;
  @ManyToOne(() => WorkflowEntity, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'workflow_id', foreignKeyConstraintName: 'workflow_reader_workflow_id_fkey' })
  workflow?: WorkflowEntity;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('text', { name: 'machine_id' }) machineId: string;
  @Column('text') status: string;
}
