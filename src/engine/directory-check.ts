/**
 * Inputs checked against the organisation's directory (组织机构与分管, clause 21): the fields a
 * definition declares (machines/definition.ts `DirectoryFields`) must name units and people the
 * directory knows and that are still there, and a person field left out is the leader in charge
 * of the unit in another field. Pure: the directory's answer comes in through the port.
 */
import type { DirectoryFields } from '../../machines/definition';
import { badInput, type InvalidField } from '../kernel/errors';

/** What one act asks of the directory. */
export interface DirectoryQuery {
  units: string[];
  people: string[];
  /** units whose leader in charge is wanted */
  inChargeOf: string[];
}

export interface DirectoryAnswer {
  /** false until a directory is loaded (or when it is switched off): nothing is checked */
  inUse: boolean;
  units: ReadonlyMap<string, { name: string; active: boolean }>;
  /** with the unit each belongs to, where the directory says */
  people: ReadonlyMap<string, { name: string; active: boolean; unit?: string }>;
  /** unit code → its leader in charge at the time asked (also among `people`) */
  leaders: ReadonlyMap<string, { id: string; name: string }>;
}

/** The port: answers a query as of an instant (a division of work takes effect on a date). */
export interface DirectoryLookup {
  lookup(query: DirectoryQuery, at: Date): Promise<DirectoryAnswer>;
}

type Fields = Record<string, unknown>;

const asObject = (value: unknown): Fields | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : null;
const trimmed = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** Unit codes of a field with their paths: a code, or a list of codes. */
function unitsOf(input: Fields, field: string): { path: string; code: string }[] {
  const value = input[field];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => {
      const code = trimmed(v);
      return code ? [{ path: `${field}.${i}`, code }] : [];
    });
  }
  const code = trimmed(value);
  return code ? [{ path: field, code }] : [];
}

const personIdOf = (input: Fields, field: string): string | null => trimmed(asObject(input[field])?.id);

const isMissing = (input: Fields, field: string) => input[field] === undefined || input[field] === null;

export function directoryQuery(fields: DirectoryFields, raw: unknown): DirectoryQuery {
  const input = asObject(raw);
  if (!input) return { units: [], people: [], inChargeOf: [] };
  const units = (fields.units ?? []).flatMap((f) => unitsOf(input, f).map((u) => u.code));
  const people = (fields.people ?? []).flatMap((f) => personIdOf(input, f) ?? []);
  const inChargeOf = Object.entries(fields.inChargeOf ?? {}).flatMap(([person, unit]) =>
    isMissing(input, person) ? (trimmed(input[unit]) ?? []) : [],
  );
  return { units: [...new Set(units)], people: [...new Set(people)], inChargeOf: [...new Set(inChargeOf)] };
}

/**
 * The input with its left-out leaders filled in and its people's names as the directory has
 * them; throws BAD_USER_INPUT naming every field that names no one the directory knows.
 */
export function withDirectory(fields: DirectoryFields, raw: unknown, answer: DirectoryAnswer): unknown {
  const input = asObject(raw);
  if (!answer.inUse || !input) return raw;
  const result: Fields = { ...input };
  const issues: InvalidField[] = [];
  for (const [person, unitField] of Object.entries(fields.inChargeOf ?? {})) {
    if (!isMissing(input, person)) continue;
    const unit = trimmed(input[unitField]);
    if (!unit) continue; // the unit field's own error says what is wrong
    const leader = answer.leaders.get(unit);
    if (leader) result[person] = { id: leader.id, name: leader.name };
    else issues.push({ path: person, message: `required: ${unit} has no leader in charge (分管领导) in the directory` });
  }
  for (const field of fields.units ?? []) {
    for (const { path, code } of unitsOf(input, field)) {
      const unit = answer.units.get(code);
      if (!unit) issues.push({ path, message: `no unit ${code} in the directory` });
      else if (!unit.active) issues.push({ path, message: `${code} (${unit.name}) has been dissolved` });
    }
  }
  for (const field of fields.people ?? []) {
    const id = personIdOf(result, field);
    if (!id) continue;
    const person = answer.people.get(id);
    if (!person) issues.push({ path: `${field}.id`, message: `no person ${id} in the directory` });
    else if (!person.active) issues.push({ path: `${field}.id`, message: `${id} (${person.name}) is no longer in the directory` });
    else result[field] = { ...(result[field] as Fields), id, name: person.name };
  }
  if (issues.length) throw badInput('invalid input', issues);
  return result;
}
