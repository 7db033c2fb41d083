/**
 * Tamper-evident history (clause 3: no late, hidden, false or missing reports): each transition
 * row carries sha256(previous row's hash | canonical content). Editing, deleting, inserting or
 * reordering rows by hand breaks the chain from that row on. Each row also records a digest of
 * the workflow as that transition left it, covered by its hash; the workflow row keeps the last
 * row's hash and its version, so a history cut short, a forged row appended at the end, or a
 * workflow edited behind the engine's back shows too (verifyChain). Without a secret, someone who
 * recomputes every hash consistently is not caught: the chain proves consistency, not authorship.
 */
import { createHash } from 'node:crypto';
import type { TransitionRecord, WorkflowRecord } from './ports';

/**
 * JSON with object keys sorted at every level, so PostgreSQL's jsonb key order does not matter.
 * It is what JSON.stringify then a jsonb round trip would give: dates as ISO text, undefined
 * members left out, undefined or missing array items as null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value); // ISO text; null for an invalid date
  // built by concatenation, keys sorted once: it runs over the whole record on every write
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]); // holes too, unlike map
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // the default sort orders by UTF-16 code units, as `<` on strings does
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What the history vouches for in the stored workflow: every column the engine writes but the
 * chain's own last hash. canonicalJson gives the record written the text of the row read back,
 * so the two digests are equal (tests/persistence/chain-digest.test.ts); computed on every write.
 */
export function snapshotDigest(r: WorkflowRecord): string {
  const bound = {
    id: r.id,
    machineId: r.machineId,
    machineVersion: r.machineVersion,
    version: r.version,
    state: r.state,
    stateValue: r.stateValue,
    snapshot: r.snapshot,
    status: r.status,
    title: r.title,
    units: r.units,
    people: r.people,
    deadlines: r.deadlines,
    deadline: r.deadline,
    warnAt: r.warnAt,
    deadlineProvisional: r.deadlineProvisional,
    alertLevel: r.alertLevel,
    awaiting: r.awaiting,
    escalations: r.escalations,
    escalatedTo: r.escalatedTo,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    confidential: r.confidential,
    draft: r.draft,
    clockStartedAt: r.clockStartedAt,
    answeredAt: r.answeredAt,
    answerDue: r.answerDue,
  };
  return sha256(canonicalJson(bound));
}

/** Rows written before snapshot digests existed have none; their hash covers the row alone. */
export function transitionHash(prevHash: string | null, t: TransitionRecord, digest: string | null = null): string {
  const content = canonicalJson({
    workflowId: t.workflowId,
    seq: t.seq,
    eventType: t.eventType,
    payload: t.payload,
    actor: { id: t.actor.id, name: t.actor.name, roles: t.actor.roles, unit: t.actor.unit },
    stateBefore: t.stateBefore,
    stateAfter: t.stateAfter,
    alertLevel: t.alertLevel,
    at: t.at,
    snapshotDigest: digest ?? undefined,
  });
  return sha256(`${prevHash ?? ''}|${content}`);
}
