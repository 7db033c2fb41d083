/**
 * 组织机构与分管 (clause 21): units, people and the division of work among the leaders, kept by
 * administrators and the office, read by everyone signed in (the pickers), and asked by the
 * engine to check and complete start inputs (src/engine/directory-check.ts).
 *
 * Until a unit is loaded the directory is not in use: nothing is checked and every token is
 * taken as it is, so a deployment can run before its directory is ready. `mode: 'off'` keeps it
 * so for good.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { Actor } from '../../machines/definition';
import type { DirectoryAnswer, DirectoryLookup, DirectoryQuery } from '../engine/engine';
import { BoundedMap } from '../kernel/bounded-map';
import type { Clock } from '../kernel/clock';
import { badInput, ErrorCode, WorkflowError, type InvalidField } from '../kernel/errors';
import type { Queryable, Sql } from '../kernel/sql';
import { devDirectory } from './dev-seed';
import * as q from './directory.sql';
import {
  assignmentInput,
  directoryFile,
  personInput,
  unitInput,
  type AssignmentInput,
  type DirectoryFile,
  type PersonInput,
  type UnitInput,
  type UnitKind,
} from './directory.schemas';

export type DirectoryMode = 'auto' | 'off';

export interface DirectoryUnit {
  code: string;
  name: string;
  kind: UnitKind;
  active: boolean;
  dissolvedAt: Date | null;
  mergedInto: string | null;
}

export interface DirectoryPerson {
  id: string;
  name: string;
  unit: string;
  position: string;
  governmentMember: boolean;
  leadershipMember: boolean;
  active: boolean;
}

export interface Responsibility {
  unit: string;
  leaderId: string;
  validFrom: Date;
  validTo: Date | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
}

export interface LoadResult {
  units: number;
  people: number;
  assignments: number;
}

/** How long a node trusts what it read about a token's subject (another node's change shows after this). */
const ACTOR_CACHE_MS = 30_000;

const MAINTAINERS = ['ADMIN', 'OFFICE'] as const;
const SEED_LOADER: Actor = { id: 'system', name: '系统（开发目录）', roles: ['ADMIN'], unit: 'system' };

