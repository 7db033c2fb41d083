/**
 * What is undecided, and who may see it (clause 29), from one place: the definition declares
 * its private states, their readers and what is a draft (machines/definition.ts `drafts`); the
 * record carries the result as `draft`, so SQL can apply the same rule (visibility.sql.ts).
 */
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { actorTokens, partyTokens, unique } from '../../machines/parties';
import type { DraftScope, WorkflowRecord } from './ports';

export const REDACTED = { redacted: '讨论中的意见，仅参与者可见' };

/**
 * The draft scope of a record now: the readers while in a private state; kept for good when
 * the workflow ends straight from a private state (undecided, it never became public).
 */
export function draftScope(
  definition: WorkflowDefinition,
  state: string,
  context: unknown,
  ended: boolean,
  before: DraftScope | null,
  createdBy: Actor,
): DraftScope | null {
  const drafts = definition.drafts;
  if (!drafts) return null;
  if (drafts.privateIn.includes(state)) {
    const wholeItem = drafts.wholeItem ?? false;
    // whoever started an undecided workflow sees it; an opinion within one is its readers' alone
    const creator = wholeItem ? [`person:${createdBy.id}`] : [];
    return { readers: unique([...creator, ...partyTokens(drafts.readers(context as never))]), wholeItem };
  }
  return ended ? before : null;
}

type Drafted = Pick<WorkflowRecord, 'draft'>;

/** May `actor` see what is undecided in the record? (Everyone may when nothing is.) */
export function seesDrafts(actor: Actor, record: Drafted): boolean {
  if (!record.draft) return true;
  const readers = record.draft.readers;
  return actorTokens(actor).some((token) => readers.includes(token));
}

/** The context as `actor` may see it now. */
export function visibleContext(definition: WorkflowDefinition, record: WorkflowRecord, actor: Actor): Record<string, unknown> {
  const context = record.snapshot.context;
  if (seesDrafts(actor, record)) return context;
  const shown = { ...context };
  for (const key of definition.drafts?.contextKeys ?? []) if (key in shown) shown[key] = REDACTED;
  return shown;
}

/** The stored snapshot as `actor` may see it: its context redacted as `visibleContext`. */
export function visibleSnapshot(definition: WorkflowDefinition, record: WorkflowRecord, actor: Actor): unknown {
  return { ...record.snapshot, context: visibleContext(definition, record, actor) };
}

/** A history payload as `actor` may see it, given the record as it is now. */
export function visiblePayload(
  definition: WorkflowDefinition,
  record: WorkflowRecord,
  eventType: string,
  payload: Record<string, unknown>,
  actor: Actor,
): Record<string, unknown> {
  return definition.drafts?.events?.includes(eventType) && !seesDrafts(actor, record) ? REDACTED : payload;
}

/** The stream and webhooks never carry a draft's text: integrators get the act, not the opinion. */
export function streamPayload(definition: WorkflowDefinition | undefined, eventType: string, payload: Record<string, unknown>) {
  return definition?.drafts?.events?.includes(eventType) ? REDACTED : payload;
}
