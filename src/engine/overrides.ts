/**
 * Deadline overrides: an administrator moved one deadline of the current state (ADMIN_RESCHEDULE).
 *
 * An override replaces the machine's deadline of its kind for as long as the workflow stays in
 * the state it was made in and the machine still computes the same due time for that kind. When
 * the state is left, or the machine's own due time moves (延期, a progress report, 转办, a
 * calendar change), the machine's deadline is in force again and the override is dropped. So a
 * reschedule survives 催办, timers firing and other transitions that leave the deadline alone.
 */
import type { Deadline } from '../calendar/deadlines';

export interface DeadlineOverride {
  /** the state (dotted path) the override was made in */
  state: string;
  kind: string;
  /** ISO instants in force instead of the machine's */
  due: string;
  warnAt: string;
  /** the due time the machine computed when the override was made (ISO) */
  machineDue: string;
  reason: string;
  /** the administrator's id, and when (ISO) */
  by: string;
  at: string;
}

/** The deadlines with the overrides that still hold applied, and those overrides. */
export function applyOverrides(
  state: string,
  deadlines: Deadline[],
  overrides: readonly DeadlineOverride[],
): { deadlines: Deadline[]; overrides: DeadlineOverride[] } {
  if (overrides.length === 0) return { deadlines, overrides: [] };
  const kept: DeadlineOverride[] = [];
  const applied = deadlines.map((d) => {
    const o = overrides.find((x) => x.state === state && x.kind === d.kind && x.machineDue === d.due.toISOString());
    if (!o) return d;
    kept.push(o);
    return { ...d, due: new Date(o.due), warnAt: new Date(o.warnAt), provisional: false };
  });
  return { deadlines: applied, overrides: kept };
}
