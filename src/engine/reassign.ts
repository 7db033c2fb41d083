/**
 * ADMIN_REASSIGN (src/engine/repair.ts): a unit or a person replaced wherever the workflow's
 * context names them — generically, for every machine: every string value equal to the old code
 * or id (object keys are left alone), and the `name` beside a replaced person id.
 */
import { z } from 'zod';
import { unitCode } from '../../machines/common.schemas';
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { badInput } from '../kernel/errors';
import type { WorkflowRecord } from './ports';
import { ADMIN_REASSIGN, adminChange, notActive, warningMessages, type Repair, type RepairWarning } from './repair';
import { restore, type StepContext } from './step';

export const reassignSchema = z
  .object({
    fromUnit: unitCode.nullish(),
    toUnit: unitCode.nullish(),
    fromPerson: unitCode.nullish(),
    toPerson: unitCode.nullish(),
    toPersonName: unitCode.nullish(),
  })
  .refine((r) => !!r.fromUnit === !!r.toUnit, { path: ['toUnit'], message: 'fromUnit and toUnit go together' })
  .refine((r) => !!r.fromPerson === !!r.toPerson, { path: ['toPerson'], message: 'fromPerson and toPerson go together' })
  .refine((r) => r.fromUnit || r.fromPerson, { path: ['fromUnit'], message: 'name a unit or a person to replace' })
  .refine((r) => !r.fromUnit || r.fromUnit !== r.toUnit, { path: ['toUnit'], message: 'must differ from fromUnit' })
  .refine((r) => !r.fromPerson || r.fromPerson !== r.toPerson, { path: ['toPerson'], message: 'must differ from fromPerson' })
  .refine((r) => !r.toPersonName || r.fromPerson, { path: ['toPersonName'], message: 'only with fromPerson' });
export type ReassignRequest = z.infer<typeof reassignSchema>;

/**
 * Replaces every string value equal to a key of `swap` (keys of objects are left alone), and the
 * `name` beside a replaced person `id`. Returns the new value and the paths changed.
 */
function rewrite(value: unknown, path: string, swap: Map<string, string>, person: { from?: string | null; name?: string | null }, changed: string[]): unknown {
  if (typeof value === 'string') {
    const to = swap.get(value);
    if (to === undefined) return value;
    changed.push(path);
    return to;
  }
  if (Array.isArray(value)) return value.map((v, i) => rewrite(v, `${path}.${i}`, swap, person, changed));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, path ? `${path}.${k}` : k, swap, person, changed);
  const o = value as Record<string, unknown>;
  if (person.name && person.from && o.id === person.from && typeof o.name === 'string') {
    out.name = person.name;
    changed.push(path ? `${path}.name` : 'name');
  }
  return out;
}

/**
 * ADMIN_REASSIGN: rewrites a unit or a person wherever it appears in the context (lead unit,
 * co-units, signers, the leader in charge …). The history rows keep who really acted.
 */
export function computeAdminReassign(
  definition: WorkflowDefinition,
  current: WorkflowRecord,
  actor: Actor,
  request: ReassignRequest & { reason: string },
  ctx: StepContext,
): Repair {
  if (current.status !== 'ACTIVE') throw notActive(current);
  const swap = new Map<string, string>();
  if (request.fromUnit && request.toUnit) swap.set(request.fromUnit, request.toUnit);
  if (request.fromPerson && request.toPerson) swap.set(request.fromPerson, request.toPerson);
  const changed: string[] = [];
  const context = rewrite(current.snapshot.context, '', swap, { from: request.fromPerson, name: request.toPersonName }, changed);
  if (changed.length === 0) {
    throw badInput('nothing to reassign', [
      { path: request.fromUnit ? 'fromUnit' : 'fromPerson', message: 'does not occur in the workflow' },
    ]);
  }
  const next = restore(definition, { ...current, snapshot: { ...current.snapshot, context: context as Record<string, unknown> } });
  const payload: Record<string, unknown> = { reason: request.reason, changed };
  for (const key of ['fromUnit', 'toUnit', 'fromPerson', 'toPerson', 'toPersonName'] as const) {
    if (request[key]) payload[key] = request[key];
  }
  const change = adminChange(definition, current, next, actor, ADMIN_REASSIGN, payload, ctx);
  const warnings: RepairWarning[] = duplicatedLists(context).map((path) => ({
    code: 'DUPLICATE_PARTY',
    message: `${path} now lists a unit or person twice`,
    path,
  }));
  if (warnings.length) payload.warnings = warningMessages(warnings);
  return { change, warnings };
}

function duplicatedLists(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) {
    const strings = value.filter((v) => typeof v === 'string');
    const own = new Set(strings).size < strings.length ? [path] : [];
    return [...own, ...value.flatMap((v, i) => duplicatedLists(v, `${path}.${i}`))];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => duplicatedLists(v, path ? `${path}.${k}` : k));
  }
  return [];
}