const toUnit = (r: Record<string, any>): DirectoryUnit => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  active: r.active,
  dissolvedAt: r.dissolved_at,
  mergedInto: r.merged_into,
});
const toPerson = (r: Record<string, any>): DirectoryPerson => ({
  id: r.id,
  name: r.name,
  unit: r.unit,
  position: r.position,
  governmentMember: r.government_member,
  leadershipMember: r.leadership_member,
  active: r.active,
});
const toResponsibility = (r: Record<string, any>): Responsibility => ({
  unit: r.unit,
  leaderId: r.leader_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

/** A date (YYYY-MM-DD) takes effect at 00:00 Asia/Shanghai; no date means now. */
export function effectiveInstant(date: string | null | undefined, now: Date): Date {
  if (date == null) return now;
  const utc = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(utc.getTime()) || utc.toISOString().slice(0, 10) !== date) {
    throw badInput('invalid date', [{ path: 'effectiveFrom', message: 'expected a real date as YYYY-MM-DD' }]);
  }
  return new Date(utc.getTime() - 8 * 3600_000);
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badInput(
    `invalid ${path}`,
    result.error.issues.map((i) => ({ path: [path, ...i.path].join('.'), message: i.message })),
  );
}

export class DirectoryService implements DirectoryLookup {
  private readonly actors = new BoundedMap<string, { known: boolean; until: number }>(10_000);

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    readonly mode: DirectoryMode = 'auto',
  ) {}

  // ---- the engine's port ----------------------------------------------------------------

  async lookup(query: DirectoryQuery, at: Date): Promise<DirectoryAnswer> {
    const empty = { inUse: false, units: new Map(), people: new Map(), leaders: new Map() };
    if (this.mode === 'off') return empty;
    const { rows } = await this.sql.query(q.LOOKUP, [query.units, query.people, query.inChargeOf, at]);
    const row = rows[0];
    if (!row.in_use) return empty;
    const people = new Map<string, { name: string; active: boolean; unit?: string }>();
    for (const p of row.people as { id: string; name: string; active: boolean; unit: string }[]) people.set(p.id, p);
    const leaders = new Map<string, { id: string; name: string }>();
    for (const l of row.leaders as { unit: string; id: string; name: string; active: boolean; personUnit: string }[]) {
      leaders.set(l.unit, { id: l.id, name: l.name });
      people.set(l.id, { name: l.name, active: l.active, unit: l.personUnit });
    }
    return {
      inUse: true,
      units: new Map((row.units as { code: string; name: string; active: boolean }[]).map((u) => [u.code, u])),
      people,
      leaders,
    };
  }

  /**
   * Whether a verified token's subject is one the directory knows: an active person of that
   * unit. Always true while the directory is not in use.
   */
  async knows(actor: Pick<Actor, 'id' | 'unit'>): Promise<boolean> {
    if (this.mode === 'off') return true;
    const key = `${actor.id}\u0000${actor.unit}`;
    const now = this.clock.now().getTime();
    const cached = this.actors.get(key);
    if (cached && cached.until > now) return cached.known;
    const { rows } = await this.sql.query(q.ACTOR_KNOWN, [actor.id, actor.unit]);
    const known = !rows[0].in_use || rows[0].known;
    this.actors.set(key, { known, until: now + ACTOR_CACHE_MS });
    return known;
  }

  // ---- pickers ----------------------------------------------------------------------------

  async units(filter: { kind?: UnitKind | null; active?: boolean | null; search?: string | null }, first: number, after: string | null): Promise<Page<DirectoryUnit>> {
    const { rows } = await this.sql.query(q.UNITS_PAGE, [filter.kind ?? null, filter.active ?? null, filter.search?.trim() || null, after, first + 1, this.clock.now()]);
    return { nodes: rows.slice(0, first).map(toUnit), hasNextPage: rows.length > first };
  }

  async unitsByCode(codes: readonly string[]): Promise<DirectoryUnit[]> {
    const { rows } = await this.sql.query(q.UNITS_BY_CODE, [codes, this.clock.now()]);
    return rows.map(toUnit);
  }

  async unitNames(code: string): Promise<{ name: string; validFrom: Date }[]> {
    const { rows } = await this.sql.query(q.UNIT_NAMES, [code]);
    return rows.map((r) => ({ name: r.name, validFrom: r.valid_from }));
  }

  /** Each unit's name at its instant, null for a code the directory does not know. */
  async namesAt(pairs: readonly { code: string; at: Date }[]): Promise<(string | null)[]> {
    if (pairs.length === 0) return [];
    const { rows } = await this.sql.query(q.NAMES_AT, [pairs.map((p) => p.code), pairs.map((p) => p.at)]);
    return rows.map((r) => r.name ?? null);
  }

  async people(filter: { unit?: string | null; membership?: 'GOVERNMENT' | 'LEADERSHIP' | null; active?: boolean | null }, first: number, after: string | null): Promise<Page<DirectoryPerson>> {
    const { rows } = await this.sql.query(q.PEOPLE_PAGE, [filter.unit ?? null, filter.membership ?? null, filter.active ?? null, after, first + 1]);
    return { nodes: rows.slice(0, first).map(toPerson), hasNextPage: rows.length > first };
  }

  async peopleById(ids: readonly string[]): Promise<DirectoryPerson[]> {
    const { rows } = await this.sql.query(q.PEOPLE_BY_ID, [ids]);
    return rows.map(toPerson);
  }

  /** The leader in charge (分管领导) of `unit` at `at` (default: now); null when none. */
  async leaderOf(unit: string, at?: Date | null): Promise<DirectoryPerson | null> {
    const { rows } = await this.sql.query(q.LEADER_AT, [unit, at ?? this.clock.now()]);
    return rows[0] ? toPerson(rows[0]) : null;
  }

  /** The division of work in force at `at` (default: now). */
  async divisionAt(at?: Date | null): Promise<Responsibility[]> {
    const { rows } = await this.sql.query(q.DIVISION_AT, [at ?? this.clock.now()]);
    return rows.map(toResponsibility);
  }

  async responsibilityHistory(unit: string): Promise<Responsibility[]> {
    const { rows } = await this.sql.query(q.RESPONSIBILITY_HISTORY, [unit]);
    return rows.map(toResponsibility);
  }

  async changes(first: number, after: string | null) {
    const afterId = after != null && /^\d{1,18}$/.test(after) ? after : null;
    if (after != null && afterId == null) throw badInput('invalid cursor', [{ path: 'after', message: 'not a cursor this API returned' }]);
    const { rows } = await this.sql.query(q.CHANGES_PAGE, [afterId, first + 1]);
    return {
      nodes: rows.slice(0, first).map((r) => ({ id: String(r.id), at: r.at as Date, actorId: r.actor_id as string, actorName: r.actor_name as string, action: r.action as string, detail: r.detail as unknown })),
      hasNextPage: rows.length > first,
    };
  }

  // ---- maintenance (ADMIN, OFFICE) ----------------------------------------------------------

  /** DIRECTORY_SEED: the development directory, into an empty one only; true when it loaded. */
  async loadSeedIfEmpty(): Promise<boolean> {
    const { rows } = await this.sql.query(q.IN_USE);
    if (rows[0].in_use) return false;
    await this.load(SEED_LOADER, devDirectory, '2026-01-01');
    return true;
  }

  /** A new unit, or a unit renamed (更名) or re-kinded from `effectiveFrom` on. */
  async saveUnit(actor: Actor, raw: unknown, effectiveFrom?: string | null): Promise<DirectoryUnit> {
    this.assertMaintainer(actor);
    const input = parsed(unitInput, raw, 'input');
    const at = effectiveInstant(effectiveFrom, this.clock.now());
    await this.write(actor, 'SAVE_UNIT', { ...input, effectiveFrom: at }, (tx) => this.putUnit(tx, input, at));
    return (await this.unitsByCode([input.code]))[0];
  }

  /** 撤并: the unit stays for old items, inactive; new items may no longer name it. */
  async dissolveUnit(actor: Actor, code: string, mergedInto: string | null, effectiveFrom?: string | null): Promise<DirectoryUnit> {
    this.assertMaintainer(actor);
    const at = effectiveInstant(effectiveFrom, this.clock.now());
    await this.write(actor, 'DISSOLVE_UNIT', { code, mergedInto, effectiveFrom: at }, async (tx) => {
      if (mergedInto != null) {
        const { rows } = await tx.query(q.UNITS_BY_CODE, [[mergedInto], at]);
        if (!rows[0]?.active || mergedInto === code) throw badInput('invalid input', [{ path: 'mergedInto', message: `no active unit ${mergedInto} in the directory` }]);
      }
      const { rowCount } = await tx.query(q.DISSOLVE_UNIT, [code, mergedInto, at]);
      if (!rowCount) throw badInput('invalid input', [{ path: 'code', message: `no active unit ${code} in the directory` }]);
      await tx.query(q.END_RESPONSIBILITY, [code, at]);
    });
    return (await this.unitsByCode([code]))[0];
  }

  async savePerson(actor: Actor, raw: unknown): Promise<DirectoryPerson> {
    this.assertMaintainer(actor);
    const input = parsed(personInput, raw, 'input');
    await this.write(actor, 'SAVE_PERSON', input, (tx) => this.putPerson(tx, input, this.clock.now(), 'input'));
    return (await this.peopleById([input.id]))[0];
  }

  /** A person who left: old items keep their name; tokens for them are refused. */
  async removePerson(actor: Actor, id: string): Promise<DirectoryPerson> {
    this.assertMaintainer(actor);
    await this.write(actor, 'REMOVE_PERSON', { id }, async (tx) => {
      const { rowCount } = await tx.query(q.DEACTIVATE_PERSON, [id, this.clock.now()]);
      if (!rowCount) throw badInput('invalid input', [{ path: 'id', message: `no active person ${id} in the directory` }]);
    });
    return (await this.peopleById([id]))[0];
  }

  /**
   * 分工调整: from `effectiveFrom`, each named unit is in the charge of its new leader. Items
   * started before keep the leader they were given; units not named keep theirs.
   */
  async changeDivisionOfWork(actor: Actor, raw: unknown, effectiveFrom?: string | null): Promise<Responsibility[]> {
    this.assertMaintainer(actor);
    const assignments = parsed(z.array(assignmentInput).min(1).max(500), raw, 'assignments');
    const at = effectiveInstant(effectiveFrom, this.clock.now());
    await this.write(actor, 'CHANGE_DIVISION_OF_WORK', { assignments, effectiveFrom: at }, (tx) => this.assign(tx, assignments, at, 'assignments'));
    return this.divisionAt(at);
  }

  /** The first set-up, or a refresh, in one transaction: all of the file or none of it. */
  async load(actor: Actor, file: DirectoryFile, effectiveFrom?: string | null): Promise<LoadResult> {
    this.assertMaintainer(actor);
    const at = effectiveInstant(effectiveFrom, this.clock.now());
    const counts = { units: file.units.length, people: file.people.length, assignments: file.divisionOfWork.length };
    await this.write(actor, 'LOAD', { ...counts, effectiveFrom: at }, async (tx) => {
      for (const unit of file.units) await this.putUnit(tx, unit, at);
      for (const [i, person] of file.people.entries()) await this.putPerson(tx, person, at, `people.${i}`);
      if (file.divisionOfWork.length) await this.assign(tx, file.divisionOfWork, at, 'divisionOfWork');
    });
    return counts;
  }

  assertMaintainer(actor: Actor): void {
    if (!actor.roles.some((r) => (MAINTAINERS as readonly string[]).includes(r))) {
      throw new WorkflowError(ErrorCode.FORBIDDEN, 'only administrators and the office maintain the directory');
    }
  }

  private async write(actor: Actor, action: string, detail: unknown, work: (tx: Queryable) => Promise<void>): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(q.LOCK);
      await work(tx);
      await tx.query(q.LOG_CHANGE, [this.clock.now(), actor.id, actor.name, action, JSON.stringify(detail)]);
    });
    this.actors.clear();
  }

  private async putUnit(tx: Queryable, unit: UnitInput, at: Date): Promise<void> {
    await tx.query(q.UPSERT_UNIT, [unit.code, unit.kind, at]);
    await tx.query(q.NAME_UNIT, [unit.code, unit.name, at]);
  }

  private async putPerson(tx: Queryable, person: PersonInput, at: Date, path: string): Promise<void> {
    const { rows } = await tx.query(q.UNITS_BY_CODE, [[person.unit], at]);
    if (!rows[0]?.active) throw badInput('invalid input', [{ path: `${path}.unit`, message: `no active unit ${person.unit} in the directory` }]);
    await tx.query(q.UPSERT_PERSON, [person.id, person.name, person.unit, person.position, person.governmentMember, person.leadershipMember, at]);
  }

  private async assign(tx: Queryable, assignments: AssignmentInput[], at: Date, path: string): Promise<void> {
    const issues: InvalidField[] = [];
    const seen = new Set<string>();
    const leaders = new Map((await tx.query(q.PEOPLE_BY_ID, [assignments.map((a) => a.leaderId)])).rows.map((r) => [r.id, r]));
    const units = new Map((await tx.query(q.UNITS_BY_CODE, [assignments.flatMap((a) => a.units), at])).rows.map((r) => [r.code, r]));
    for (const [i, a] of assignments.entries()) {
      if (!leaders.get(a.leaderId)?.active) issues.push({ path: `${path}.${i}.leaderId`, message: `no active person ${a.leaderId} in the directory` });
      for (const [j, unit] of a.units.entries()) {
        if (!units.get(unit)?.active) issues.push({ path: `${path}.${i}.units.${j}`, message: `no active unit ${unit} in the directory` });
        else if (seen.has(unit)) issues.push({ path: `${path}.${i}.units.${j}`, message: `${unit} is assigned twice` });
        seen.add(unit);
      }
    }
    if (issues.length) throw badInput('invalid input', issues);
    for (const a of assignments) {
      for (const unit of a.units) {
        const { rows } = await tx.query(q.LATEST_RESPONSIBILITY, [unit]);
        const latest: Date | undefined = rows[0]?.valid_from;
        if (latest && latest.getTime() >= at.getTime()) {
          throw badInput('invalid input', [{ path: 'effectiveFrom', message: `${unit} already has a division of work from ${latest.toISOString()}; a change takes effect after it` }]);
        }
        await tx.query(q.CLOSE_RESPONSIBILITY, [unit, at]);
        await tx.query(q.OPEN_RESPONSIBILITY, [unit, a.leaderId, at]);
      }
    }
  }
}

