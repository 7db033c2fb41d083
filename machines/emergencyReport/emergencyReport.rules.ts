/**
 * 应急信息上报: the facts the machine's guards and the definition's checks share. Pure functions
 * of the context (and of an event's `at`); snapshots from before a key existed read sensibly.
 */
import { stepMinutes, type DepartmentOpinion, type EmergencyContext } from './emergencyReport.types';

/** The draft being prepared while consulting: the one after the last submitted. */
export const draftInPreparation = (c: Pick<EmergencyContext, 'drafts'>): number => c.drafts + 1;

/** The industry department's opinion on the draft being prepared, if it gave one. */
export const departmentOpinionOnDraft = (
  c: Pick<EmergencyContext, 'drafts' | 'departmentOpinions'>,
): DepartmentOpinion | undefined => (c.departmentOpinions ?? []).find((o) => o.draft === draftInPreparation(c));

/** The consultation step's limit has run out at `at` (its clock starts when the step is entered). */
export function consultationOverdue(c: EmergencyContext, at: string): boolean {
  const from = c.stepEnteredAt ?? c.occurredAt;
  return Date.parse(at) >= Date.parse(from) + stepMinutes(c) * 60_000;
}

/**
 * Once asked, the mayor stays asked (视情报市长同意 cannot be taken back by a later review). Older
 * snapshots have no `mayorRequired`: a return by the mayor, or a pending decision to ask, says so.
 */
export const mayorWasAsked = (c: EmergencyContext): boolean =>
  Boolean(c.mayorRequired) || c.returns.some((r) => r.step === 'mayor') || c.decision?.mayorApprovalRequired === true;

/** The mayor approved the current (latest submitted) draft. */
export const mayorApprovedCurrentDraft = (c: EmergencyContext): boolean =>
  c.mayorApproval !== null && (c.mayorApproval.draft ?? c.drafts) === c.drafts;

/** Reviewed, and approved by the mayor whenever the mayor was ever asked. */
export const clearedForUpwardReport = (c: EmergencyContext): boolean =>
  c.decision !== null && (!mayorWasAsked(c) || mayorApprovedCurrentDraft(c));
