/**
 * Opaque keyset cursors: base64url of [createdAt, id], createdAt the exact instant as PostgreSQL
 * stores it (ISO 8601 in UTC, to the microsecond), read as text in SQL so that no JavaScript Date
 * rounds it to the millisecond. Cursors from before, to the millisecond, are still accepted.
 */
import { badInput } from '../kernel/errors';
import type { Cursor } from '../persistence/workflow-queries';
import { isUuid } from '../kernel/ids';

const INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})?Z$/;

/** A real instant in the cursor's form (no 30 February, no seventh digit). */
function isInstant(text: unknown): text is string {
  const match = typeof text === 'string' ? INSTANT.exec(text) : null;
  if (!match) return false;
  const toMillisecond = `${match[1]}Z`;
  const date = new Date(toMillisecond);
  return !Number.isNaN(date.getTime()) && date.toISOString() === toMillisecond;
}

export function encodeCursor(key: Cursor): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isInstant(createdAt) && typeof id === 'string' && isUuid(id)) return { createdAt, id };
  } catch {
    // fall through to the coded error
  }
  throw badInput('invalid cursor', [{ path: 'after', message: 'not a cursor this API returned' }]);
}

/** The largest seq PostgreSQL's integer column holds. */
const MAX_SEQ = 2_147_483_647;

/** A history cursor is the transition's seq, as text: what `Workflow.transitions` pages by. */
export const encodeSeqCursor = (seq: number): string => String(seq);

/** The seq a history cursor names (0 when none is given); BAD_USER_INPUT for anything else. */
export function decodeSeqCursor(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  const seq = /^[1-9]\d{0,9}$/.test(cursor) ? Number(cursor) : NaN;
  if (seq <= MAX_SEQ) return seq;
  throw badInput('invalid cursor', [{ path: 'after', message: 'not a cursor this API returned' }]);
}
