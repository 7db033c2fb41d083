/** Opaque keyset cursors: base64url of [createdAt, id]. */
import { badInput } from '../engine/errors';
import type { WorkflowRecord } from '../engine/ports';
import type { Cursor } from '../persistence/workflow-queries';
import { isUuid } from '../engine/ids';

export function encodeCursor(record: Pick<WorkflowRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([record.createdAt.toISOString(), record.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const date = new Date(createdAt);
    if (typeof createdAt === 'string' && !Number.isNaN(date.getTime()) && typeof id === 'string' && isUuid(id)) {
      return { createdAt: date, id };
    }
  } catch {
    // fall through to the coded error
  }
  throw badInput('invalid cursor', [{ path: 'after', message: 'not a cursor this API returned' }]);
}
