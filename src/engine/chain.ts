/**
 * Tamper-evident history (clause 3: no late, hidden, false or missing reports): each transition
 * row carries sha256(previous row's hash | canonical content). Editing, deleting or inserting a
 * row by hand breaks the chain from that row on.
 */
import { createHash } from 'node:crypto';
import type { TransitionRecord } from './ports';

/** JSON with object keys sorted at every level, so PostgreSQL's jsonb key order does not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function transitionHash(prevHash: string | null, t: TransitionRecord): string {
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
  });
  return createHash('sha256').update(`${prevHash ?? ''}|${content}`).digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** the first row whose hash does not match its content and predecessor */
  firstBroken: { seq: number; expected: string; found: string | null } | null;
}

/** Walks a workflow's history in order and reports the first broken link. */
export function verifyChain(rows: (TransitionRecord & { prevHash: string | null; hash: string | null })[]): ChainCheck {
  let prev: string | null = null;
  for (const [i, row] of rows.entries()) {
    const expected = transitionHash(prev, row);
    if (row.seq !== i + 1 || row.prevHash !== prev || row.hash !== expected) {
      return { ok: false, checked: i, firstBroken: { seq: row.seq, expected, found: row.hash } };
    }
    prev = row.hash;
  }
  return { ok: true, checked: rows.length, firstBroken: null };
}
