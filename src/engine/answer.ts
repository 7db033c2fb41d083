/**
 * The 通报 answer of a workflow, as its definition declares it (machines/definition.ts `answer`):
 * when its clock started, when it was answered, and the due time the answer is measured
 * against. Kept on the record by every transition, so "answered on time" is a comparison of two
 * times, whether or not the overdue timer had fired when the answer came.
 */
import type { WorkflowDefinition } from '../../machines/definition';
import type { WorkflowRecord } from './ports';

type Answer = Pick<WorkflowRecord, 'clockStartedAt' | 'answeredAt' | 'answerDue'>;
type Before = Pick<WorkflowRecord, 'state' | 'deadlines' | 'deadline'> & Answer;

/** The due time the answer is measured against in a state: of the declared kind, or the nearest. */
function dueIn(kind: string | null, record: Pick<WorkflowRecord, 'deadlines' | 'deadline'>): Date | null {
  if (kind === null) return record.deadline;
  return record.deadlines.find((d) => d.kind === kind)?.due ?? null;
}

export function answerOf(
  definition: WorkflowDefinition,
  before: Before | null,
  after: Pick<WorkflowRecord, 'state' | 'deadlines' | 'deadline' | 'updatedAt'>,
  eventType: string,
): Answer {
  const spec = definition.answer;
  if (!spec) return { clockStartedAt: null, answeredAt: null, answerDue: null };
  if (before?.answeredAt) return { clockStartedAt: before.clockStartedAt, answeredAt: before.answeredAt, answerDue: before.answerDue };
  const clockStartedAt = before?.clockStartedAt ?? (eventType === spec.clockStartsWith ? after.updatedAt : null);
  const by = spec.answeredBy;
  // an administrator's repair never answers an item
  const answers =
    !eventType.startsWith('ADMIN_') &&
    ('event' in by ? eventType === by.event : after.state === by.state && before?.state !== by.state);
  if (answers) {
    const due = before ? (dueIn(spec.deadlineKind, before) ?? before.answerDue) : null;
    return { clockStartedAt, answeredAt: after.updatedAt, answerDue: due };
  }
  return { clockStartedAt, answeredAt: null, answerDue: dueIn(spec.deadlineKind, after) ?? before?.answerDue ?? null };
}
