/**
 * The registry of workflow definitions. Several versions of a machine may be registered: new
 * instances start on the newest (`findDefinition(id)`), running instances keep the version they
 * started on (`findDefinition(id, version)`), until an administrator migrates them.
 */
import type { WorkflowDefinition } from './definition';
import { documentCountersign } from './documentCountersign/documentCountersign.definition';
import { emergencyReport } from './emergencyReport/emergencyReport.definition';
import { hotlineRequest } from './hotlineRequest/hotlineRequest.definition';
import { majorMatter } from './majorMatter/majorMatter.definition';
import { leaveRequest } from './leaveRequest/leaveRequest.definition';
import { recurringDuty } from './recurringDuty/recurringDuty.definition';
import { rectificationInterview } from './rectificationInterview/rectificationInterview.definition';
import { supervisionLetter } from './supervisionLetter/supervisionLetter.definition';

export * from './definition';

const shipped: WorkflowDefinition[] = [supervisionLetter, rectificationInterview, emergencyReport, documentCountersign, hotlineRequest, majorMatter, leaveRequest, recurringDuty];
/** every registered version */
const allVersions: WorkflowDefinition[] = [...shipped];
const newest: WorkflowDefinition[] = [...shipped];

/** The newest version of each machine, in registration order. */
export const definitions: readonly WorkflowDefinition[] = newest;

export function findDefinition(id: string, version?: number): WorkflowDefinition | undefined {
  if (version === undefined) return newest.find((d) => d.id === id);
  return allVersions.find((d) => d.id === id && d.version === version);
}

/** Every registered version of every machine, by id then version. */
export function allDefinitions(): readonly WorkflowDefinition[] {
  return [...allVersions].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

/**
 * Adds a version of a machine (tests and admin tooling; shipped versions are listed above). A
 * version higher than the newest becomes the one new instances start on.
 */
export function registerDefinition(definition: WorkflowDefinition): void {
  if (allVersions.some((d) => d.id === definition.id && d.version === definition.version)) {
    throw new Error(`${definition.id} v${definition.version} is already registered`);
  }
  allVersions.push(definition);
  const i = newest.findIndex((d) => d.id === definition.id);
  if (i < 0) newest.push(definition);
  else if (newest[i].version < definition.version) newest[i] = definition;
}