/**
 * A set-up file as JSON (`{ units, people, divisionOfWork }`) or as one CSV table with a header
 * `type,code,name,kind,unit,position,governmentMember,leadershipMember,inChargeOf`: `unit` rows
 * (code, name, kind) and `person` rows (code is the person's id; inChargeOf lists unit codes
 * separated by `;`).
 */
export function parseDirectoryFile(format: 'JSON' | 'CSV', content: string): DirectoryFile {
  if (format === 'JSON') {
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      throw badInput('the file is not JSON', [{ path: 'content', message: (error as Error).message }]);
    }
    return parsed(directoryFile, value, 'file');
  }
  let records: Record<string, string>[];
  try {
    records = parseCsv(content, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw badInput('the file is not CSV', [{ path: 'content', message: (error as Error).message }]);
  }
  const flag = (v: string | undefined) => ['true', '1', 'yes', '是', 'y'].includes((v ?? '').toLowerCase());
  const file = { units: [] as unknown[], people: [] as unknown[], divisionOfWork: [] as unknown[] };
  const issues: InvalidField[] = [];
  for (const [i, r] of records.entries()) {
    if (r.type === 'unit') file.units.push({ code: r.code, name: r.name, kind: r.kind });
    else if (r.type === 'person') {
      file.people.push({ id: r.code, name: r.name, unit: r.unit, position: r.position ?? '', governmentMember: flag(r.governmentMember), leadershipMember: flag(r.leadershipMember) });
      const units = (r.inChargeOf ?? '').split(';').map((u) => u.trim()).filter(Boolean);
      if (units.length) file.divisionOfWork.push({ leaderId: r.code, units });
    } else issues.push({ path: `content.${i + 2}`, message: `type must be unit or person, not ${JSON.stringify(r.type ?? '')}` });
  }
  if (issues.length) throw badInput('invalid file', issues);
  return parsed(directoryFile, file, 'file');
}
