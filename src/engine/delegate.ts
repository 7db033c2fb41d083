/**
 * 委派 and its withdrawal as pure functions from the locked record to a Change (the rules:
 * src/engine/delegation.ts). Neither is a machine event: like an administrator's repair
 * (src/engine/repair.ts) each is one transition with its history row, outbox row, timers and
 * version bump, the machine's snapshot unchanged but for the delegation beside it.
 *
 * Who may delegate: a caller the current state awaits by name (`person:<id>`) or through their
 * unit (`unit:<code>`). Not the office or an administrator as such: they have 转办 (REASSIGN)
 * and ADMIN_REASSIGN. Who may withdraw: the delegator, the delegate (handing it back), or anyone
 * awaited through the delegator's party (the unit's colleagues, for a unit's step).
 */
import { z } from 'zod';
import { text } from '../../machines/common.schemas';
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { badInput, ErrorCode, WorkflowError } from '../kernel/errors';
import { awaitedParty, DELEGATE, isDelegable, UNDELEGATE, type Delegation } from './delegation';
import type { Change, IdempotencyClaim, WorkflowRecord } from './ports';
import { changeOf, recordFor, restore, type StepContext } from './step';
import { assertReadable } from './visibility';

export const delegateInput = z.object({ to: text(100), note: text(2000) });
export const undelegateInput = z.object({ note: text(2000).nullish() });
export type DelegateRequest = z.infer<typeof delegateInput>;
export type UndelegateRequest = z.infer<typeof undelegateInput>;

/** What the directory says of the person named as delegate; `inUse` false when there is no directory. */
export interface DelegateLookup {
  inUse: boolean;
  person: { name: string; active: boolean; unit?: string } | null;
}

const notAccepted = (current: WorkflowRecord, message: string) =>
  new WorkflowError(ErrorCode.EVENT_NOT_ACCEPTED, message, { state: current.state, acceptedEvents: [] });

/**
 * Visibility first (NOT_FOUND), then the state (EVENT_NOT_ACCEPTED: not active, or its step
 * cannot be delegated), then the caller (FORBIDDEN unless the state awaits them). Returns the
 * party the caller is awaited as. Pure: checked before the directory is asked, and again under the lock.
 */
export function assertMayDelegate(definition: WorkflowDefinition, current: WorkflowRecord, actor: Actor): string {
  assertReadable(actor, current);
  if (current.status !== 'ACTIVE') throw notAccepted(current, `the workflow is ${current.status}, not ACTIVE`);
  if (!isDelegable(definition, current.state)) {
    throw notAccepted(current, `the step of state ${current.state} cannot be delegated (委派)`);
  }
  const party = awaitedParty(definition, current.state, current.snapshot.context, actor);
  if (!party) throw new WorkflowError(ErrorCode.FORBIDDEN, 'only whoever this step awaits may delegate it (委派)');
  return party;
}

/** The delegate as the directory knows them, or BAD_USER_INPUT on `to`. */
function delegateOf(actor: Actor, request: DelegateRequest, lookup: DelegateLookup) {
  const refuse = (message: string) => badInput('invalid delegate', [{ path: 'to', message }]);
  if (!lookup.inUse) throw refuse('no directory is in use: a delegate must be an active person of your unit in the directory (docs/directory.md)');
  if (request.to === actor.id) throw refuse('you cannot delegate to yourself');
  const person = lookup.person;
  if (!person) throw refuse(`no person ${request.to} in the directory`);
  if (!person.active) throw refuse(`${request.to} (${person.name}) is no longer in the directory`);
  if (person.unit !== actor.unit) throw refuse(`${request.to} (${person.name}) is not of your unit ${actor.unit}`);
  return { id: request.to, name: person.name, unit: actor.unit };
}

/** DELEGATE: the current step handed to a colleague of the caller's unit; replaces the caller's party's earlier one. */
export function computeDelegate(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  actor: Actor,
  request: DelegateRequest,
  lookup: DelegateLookup,
  ctx: StepContext,
  idempotency: IdempotencyClaim | null = null,
): Change {
  const party = assertMayDelegate(definition, current, actor);
  const standing = current.snapshot.delegation;
  if (standing && standing.party !== party) {
    throw notAccepted(current, `this step is already delegated for ${standing.party}; it is withdrawn first (undelegateStep)`);
  }
  const to = delegateOf(actor, request, lookup);
  if (standing?.to.id === to.id) throw badInput('invalid delegate', [{ path: 'to', message: `already delegated to ${to.id} (${to.name})` }]);
  const delegation: Delegation = {
    state: current.state,
    party,
    by: { id: actor.id, name: actor.name, unit: actor.unit, roles: [...actor.roles] },
    to,
    note: request.note,
    at: ctx.now.toISOString(),
  };
  const payload: Record<string, unknown> = { to: to.id, toName: to.name, note: request.note, from: actor.id, fromName: actor.name, party };
  if (standing) payload.replaces = { to: standing.to.id, toName: standing.to.name, by: standing.by.id };
  return changeWith(definition, current, delegation, actor, DELEGATE, payload, ctx, idempotency);
}

/** UNDELEGATE: the standing delegation withdrawn; the step is the delegator's party's alone again. */
export function computeUndelegate(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  actor: Actor,
  request: UndelegateRequest,
  ctx: StepContext,
  idempotency: IdempotencyClaim | null = null,
): Change {
  assertReadable(actor, current);
  const standing = current.snapshot.delegation;
  if (!standing) throw notAccepted(current, 'nothing is delegated in this state');
  const party = awaitedParty(definition, current.state, current.snapshot.context, actor);
  const may = actor.id === standing.by.id || (actor.id === standing.to.id && actor.unit === standing.to.unit) || party === standing.party;
  if (!may) throw new WorkflowError(ErrorCode.FORBIDDEN, 'only the delegator, the delegate or whoever the step awaits may withdraw a delegation');
  const payload: Record<string, unknown> = { to: standing.to.id, toName: standing.to.name, from: standing.by.id, fromName: standing.by.name };
  if (request.note) payload.note = request.note;
  return changeWith(definition, current, undefined, actor, UNDELEGATE, payload, ctx, idempotency);
}

function changeWith(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  delegation: Delegation | undefined,
  actor: Actor,
  eventType: string,
  payload: Record<string, unknown>,
  ctx: StepContext,
  idempotency: IdempotencyClaim | null,
): Change {
  const { delegation: _, ...snapshot } = current.snapshot;
  const base = { ...current, version: current.version + 1, snapshot: delegation ? { ...snapshot, delegation } : snapshot };
  const built = recordFor(definition, restore(definition, current), base, ctx);
  return changeOf(definition, current, built, { type: eventType, payload, actor }, ctx.now, idempotency);
}
