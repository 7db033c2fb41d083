/**
 * The Chinese label of any event a history row or a diagram can name: the start, the
 * definition's own events, the deadline events the system sends itself, an administrator's
 * repairs and 委派. One table, so the history, the diagrams and the admin view say the same.
 */
import { DEADLINE_PASSED, DEADLINE_WARNING, type WorkflowDefinition } from '../../machines/definition';
import { DELEGATION_EVENT_LABELS } from './delegation';
import { ADMIN_EVENT_LABELS } from './repair';
import { START_EVENT } from './step';

const SYSTEM_EVENT_LABELS: Record<string, string> = { [DEADLINE_WARNING]: '临近期限（系统）', [DEADLINE_PASSED]: '逾期（系统）' };

export function eventLabelOf(definition: WorkflowDefinition, type: string): string {
  if (type === START_EVENT) return definition.start.label;
  return definition.events[type]?.label ?? SYSTEM_EVENT_LABELS[type] ?? ADMIN_EVENT_LABELS[type] ?? DELEGATION_EVENT_LABELS[type] ?? type;
}
