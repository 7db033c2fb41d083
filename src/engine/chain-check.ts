/** Verifying a workflow's history chain against itself and against the stored workflow. */
import { snapshotDigest, transitionHash } from './chain';
import type { TransitionRecord, WorkflowRecord } from './ports';

export type ChainProblem =
  | 'ROW_MISSING'
  | 'ROW_ALTERED'
  | 'ROW_UNLINKED'
  | 'HISTORY_SHORTER'
  | 'HISTORY_LONGER'
  | 'LAST_HASH_MISMATCH'
  | 'SNAPSHOT_MISMATCH';

export interface BrokenLink {
  seq: number;
  /** the hash the row should have; for a missing row, the hash its successor names */
  expected: string;
  found: string | null;
}

export interface ChainCheck {
  ok: boolean;
  /** rows whose links were verified before the first problem (all, when the rows themselves hold) */
  checked: number;
  /** the first row that is missing, or does not match its content and predecessor */
  firstBroken: BrokenLink | null;
  problem: ChainProblem | null;
  detail: string | null;
  /** the stored workflow was compared with the digest its last row records (not for rows older than digests) */
  snapshotChecked: boolean;
}

export type ChainRow = TransitionRecord & { prevHash: string | null; hash: string | null; snapshotDigest: string | null };

const broken = (checked: number, problem: ChainProblem, detail: string, firstBroken: BrokenLink | null = null): ChainCheck => ({
  ok: false,
  checked,
  firstBroken,
  problem,
  detail,
  snapshotChecked: false,
});

/** The first problem of one row, given the hash its predecessor has and whether earlier rows bind the snapshot. */
function rowProblem(row: ChainRow, i: number, prev: string | null, bound: boolean): ChainCheck | null {
  if (row.seq !== i + 1) {
    const link = { seq: i + 1, expected: row.prevHash ?? '', found: null };
    return broken(i, 'ROW_MISSING', `row ${i + 1} is missing: the next row is ${row.seq}`, link);
  }
  const expected = transitionHash(prev, row, row.snapshotDigest);
  const link = { seq: row.seq, expected, found: row.hash };
  if (bound && row.snapshotDigest === null) {
    return broken(i, 'ROW_ALTERED', `row ${row.seq} records no snapshot digest, though earlier rows do`, link);
  }
  if (row.prevHash !== prev && row.hash === transitionHash(row.prevHash, row, row.snapshotDigest)) {
    return broken(i, 'ROW_UNLINKED', `row ${row.seq} is intact but does not follow row ${i}`, link);
  }
  if (row.hash !== expected || row.prevHash !== prev) {
    return broken(i, 'ROW_ALTERED', `row ${row.seq} does not match its hash`, link);
  }
  return null;
}

/**
 * Walks a workflow's history in seq order and reports the first broken link; then checks that
 * the workflow row agrees with the chain's end: its version is the last seq, its last hash the
 * last row's, and (when the last row records one) its digest the last row's snapshot digest.
 */
export function verifyChain(rows: ChainRow[], workflow: WorkflowRecord): ChainCheck {
  let prev: string | null = null;
  let bound = false;
  for (const [i, row] of rows.entries()) {
    const problem = rowProblem(row, i, prev, bound);
    if (problem) return problem;
    prev = row.hash;
    bound ||= row.snapshotDigest !== null;
  }
  const n = rows.length;
  if (n < workflow.version) {
    return broken(n, 'HISTORY_SHORTER', `history ends at seq ${n} but the workflow is at version ${workflow.version}`);
  }
  if (n > workflow.version) {
    return broken(n, 'HISTORY_LONGER', `history goes on to seq ${n} but the workflow is at version ${workflow.version}`);
  }
  if (workflow.lastHash !== prev) {
    return broken(n, 'LAST_HASH_MISMATCH', `the workflow's last hash is not the hash of history row ${n}`);
  }
  const recorded = rows.at(-1)?.snapshotDigest ?? null;
  if (recorded !== null && recorded !== snapshotDigest(workflow)) {
    return broken(n, 'SNAPSHOT_MISMATCH', `the stored workflow does not match the snapshot history row ${n} records`);
  }
  return { ok: true, checked: n, firstBroken: null, problem: null, detail: null, snapshotChecked: recorded !== null };
}
