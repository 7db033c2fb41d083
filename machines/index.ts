/** The registry of workflow definitions: id → definition (newest version). */
import type { WorkflowDefinition } from './definition';
import { documentCountersign } from './documentCountersign';
import { emergencyReport } from './emergencyReport';
import { rectificationInterview } from './rectificationInterview';
import { supervisionLetter } from './supervisionLetter';

export * from './definition';

export const definitions: readonly WorkflowDefinition[] = [
  supervisionLetter,
  rectificationInterview,
  emergencyReport,
  documentCountersign,
];

export function findDefinition(id: string, version?: number): WorkflowDefinition | undefined {
  return definitions.find((d) => d.id === id && (version === undefined || d.version === version));
}
