import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A workflow instance. The schema is defined by migrations/; this entity mirrors it. */
@Entity('workflow')
@Check('workflow_status_check', `status IN ('ACTIVE', 'DONE', 'CANCELLED')`)
@Check('workflow_version_check', `version >= 1`)
@Check('workflow_alert_level_check', `alert_level IN ('BLUE', 'YELLOW', 'RED')`)
@Index('workflow_created_idx', { synchronize: false })
@Index('workflow_machine_state_idx', { synchronize: false })
@Index('workflow_status_idx', { synchronize: false })
@Index('workflow_units_idx', { synchronize: false })
@Index('workflow_deadline_idx', { synchronize: false })
@Index('workflow_awaiting_idx', { synchronize: false })
@Index('workflow_escalated_idx', { synchronize: false })
@Index('workflow_facets_idx', { synchronize: false })
@Index('workflow_open_unplain_idx', { synchronize: false })
@Index('workflow_open_created_idx', { synchronize: false })
@Index('workflow_unplain_created_idx', { synchronize: false })
@Index('workflow_open_draft_readers_idx', { synchronize: false })
@Index('workflow_open_confidential_idx', { synchronize: false })
@Index('workflow_draft_readers_idx', { synchronize: false })
export class WorkflowEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'machine_id' }) machineId: string;
  @Column('integer', { name: 'machine_version' }) machineVersion: number;
  @Column('text') state: string;
  @Column('jsonb', { name: 'state_value' }) stateValue: unknown;
  @Column('jsonb') snapshot: Record<string, unknown>;
  @Column('text') status: string;
  @Column('integer') version: number;
  @Column('text') title: string;
  @Column('text', { array: true, default: () => "'{}'" }) units: string[];
  @Column('text', { array: true, default: () => "'{}'" }) people: string[];
  @Column('jsonb', { default: () => "'[]'" }) deadlines: unknown[];
  @Column('timestamptz', { nullable: true }) deadline: Date | null;
  @Column('timestamptz', { name: 'warn_at', nullable: true }) warnAt: Date | null;
  @Column('boolean', { name: 'deadline_provisional', default: false }) deadlineProvisional: boolean;
  @Column('text', { name: 'alert_level' }) alertLevel: string;
  @Column('text', { array: true, default: () => "'{}'" }) awaiting: string[];
  @Column('jsonb', { default: () => "'[]'" }) escalations: unknown[];
  @Column('text', { name: 'escalated_to', array: true, default: () => "'{}'" }) escalatedTo: string[];
  @Column('boolean', { default: false }) confidential: boolean;
  @Column('text', { name: 'last_hash', nullable: true }) lastHash: string | null;
  @Column('text', { name: 'draft_readers', array: true, nullable: true }) draftReaders: string[] | null;
  @Column('boolean', { name: 'draft_whole', default: false }) draftWhole: boolean;
  @Column('timestamptz', { name: 'clock_started_at', nullable: true }) clockStartedAt: Date | null;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt: Date | null;
  @Column('timestamptz', { name: 'answer_due', nullable: true }) answerDue: Date | null;
  @Column('jsonb', { default: () => "'{}'" }) facets: Record<string, unknown>;
  @Column('jsonb', { default: () => "'{}'" }) figures: Record<string, number>;
  @Column('jsonb', { name: 'created_by' }) createdBy: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
